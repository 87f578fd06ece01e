export { dailyStatsRoute as GET } from '@/lib/api/v1/overview';
