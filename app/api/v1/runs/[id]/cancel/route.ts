export { cancelRunRoute as POST } from '@/lib/api/v1/runs';
