import type pg from 'pg';

export type LogLine = { seq: number; level: string; message: string; at: Date };

/**
 * Appends lines after `after`, the writer's last known seq (read when unknown). A run can
 * have two writers (its worker, and an app or remote worker reporting with the run token):
 * when the other took one of these seqs meanwhile, the insert (one statement, all or
 * nothing) fails on the unique key and the lines go after the newest line instead, in order.
 * Returns the last seq written.
 */
export async function appendLogLines(pool: pg.Pool, runId: number, lines: Omit<LogLine, 'seq'>[], after?: number): Promise<number> {
  if (lines.length === 0) return after ?? 0;
  let base = after ?? (await lastLogSeq(pool, runId));
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query(
        `insert into run_logs (run_id, seq, level, message, created_at)
         select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[])`,
        [runId, lines.map((_, i) => base + i + 1), lines.map((l) => l.level), lines.map((l) => l.message.replaceAll('\0', '\uFFFD')), lines.map((l) => l.at)],
      );
      return base + lines.length;
    } catch (err) {
      if ((err as { code?: string }).code !== '23505' || attempt === 5) throw err;
      base = await lastLogSeq(pool, runId);
    }
  }
}

/** The last sequence number already written for a run (a run handed back and run again continues it). */
export async function lastLogSeq(pool: pg.Pool, runId: number): Promise<number> {
  const { rows } = await pool.query<{ seq: number | null }>('select max(seq) as seq from run_logs where run_id = $1', [runId]);
  return rows[0]?.seq ?? 0;
}
