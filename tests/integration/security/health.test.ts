import { beforeAll, describe, expect, it } from 'vitest';
import { workers } from '../../../db/schema';
import { createApiKey } from '../../../lib/auth/api-keys';
import { makeCallers } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { withWebServer } from '../../helpers/web-server';

// Point 12 of issue 10: without credentials, /api/health answers the status and nothing else.

const database = withTestDatabase();
const server = withWebServer(database);

beforeAll(async () => {
  // A live worker, so there is a host name and a pid that must not leak.
  await database.db.insert(workers).values({ id: 'w-health', hostname: 'inside-host.example', pid: 4242, version: '9.9.9' });
});

async function health(headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}/api/health`, { headers });
  return { status: res.status, text: await res.text() };
}

describe('/api/health', () => {
  it('answers only the status without credentials, or with credentials that do not count', async () => {
    for (const headers of <Record<string, string>[]>[{}, { authorization: 'Bearer sdk_made_up_key_that_does_not_exist' }, { cookie: 'next-auth.session-token=forged' }]) {
      const res = await health(headers);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ status: 'ok' });
      for (const secret of ['inside-host', '4242', 'w-health', 'PostgreSQL', 'serverVersion']) expect(res.text).not.toContain(secret);
    }
  });

  it('answers workers, hosts and the database to an API key or a signed-in user of any role', async () => {
    const { key } = await createApiKey(database.db, { name: 'health viewer', role: 'viewer' });
    const session = (await makeCallers(database)).find((c) => c.label === 'viewer session')!;
    for (const headers of [{ authorization: `Bearer ${key}` }, session.headers]) {
      const body = JSON.parse((await health(headers)).text);
      expect(body).toMatchObject({ status: 'ok', database: { up: true, serverVersion: expect.any(String) }, workers: { live: 1, list: [{ id: 'w-health', hostname: 'inside-host.example', pid: 4242 }] } });
    }
  });
});
