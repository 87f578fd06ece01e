export { disableTaskRoute as POST } from '@/lib/api/v1/tasks';
