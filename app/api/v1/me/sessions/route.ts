export { endOwnSessionsRoute as DELETE } from '@/lib/api/v1/users';
