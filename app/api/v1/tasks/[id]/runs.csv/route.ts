export { exportTaskRunsRoute as GET } from '@/lib/api/v1/run-export';
