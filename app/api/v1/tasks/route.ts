export { createTaskRoute as POST, listTasksRoute as GET } from '@/lib/api/v1/tasks';
