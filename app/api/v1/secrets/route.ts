export { createSecretRoute as POST, listSecretsRoute as GET } from '@/lib/api/v1/secrets';
