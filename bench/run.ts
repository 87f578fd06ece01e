import { benchServer, type BenchServer } from './database';
import { idleRss } from './idle-rss';
import { lifecycle } from './lifecycle';
import { notify } from './notify';
import { pageTimes } from './pages';
import { reads } from './reads';
import { remote } from './remote';
import { sameSecond } from './same-second';
import { single } from './single';
import { sustained } from './sustained';
import { say } from './report';

// `npm run bench [-- figure...]`: prints issue 9's engine targets, each beside what this run
// measured (and beside a reference measured in the same run where the target names one).
// No pass or fail and no figure written down here: compare runs on one machine.

const figures: Record<string, (server: BenchServer) => Promise<void>> = {
  // Idle memory first, before anything has warmed the machine's caches or loaded it.
  'idle-rss': idleRss,
  lifecycle,
  single,
  'same-second': sameSecond,
  sustained,
  reads,
  pages: pageTimes,
  notify,
  remote,
};
const groups: Record<string, string[]> = { engine: ['idle-rss', 'lifecycle', 'single', 'same-second', 'sustained'], notify: ['notify'] };

function selected(args: string[]): string[] {
  if (args.length === 0) return Object.keys(figures);
  const names = args.flatMap((a) => groups[a] ?? [a]);
  const unknown = names.filter((n) => !figures[n]);
  if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')}; choose from ${[...Object.keys(figures), ...Object.keys(groups)].join(', ')}`);
  return names;
}

async function main(): Promise<void> {
  const names = selected(process.argv.slice(2));
  const server = await benchServer();
  say(`database: ${server.label}; figures: ${names.join(', ')}`);
  try {
    for (const name of names) await figures[name]!(server);
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
