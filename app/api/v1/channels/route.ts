export { createChannelRoute as POST, listChannelsRoute as GET } from '@/lib/api/v1/channels';
