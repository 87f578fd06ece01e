export { getTaskRoute as GET, patchTaskRoute as PATCH, putTaskRoute as PUT, deleteTaskRoute as DELETE } from '@/lib/api/v1/tasks';
