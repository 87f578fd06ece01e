export { getSettingsRoute as GET, updateSettingsRoute as PATCH } from '@/lib/api/v1/admin';
