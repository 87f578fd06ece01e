import type pg from 'pg';

export type LogLine = { seq: number; level: string; message: string; at: Date };

export async function insertLogLines(pool: pg.Pool, runId: number, lines: LogLine[]): Promise<void> {
  if (lines.length === 0) return;
  await pool.query(
    `insert into run_logs (run_id, seq, level, message, created_at)
     select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[])
     on conflict (run_id, seq) do nothing`,
    [runId, lines.map((l) => l.seq), lines.map((l) => l.level), lines.map((l) => l.message), lines.map((l) => l.at)],
  );
}

/** The last sequence number already written for a run (a run handed back and run again continues it). */
export async function lastLogSeq(pool: pg.Pool, runId: number): Promise<number> {
  const { rows } = await pool.query<{ seq: number | null }>('select max(seq) as seq from run_logs where run_id = $1', [runId]);
  return rows[0]?.seq ?? 0;
}
