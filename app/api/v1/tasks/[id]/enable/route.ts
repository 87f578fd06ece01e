export { enableTaskRoute as POST } from '@/lib/api/v1/tasks';
