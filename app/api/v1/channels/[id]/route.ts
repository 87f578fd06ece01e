export { deleteChannelRoute as DELETE, getChannelRoute as GET, updateChannelRoute as PATCH } from '@/lib/api/v1/channels';
