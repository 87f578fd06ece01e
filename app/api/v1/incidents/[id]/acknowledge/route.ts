export { acknowledgeIncidentRoute as POST } from '@/lib/api/v1/incidents';
