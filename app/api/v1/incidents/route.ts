export { listIncidentsRoute as GET } from '@/lib/api/v1/incidents';
