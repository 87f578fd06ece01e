export { remoteClaimRoute as POST } from '@/lib/api/v1/remote-claim';
