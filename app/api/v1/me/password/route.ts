export { changeOwnPasswordRoute as POST } from '@/lib/api/v1/users';
