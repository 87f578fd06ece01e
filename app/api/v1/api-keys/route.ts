export { createApiKeyRoute as POST, listApiKeysRoute as GET } from '@/lib/api/v1/api-keys';
