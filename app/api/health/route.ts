import { getDb, getPool } from '@/lib/db';
import { authenticate } from '@/lib/auth/principal';
import { getHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

/**
 * Load balancers and uptime checks call it without credentials and get the status alone;
 * workers, hosts, pids and the Postgres version are for a signed-in user or an API key.
 */
export async function GET(req: Request): Promise<Response> {
  const health = await getHealth(getPool(), getDb());
  const caller = health.database.up ? await authenticate(req.headers, getDb()).catch(() => null) : null;
  return Response.json(caller ? health : { status: health.status }, {
    status: health.database.up ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
