export { deleteSecretRoute as DELETE, replaceSecretRoute as PUT } from '@/lib/api/v1/secrets';
