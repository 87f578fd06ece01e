export { getEmailSettingsRoute as GET, updateEmailSettingsRoute as PUT } from '@/lib/api/v1/smtp';
