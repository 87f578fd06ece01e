export { smtpTestRoute as POST } from '@/lib/api/v1/smtp';
