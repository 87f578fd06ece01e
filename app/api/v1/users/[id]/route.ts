export { updateUserRoute as PATCH } from '@/lib/api/v1/users';
