export { previewRoute as POST } from '@/lib/api/v1/catalog';
