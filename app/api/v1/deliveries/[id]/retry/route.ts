export { retryDeliveryRoute as POST } from '@/lib/api/v1/deliveries';
