import { getDb, getPool } from '@/lib/db';
import { getHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

/** Public on purpose: load balancers and uptime checks call it without credentials. */
export async function GET(): Promise<Response> {
  const health = await getHealth(getPool(), getDb());
  return Response.json(health, {
    status: health.database.up ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
