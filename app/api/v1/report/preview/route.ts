export { reportPreviewRoute as GET } from '@/lib/api/v1/report';
