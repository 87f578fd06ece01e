export { listDeliveriesRoute as GET } from '@/lib/api/v1/deliveries';
