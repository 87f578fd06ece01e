export { listUsersRoute as GET, createUserRoute as POST } from '@/lib/api/v1/users';
