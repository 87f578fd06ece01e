import type { Queryable } from '../../db/queries/engine/tx';
import { openIncidents, slowestRuns, taskWeek, workersSeen } from '../../db/queries/report';
import { LIVE_WINDOW_SECONDS } from '../../db/queries/workers';
import { percentileFromBuckets } from '../engine/stats';

export type TaskWeek = {
  id: string;
  name: string;
  enabled: boolean;
  runs: number;
  succeeded: number;
  failures: number;
  /** Succeeded over runs that ended one way or the other (cancels left out); null without any. */
  successRate: number | null;
  p95Ms: number | null;
  missed: number;
  skipped: number;
};

export type WeeklyReport = {
  /** The seven UTC days covered, from (inclusive) to (exclusive), as YYYY-MM-DD. */
  from: string;
  to: string;
  generatedAt: string;
  totals: { tasks: number; runs: number; succeeded: number; failures: number; missed: number; successRate: number | null };
  tasks: TaskWeek[];
  slowest: { runId: number; taskId: string; taskName: string; durationMs: number; startedAt: string; status: string }[];
  incidents: { id: string; taskId: string; taskName: string; openedAt: string; failedRuns: number; acknowledged: boolean }[];
  workers: { id: string; hostname: string; live: boolean; upSeconds: number }[];
};

const day = (d: Date) => d.toISOString().slice(0, 10);
const rate = (ok: number, ended: number) => (ended > 0 ? ok / ended : null);

/** The seven full UTC days before `now`'s day: the week the daily rollups can answer exactly. */
export function reportWeek(now: Date): { from: string; to: string } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { from: day(new Date(to.getTime() - 7 * 86_400_000)), to: day(to) };
}

/** Everything the weekly report says, as plain JSON (it is stored in the outbox as is). */
export async function buildWeeklyReport(q: Queryable, now: Date): Promise<WeeklyReport> {
  const { from, to } = reportWeek(now);
  const [rows, slow, open, seen] = await Promise.all([
    taskWeek(q, from, to),
    slowestRuns(q, new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`), 5),
    openIncidents(q),
    workersSeen(q, new Date(`${from}T00:00:00Z`), LIVE_WINDOW_SECONDS),
  ]);
  const tasks = rows.map((r): TaskWeek => {
    const failures = r.failed + r.timed_out + r.lost;
    const p95 = percentileFromBuckets(r.buckets, 0.95, r.duration_max);
    return {
      id: r.task_id,
      name: r.name,
      enabled: r.enabled,
      runs: r.total,
      succeeded: r.succeeded,
      failures,
      successRate: rate(r.succeeded, r.succeeded + failures),
      p95Ms: p95,
      missed: r.missed,
      skipped: r.skipped,
    };
  });
  const sum = (f: (t: TaskWeek) => number) => tasks.reduce((a, t) => a + f(t), 0);
  return {
    from,
    to,
    generatedAt: now.toISOString(),
    totals: {
      tasks: tasks.length,
      runs: sum((t) => t.runs),
      succeeded: sum((t) => t.succeeded),
      failures: sum((t) => t.failures),
      missed: sum((t) => t.missed),
      successRate: rate(sum((t) => t.succeeded), sum((t) => t.succeeded + t.failures)),
    },
    tasks,
    slowest: slow.map((s) => ({ runId: Number(s.id), taskId: s.task_id, taskName: s.task_name, durationMs: s.duration_ms, startedAt: s.started_at.toISOString(), status: s.status })),
    incidents: open.map((i) => ({ id: i.id, taskId: i.task_id, taskName: i.task_name, openedAt: i.opened_at.toISOString(), failedRuns: i.failed_runs, acknowledged: i.acknowledged_at !== null })),
    workers: seen.map((w) => ({ id: w.id, hostname: w.hostname, live: w.live, upSeconds: Math.max(0, Math.round(((w.live ? now.getTime() : w.last_heartbeat_at.getTime()) - w.started_at.getTime()) / 1000)) })),
  };
}
