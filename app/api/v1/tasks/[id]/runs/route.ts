export { taskRunsRoute as GET } from '@/lib/api/v1/runs';
