export { getOwnNotificationsRoute as GET, putOwnNotificationsRoute as PUT } from '@/lib/api/v1/users';
