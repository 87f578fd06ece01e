import { z } from 'zod';

/** How long history is kept. Stored as one row per field in the `settings` table. */
export type Retention = { runsDays: number; logsDays: number };

export const RETENTION_DEFAULTS: Retention = { runsDays: 90, logsDays: 14 };
export const RETENTION_LIMITS = { min: 1, max: 3650 } as const;

export const RETENTION_KEYS = { runsDays: 'retention.runs_days', logsDays: 'retention.logs_days' } as const satisfies Record<keyof Retention, string>;

const days = z
  .number()
  .int('a whole number of days')
  .min(RETENTION_LIMITS.min, `at least ${RETENTION_LIMITS.min} day`)
  .max(RETENTION_LIMITS.max, `at most ${RETENTION_LIMITS.max} days`);

export const retentionPatch = z
  .object({
    runsDays: days.optional().describe('Days to keep finished runs (by finished_at); queued and running runs are never pruned'),
    logsDays: days.optional().describe('Days to keep run log lines'),
  })
  .strict();

/** The stored rows as settings; a missing or unreadable row falls back to its default. */
export function readRetention(rows: { key: string; value: unknown }[]): Retention {
  const out = { ...RETENTION_DEFAULTS };
  for (const field of Object.keys(RETENTION_KEYS) as (keyof Retention)[]) {
    const parsed = days.safeParse(rows.find((r) => r.key === RETENTION_KEYS[field])?.value);
    if (parsed.success) out[field] = parsed.data;
  }
  return out;
}

const DAY_MS = 86_400_000;

/**
 * The instants before which history goes. Logs never outlive their run's cutoff: once the
 * logs of a run are gone, deleting the run cascades to nothing, so a run batch stays small.
 */
export function retentionCutoffs(now: Date, r: Retention): { runsBefore: Date; logsBefore: Date } {
  return {
    runsBefore: new Date(now.getTime() - r.runsDays * DAY_MS),
    logsBefore: new Date(now.getTime() - Math.min(r.logsDays, r.runsDays) * DAY_MS),
  };
}
