export { heartbeatRoute as POST } from '@/lib/api/v1/run-reports';
