import pg from 'pg';
import { measureCpu, type CpuUse } from './cpu';

/**
 * The raw-SQL claim floor: what the bare database allows at this concurrency. N connections
 * each loop "claim one row with UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT
 * 1) RETURNING, then mark it done" on a minimal table: two statements and two commits a
 * job, prepared, no history, no stats, no handler. Any queue pays at least this per job
 * unless it batches claims or completions.
 */
export async function claimFloor(url: string, jobs: number, connections: number): Promise<{ ms: number; cpu: CpuUse }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop table if exists bench_floor`);
  await admin.query(`create table bench_floor (
    id bigint generated always as identity primary key,
    status text not null default 'queued',
    locked_by int,
    locked_at timestamptz,
    finished_at timestamptz)`);
  await admin.query(`create index bench_floor_queued_idx on bench_floor (id) where status = 'queued'`);
  await admin.query(`insert into bench_floor (status) select 'queued' from generate_series(1, $1::int)`, [jobs]);
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const cpu = await measureCpu(admin);
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      for (;;) {
        const claimed = await client.query<{ id: string }>({
          name: 'floor_claim',
          text: `update bench_floor set status = 'running', locked_by = $1, locked_at = now()
                 where id = (select id from bench_floor where status = 'queued' order by id for update skip locked limit 1)
                 returning id`,
          values: [i],
        });
        const job = claimed.rows[0];
        if (!job) return;
        await client.query({ name: 'floor_done', text: `update bench_floor set status = 'done', finished_at = now() where id = $1`, values: [job.id] });
      }
    }),
  );
  const ms = performance.now() - started;
  const use = await cpu();
  await Promise.all(clients.map((c) => c.end()));
  const { rows } = await admin.query<{ n: number }>(`select count(*)::int as n from bench_floor where status = 'done'`);
  await admin.query('drop table bench_floor');
  await admin.end();
  if (rows[0]!.n !== jobs) throw new Error(`claim floor: ${rows[0]!.n} of ${jobs} jobs done`);
  return { ms, cpu: use };
}
