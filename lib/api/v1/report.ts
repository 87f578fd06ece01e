import { z } from 'zod';
import { reportTask, weeklyReportPreview } from '../../report/preview';
import { triggerRun } from '../../tasks/service';
import { AppError } from '../errors';
import { route } from '../route';
import { unwrap } from './task-json';

export const reportPreviewRoute = route({ role: 'viewer' }, async ({ db }) => ({ body: await weeklyReportPreview(db) }));

/** "Send now": a run of the weekly report task, so it shows in that task's history. */
export const reportSendRoute = route({ role: 'operator', body: z.object({ testMode: z.boolean().default(false) }).strict() }, async ({ db, body, principal }) => {
  const task = await reportTask(db);
  if (!task) throw new AppError('not_found', 'the weekly report task was deleted: create a task with the weekly-report handler');
  const trigger = principal.kind === 'api_key' ? 'api' : 'manual';
  const { runId } = unwrap(await triggerRun(db, task.id, { trigger, triggeredBy: principal.id, testMode: body.testMode }));
  return {
    status: 202,
    headers: { location: `/api/v1/runs/${runId}` },
    body: { runId },
    audit: { action: 'task.run', targetType: 'task', targetId: task.id, after: { runId, trigger, testMode: body.testMode, via: 'report.send' } },
  };
});
