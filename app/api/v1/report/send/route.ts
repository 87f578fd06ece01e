export { reportSendRoute as POST } from '@/lib/api/v1/report';
