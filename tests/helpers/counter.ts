import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Hit = { run: number; status: number };

/**
 * A local HTTP server that counts the requests of the `call` fixture handler per run id:
 * the way to catch a side effect that happened twice. `fail(run)` picks which runs get a 500.
 */
export async function countingServer(fail: (run: number) => boolean = () => false): Promise<{ url: string; hits: Hit[]; perRun: () => Map<number, number>; close: () => Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    const run = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('run'));
    const status = fail(run) ? 500 : 200;
    hits.push({ run, status });
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hit`,
    hits,
    perRun: () => {
      const m = new Map<number, number>();
      for (const h of hits) m.set(h.run, (m.get(h.run) ?? 0) + 1);
      return m;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
