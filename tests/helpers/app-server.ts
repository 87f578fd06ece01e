import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AppCall = { method: string; path: string; headers: Record<string, string>; body: string };

/**
 * A stand-in for a team's app: records every call with its raw body (to verify signatures
 * against) and answers with what `answer` says for its path.
 */
export async function appServer(answer: (call: AppCall) => { status: number; body?: unknown } = () => ({ status: 200, body: { ok: true } })) {
  const calls: AppCall[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = { method: req.method ?? '', path: new URL(req.url ?? '/', 'http://x').pathname, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() };
      calls.push(call);
      const { status, body } = answer(call);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
