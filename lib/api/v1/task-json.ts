import type { TaskWithState } from '../../../db/queries/tasks';
import { AppError, invalid, notFound } from '../errors';
import type { Result } from '../../tasks/input';
import { redact } from '../../redact';

/** A task as the API and the pages show it, to every role: credentials in its config are never sent back (see keepRedacted). */
export function taskJson(t: TaskWithState) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    tags: t.tags,
    handler: t.handler,
    config: redact(t.config),
    schedule: t.schedule,
    enabled: t.enabled,
    policy: t.policy,
    notify: t.notify,
    version: t.version,
    nextRunAt: t.nextRunAt,
    lastRunAt: t.lastRunAt,
    lastStatus: t.lastStatus,
    totals: { runs: t.totalRuns, succeeded: t.succeededCount, failed: t.failedCount, consecutiveFailures: t.consecutiveFailures },
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** A service result as the API answers it: the value, or 404, 409 or 422 with field errors. */
export function unwrap<T>(result: Result<T>, what = 'task'): T {
  if (result.ok) return result.value;
  if (result.notFound) throw notFound(what);
  if (result.conflict) throw new AppError('conflict', result.errors[0]?.message ?? 'conflict', result.errors);
  throw invalid(result.errors);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names nothing: 404, never a database error. */
export function idParam(params: Record<string, string>, what = 'task'): string {
  const id = params.id ?? '';
  if (!UUID.test(id)) throw notFound(what);
  return id;
}
