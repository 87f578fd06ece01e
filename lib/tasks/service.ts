import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { tasks, type Task } from '../../db/schema';
import { nextFire, validateSchedule, withSaveDefaults, type Schedule } from '../schedules';
import { RUNS_CHANNEL, TASKS_CHANNEL } from '../engine/channels';
import { env } from '../env';
import { readPolicy } from './policy';
import { unknownChannels } from '../../db/queries/task-channels';
import { taskInputSchema, zodFieldErrors, type FieldError, type Result, type TaskInput, type TaskPatch } from './input';


export type Limits = { minIntervalSeconds: number };

/** The limits this deployment enforces, from the environment. */
export const limitsFromEnv = (): Limits => ({ minIntervalSeconds: env().SUNDIAL_MIN_INTERVAL_SECONDS });

async function dbNow(db: Db): Promise<Date> {
  const rows = await db.execute<{ now: Date }>(sql`select now() as now`);
  return new Date(rows.rows[0]!.now);
}

/** Validate a schedule and give an interval without an anchor one, so it never drifts. */
function checkSchedule(input: unknown, now: Date, limits: Limits): Result<Schedule> {
  const checked = validateSchedule(input, { minIntervalSeconds: limits.minIntervalSeconds });
  if (!checked.ok) return { ok: false, errors: checked.errors.map((e) => ({ field: `schedule.${e.field}`, message: e.message })) };
  const schedule = withSaveDefaults(checked.schedule, now);
  if (schedule.kind === 'once' && new Date(schedule.at) <= now) {
    return { ok: false, errors: [{ field: 'schedule.at', message: 'must be in the future' }] };
  }
  return { ok: true, value: schedule };
}

const nextRunFor = (schedule: Schedule, enabled: boolean, now: Date) => (enabled ? nextFire(schedule, now) : null);

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

export async function createTask(db: Db, input: TaskInput, limits: Limits, actorId?: string): Promise<Result<Task>> {
  const parsed = taskInputSchema.safeParse(input);
  const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error);
  const now = await dbNow(db);
  const schedule = checkSchedule((input as { schedule?: unknown })?.schedule, now, limits);
  if (!schedule.ok) errors.push(...schedule.errors);
  if (parsed.success) errors.push(...(await channelErrors(db, parsed.data.notify.channels)));
  if (!parsed.success || !schedule.ok || errors.length > 0) return { ok: false, errors };
  const v = parsed.data;
  return saving(db, v.name, async () => {
    const [task] = await db
      .insert(tasks)
      .values({ ...v, schedule: schedule.value, nextRunAt: nextRunFor(schedule.value, v.enabled, now), createdBy: actorId, updatedBy: actorId })
      .returning();
    return task;
  });
}

/**
 * Change a task. A new schedule, or enabling, recomputes next_run_at from now; disabling
 * clears it, which stops new fires and leaves a running run alone. Workers tick every
 * second, so a change takes effect within a second; the NOTIFY makes it sooner.
 */
export async function updateTask(
  db: Db,
  id: string,
  patch: TaskPatch | Partial<TaskInput>,
  limits: Limits,
  actorId?: string,
  expectedVersion?: number,
): Promise<Result<Task>> {
  const [current] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (!current) return { ok: false, notFound: true, errors: [{ field: 'id', message: 'no such task' }] };
  if (expectedVersion !== undefined && expectedVersion !== current.version) return staleVersion(current.version);
  const defined = <T extends object>(o: T | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
  const merged = {
    ...current,
    ...defined(patch),
    policy: { ...readPolicy(current.policy), ...defined(patch.policy) },
    notify: { ...current.notify, ...defined(patch.notify), events: { ...(current.notify.events as object), ...defined(patch.notify?.events) } },
  };
  const parsed = taskInputSchema.safeParse(merged);
  const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error);
  const now = await dbNow(db);
  const scheduleChanged = patch.schedule !== undefined;
  const schedule = scheduleChanged ? checkSchedule(patch.schedule, now, limits) : ({ ok: true, value: current.schedule as Schedule } as const);
  if (!schedule.ok) errors.push(...schedule.errors);
  if (parsed.success) errors.push(...(await channelErrors(db, parsed.data.notify.channels)));
  if (!parsed.success || !schedule.ok || errors.length > 0) return { ok: false, errors };
  const v = parsed.data;
  const recompute = scheduleChanged || v.enabled !== current.enabled;
  return saving(db, v.name, async () => {
    const [task] = await db
      .update(tasks)
      .set({
        ...v,
        schedule: schedule.value,
        nextRunAt: recompute ? nextRunFor(schedule.value, v.enabled, now) : current.nextRunAt,
        version: sql`${tasks.version} + 1`,
        updatedBy: actorId,
      })
      // The version is checked again here: an edit that raced ours in between wins.
      .where(and(eq(tasks.id, id), eq(tasks.version, current.version)))
      .returning();
    return task;
  });
}

/** A task may only name channels that exist (422 otherwise), so a message never goes nowhere. */
async function channelErrors(db: Db, ids: string[]): Promise<FieldError[]> {
  const unknown = new Set(await unknownChannels(db, ids));
  return ids.flatMap((id, i) => (unknown.has(id) ? [{ field: `notify.channels.${i}`, message: 'no such channel' }] : []));
}

const staleVersion = (version?: number): Result<Task> => ({
  ok: false,
  conflict: true,
  errors: [{ field: 'version', message: `the task was changed meanwhile${version ? ` (now at version ${version})` : ''}; reload and try again` }],
});

/** Save, tell the workers, and turn a taken name into a field error (409 for the API). */
async function saving(db: Db, name: string, write: () => Promise<Task | undefined>): Promise<Result<Task>> {
  try {
    const task = await write();
    if (!task) return staleVersion();
    await notify(db, TASKS_CHANNEL);
    return { ok: true, value: task };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, conflict: true, errors: [{ field: 'name', message: `a task named "${name}" already exists` }] };
    throw err;
  }
}

export const setTaskEnabled = (db: Db, id: string, enabled: boolean, limits: Limits, actorId?: string) =>
  updateTask(db, id, { enabled }, limits, actorId);

/** Queue a run now (manual or API trigger). Workers are woken at once. */
export async function triggerRun(
  db: Db,
  taskId: string,
  opts: { trigger: 'manual' | 'api'; triggeredBy?: string; params?: Record<string, unknown>; testMode?: boolean },
): Promise<Result<{ runId: number }>> {
  const rows = await db.execute<{ id: number }>(sql`
    insert into runs (task_id, trigger, triggered_by, status, scheduled_for, not_before, params, test_mode, rate_limit_key, queue)
    select id, ${opts.trigger}, ${opts.triggeredBy ?? null}, 'queued', now(), now(), ${JSON.stringify(opts.params ?? {})}::jsonb,
           ${opts.testMode ?? false}, policy->'rateLimit'->>'key', case when handler = 'remote' then config->>'queue' end
    from tasks where id = ${taskId}
    returning id`);
  const run = rows.rows[0];
  if (!run) return { ok: false, notFound: true, errors: [{ field: 'id', message: 'no such task' }] };
  await notify(db, RUNS_CHANNEL);
  return { ok: true, value: { runId: Number(run.id) } };
}

/** The "pause all" switch: stops new scheduled fires on every worker; manual runs still run. */
export async function setSchedulerPaused(db: Db, paused: boolean, actorId?: string): Promise<void> {
  await db.execute(sql`
    insert into settings (key, value, updated_by) values ('scheduler.paused', ${JSON.stringify(paused)}::jsonb, ${actorId ?? null})
    on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`);
  await notify(db, TASKS_CHANNEL);
}

async function notify(db: Db, channel: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, '')`);
}
