import type { Queryable } from './tx';

/** `step`: the run_steps index of the step that wrote the line, if any. */
export type LogLine = { seq: number; level: string; message: string; at: Date; step?: number | null };

/**
 * Appends lines after `after`, the writer's last known seq (read when unknown). A run can
 * have two writers (its worker, and an app or remote worker reporting with the run token):
 * when the other took one of these seqs meanwhile, the insert (one statement, all or
 * nothing) fails on the unique key and the lines go after the newest line instead, in order.
 * Inside a transaction (`inTransaction`), each try runs under a savepoint, so a lost seq
 * leaves the transaction usable. Returns the last seq written.
 */
export async function appendLogLines(
  client: Queryable,
  runId: number,
  lines: Omit<LogLine, 'seq'>[],
  opts: { after?: number; inTransaction?: boolean } = {},
): Promise<number> {
  if (lines.length === 0) return opts.after ?? 0;
  let base = opts.after ?? (await lastLogSeq(client, runId));
  for (let attempt = 1; ; attempt++) {
    if (opts.inTransaction) await client.query('savepoint sundial_logs');
    try {
      await client.query(
        `insert into run_logs (run_id, seq, level, message, created_at, step)
         select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::smallint[])`,
        // Postgres refuses NUL in text.
        [runId, lines.map((_, i) => base + i + 1), lines.map((l) => l.level), lines.map((l) => l.message.replaceAll('\0', '\uFFFD')), lines.map((l) => l.at), lines.map((l) => l.step ?? null)],
      );
      if (opts.inTransaction) await client.query('release savepoint sundial_logs');
      return base + lines.length;
    } catch (err) {
      if (opts.inTransaction) await client.query('rollback to savepoint sundial_logs');
      if ((err as { code?: string }).code !== '23505' || attempt === 5) throw err;
      base = await lastLogSeq(client, runId);
    }
  }
}

/** The last sequence number already written for a run (a run handed back and run again continues it). */
export async function lastLogSeq(client: Queryable, runId: number): Promise<number> {
  const { rows } = await client.query<{ seq: number | null }>('select max(seq) as seq from run_logs where run_id = $1', [runId]);
  return rows[0]?.seq ?? 0;
}
