export { revokeApiKeyRoute as DELETE } from '@/lib/api/v1/api-keys';
