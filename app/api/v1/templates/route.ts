export { listTemplatesRoute as GET } from '@/lib/api/v1/templates';
