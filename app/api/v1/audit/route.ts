export { auditRoute as GET } from '@/lib/api/v1/admin';
