export { runLogsRoute as GET } from '@/lib/api/v1/runs';
export { runLogsAppendRoute as POST } from '@/lib/api/v1/run-reports';
