export { getSchedulerRoute as GET, putSchedulerRoute as PUT } from '@/lib/api/v1/overview';
