export { testChannelRoute as POST } from '@/lib/api/v1/channels';
