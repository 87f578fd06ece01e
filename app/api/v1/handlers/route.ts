export { handlersRoute as GET } from '@/lib/api/v1/catalog';
