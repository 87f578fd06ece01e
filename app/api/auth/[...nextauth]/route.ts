export { authGet as GET, authPost as POST } from '@/lib/auth/next-auth-route';
