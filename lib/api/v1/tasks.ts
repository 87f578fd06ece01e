import { eq } from 'drizzle-orm';
import { countersOf, findTaskWithState, noCounters } from '../../../db/queries/tasks';
import { z } from 'zod';
import { tasks } from '../../../db/schema';
import { createTask, limitsFromEnv, setTaskEnabled, triggerRun, updateTask } from '../../tasks/service';
import { taskInputSchema, taskPatchSchema } from '../../tasks/input';
import { notFound } from '../errors';
import { route } from '../route';
import { fromTemplate } from '../../templates/apply';
import { configToSave } from './task-config';
import { callbackWarnings, withWarnings } from './save-warnings';
import { idParam, taskJson, unwrap } from './task-json';
import { listTasks, listTasksQuery } from './task-queries';

// The task endpoints. Route files under app/api/v1/tasks only re-export these.

const taskBody = taskInputSchema
  .extend({ template: z.string().optional().describe('A template key (GET /api/v1/templates): its task, with the other fields of this body laid over it') })
  .strict();
const runBody = z.object({ params: z.record(z.string(), z.unknown()).default({}), testMode: z.boolean().default(false) }).strict();
const actor = (p: { kind: string; id: string }) => (p.kind === 'user' ? p.id : undefined);

export const createTaskRoute = route({ role: 'operator', body: taskBody, prepare: fromTemplate }, async ({ db, body, principal }) => {
  const { config, warnings } = await configToSave(db, body.handler, body.config);
  const task = unwrap(await createTask(db, { ...body, config }, limitsFromEnv(), actor(principal)));
  return {
    status: 201,
    headers: { location: `/api/v1/tasks/${task.id}` },
    body: withWarnings(taskJson({ ...task, ...noCounters }), [...warnings, ...callbackWarnings(body.notify?.callbackUrl)]),
    audit: { action: 'task.create', targetType: 'task', targetId: task.id, after: taskJson({ ...task, ...noCounters }) },
  };
});

export const listTasksRoute = route({ role: 'viewer', query: listTasksQuery }, async ({ db, query }) => {
  const page = await listTasks(db, query);
  return { body: { items: page.items.map(taskJson), nextCursor: page.nextCursor, total: page.total } };
});

async function load(db: Parameters<typeof listTasks>[0], id: string) {
  const task = await findTaskWithState(db, id);
  if (!task) throw notFound('task');
  return task;
}

export const getTaskRoute = route({ role: 'viewer' }, async ({ db, params }) => ({ body: taskJson(await load(db, idParam(params))) }));

export const patchTaskRoute = route({ role: 'operator', body: taskPatchSchema }, async ({ db, params, body, principal }) => {
  const before = await load(db, idParam(params));
  const configChanged = body.handler !== undefined || body.config !== undefined;
  const saved = configChanged ? await configToSave(db, body.handler ?? before.handler, body.config ?? before.config, before.config) : undefined;
  const input = saved ? { ...body, config: saved.config } : body;
  const warnings = [...(saved?.warnings ?? []), ...callbackWarnings(body.notify?.callbackUrl)];
  const task = { ...unwrap(await updateTask(db, before.id, input, limitsFromEnv(), actor(principal))), ...countersOf(before) };
  return { body: withWarnings(taskJson(task), warnings), audit: { action: 'task.update', targetType: 'task', targetId: task.id, before: taskJson(before), after: taskJson(task) } };
});

export const putTaskRoute = route(
  { role: 'operator', body: taskBody.extend({ version: z.number().int().min(1).describe('The version you read; 409 if the task changed since') }) },
  async ({ db, params, body, principal }) => {
    const before = await load(db, idParam(params));
    const { version, ...input } = body;
    const { config, warnings } = await configToSave(db, input.handler, input.config, before.config);
    const task = { ...unwrap(await updateTask(db, before.id, { ...input, config }, limitsFromEnv(), actor(principal), version)), ...countersOf(before) };
    return {
      body: withWarnings(taskJson(task), [...warnings, ...callbackWarnings(input.notify?.callbackUrl)]),
      audit: { action: 'task.replace', targetType: 'task', targetId: task.id, before: taskJson(before), after: taskJson(task) },
    };
  },
);

export const deleteTaskRoute = route({ role: 'operator' }, async ({ db, params }) => {
  const before = await load(db, idParam(params));
  await db.delete(tasks).where(eq(tasks.id, before.id));
  return { status: 204, audit: { action: 'task.delete', targetType: 'task', targetId: before.id, before: taskJson(before) } };
});

const toggle = (enabled: boolean) =>
  route({ role: 'operator' }, async ({ db, params, principal }) => {
    const before = await load(db, idParam(params));
    const task = { ...unwrap(await setTaskEnabled(db, before.id, enabled, limitsFromEnv(), actor(principal))), ...countersOf(before) };
    return { body: taskJson(task), audit: { action: enabled ? 'task.enable' : 'task.disable', targetType: 'task', targetId: task.id, before: { enabled: before.enabled }, after: { enabled } } };
  });
export const enableTaskRoute = toggle(true);
export const disableTaskRoute = toggle(false);

export const runTaskRoute = route({ role: 'operator', body: runBody }, async ({ db, params, body, principal }) => {
  const id = idParam(params);
  const trigger = principal.kind === 'api_key' ? 'api' : 'manual';
  const { runId } = unwrap(await triggerRun(db, id, { trigger, triggeredBy: principal.id, params: body.params, testMode: body.testMode }));
  return {
    status: 202,
    headers: { location: `/api/v1/runs/${runId}` },
    body: { runId },
    audit: { action: 'task.run', targetType: 'task', targetId: id, after: { runId, trigger, testMode: body.testMode, params: body.params } },
  };
});
