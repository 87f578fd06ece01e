export { runProgressRoute as POST } from '@/lib/api/v1/run-reports';
