import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { getDb, getPool } from '../lib/db';
import { stampClientIp, trustedProxies } from '../lib/auth/client-ip';
import { stampRequestOrigin } from '../lib/auth/request-origin';
import { ensureFirstAdmin } from '../lib/auth/first-admin';
import { ensureBuiltinTasks } from '../lib/builtin/ensure';
import { limitsFromEnv } from '../lib/tasks/service';
import { env } from '../lib/env';
import { StartupError, exitWithStartupError } from '../lib/errors';
import { hasBuild } from '../lib/launcher/build';
import { rootDir } from '../lib/launcher/children';
import { ensureAuthSecret, ensureSecretKey } from '../lib/launcher/secrets';
import { createLogger, guardConsole } from '../lib/log';
import { NotifyWatch } from '../lib/notify/watch';
import { onShutdown } from '../lib/process';
import { prepareDatabase } from '../lib/startup';

// The web process: the Next.js app behind a plain Node HTTP server, so that the
// environment and the schema are checked before the first request is served.

const dev = process.argv.includes('--dev');

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new StartupError(`PORT ${port} is already in use: set PORT to a free port`) : err),
    );
    server.listen(port, host, () => resolve());
  });
}

async function main(): Promise<void> {
  guardConsole();
  await prepareDatabase();
  const e = env();
  if (!e.AUTH_SECRET) process.env.AUTH_SECRET = ensureAuthSecret(path.resolve(e.SUNDIAL_DATA_DIR));
  if (!e.SUNDIAL_SECRET_KEY) process.env.SUNDIAL_SECRET_KEY = ensureSecretKey(path.resolve(e.SUNDIAL_DATA_DIR));
  // next-auth builds its callback URLs from this; behind a proxy, set it to the public URL.
  process.env.NEXTAUTH_URL ??= `http://localhost:${e.PORT}`;
  // Run alone (`npm run start:web`) on an empty database, the web process creates the first
  // admin; under the launcher the launcher already did and this is a no-op.
  const admin = await ensureFirstAdmin(getDb(), { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD });
  if (e.SUNDIAL_BUILTIN_TASKS) {
    const builtin = await ensureBuiltinTasks(getDb(), limitsFromEnv());
    for (const name of builtin.created) process.stdout.write(`sundial web: created the built-in task "${name}"\n`);
  }
  if (admin.created) {
    process.stdout.write(`sundial web: first admin created: ${admin.email}${admin.generated ? ` / ${admin.password} (shown only now)` : ''}\n`);
  }

  if (!dev && !hasBuild()) throw new StartupError('there is no dashboard build: run `npm run build` first (npm start builds by itself)');
  const app = next({ dev, dir: rootDir, hostname: e.HOST, port: e.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trusted = trustedProxies(e.SUNDIAL_TRUSTED_PROXIES);
  const server = http.createServer((req, res) => {
    // The client address comes from the socket, or from X-Forwarded-For only as far as
    // SUNDIAL_TRUSTED_PROXIES vouch for it; whatever the client sent under our header is replaced.
    stampClientIp(req, trusted);
    // Likewise the origin the same-origin check compares with: forwarded host and scheme only from trusted proxies.
    stampRequestOrigin(req, trusted);
    void handle(req, res);
  });
  await listen(server, e.PORT, e.HOST);
  process.stdout.write(`sundial web: listening on http://${e.HOST}:${e.PORT}\n`);
  // "No live worker" is told by the web process too: with every worker dead, nothing else can.
  const watch = new NotifyWatch({ db: getDb(), log: createLogger('web'), reminders: false });
  watch.start();

  onShutdown(async () => {
    await watch.stop();
    server.close();
    server.closeIdleConnections();
    await app.close();
    await getPool().end();
  });
}

main().catch((err: unknown) => exitWithStartupError(err, 'sundial web'));
