import { dailyStatsRoute } from '../lib/api/v1/overview';
import { exportTaskRunsRoute } from '../lib/api/v1/run-export';
import { listRunsRoute, taskRunsRoute } from '../lib/api/v1/runs';

// Run as its own process by bench/reads.ts: the route handlers read DATABASE_URL once, through
// the shared pool, so they get a process whose environment names the seeded database.
// Each read is called as Next calls it, with a viewer API key; stdout is one JSON line.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type ReadSpec = { label: string; path: string; handler: 'list' | 'taskRuns' | 'csv' | 'stats'; params?: Record<string, string> };
export type ReadTimes = { label: string; status: string; total: number[]; firstByte: number[]; bytes: number; rows: string | null };

const handlers: Record<ReadSpec['handler'], Handler> = { list: listRunsRoute, taskRuns: taskRunsRoute, csv: exportTaskRunsRoute, stats: dailyStatsRoute };

async function time(spec: ReadSpec, key: string) {
  const req = new Request(`http://localhost:3000${spec.path}`, { headers: { host: 'localhost:3000', authorization: `Bearer ${key}` } });
  const started = performance.now();
  const res = await handlers[spec.handler](req, { params: Promise.resolve(spec.params ?? {}) });
  const reader = res.body!.getReader();
  let bytes = 0;
  let firstByte = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (bytes === 0) firstByte = performance.now() - started;
    bytes += chunk.value.length;
  }
  return { status: res.status, total: performance.now() - started, firstByte, bytes, rows: res.headers.get('x-row-count') };
}

async function main(): Promise<void> {
  const { reads, key, samples } = JSON.parse(process.argv[2]!) as { reads: ReadSpec[]; key: string; samples: number };
  const out: ReadTimes[] = [];
  for (const spec of reads) {
    for (let i = 0; i < 2; i++) await time(spec, key);
    const results = [];
    for (let i = 0; i < samples; i++) results.push(await time(spec, key));
    out.push({
      label: spec.label,
      status: [...new Set(results.map((r) => r.status))].join(','),
      total: results.map((r) => r.total),
      firstByte: results.map((r) => r.firstByte),
      bytes: results.at(-1)!.bytes,
      rows: results.at(-1)!.rows,
    });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`reads failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
