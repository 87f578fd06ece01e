import { createApiKeyRoute } from '../../lib/api/v1/api-keys';
import { remoteClaimRoute } from '../../lib/api/v1/remote-claim';
import { finishRoute, heartbeatRoute, runLogsAppendRoute, runProgressRoute } from '../../lib/api/v1/run-reports';
import { runTaskRoute } from '../../lib/api/v1/tasks';
import { call, type Caller } from './api';
import type { TestDatabase } from './db';
import { makeTask } from './tasks';

/** A worker key granted `queues`, made through the API as an admin would. */
export async function workerKey(admin: Caller, queues: string[], name = `worker ${queues.join(',')} ${Math.random()}`): Promise<string> {
  const res = await call(createApiKeyRoute, 'POST', '/api/v1/api-keys', { headers: admin.headers, body: { name, role: 'worker', queues } });
  if (res.status !== 201) throw new Error(`creating a worker key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.key as string;
}

export const remoteTask = (database: TestDatabase, name: string, queue: string, extra: { policy?: Record<string, unknown>; settings?: Record<string, string> } = {}) =>
  makeTask(database, { name, handler: 'remote', config: { queue, settings: extra.settings ?? {} }, schedule: { kind: 'manual' }, policy: extra.policy as never });

export async function runNow(operator: Caller, taskId: string, params: Record<string, unknown> = {}): Promise<number> {
  const res = await call(runTaskRoute, 'POST', '/x', { headers: operator.headers, params: { id: taskId }, body: { params } });
  if (res.status !== 202) throw new Error(`run now: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.runId as number;
}

export const claim = (key: string, body: Record<string, unknown>) => call(remoteClaimRoute, 'POST', '/api/v1/remote/claim', { headers: { authorization: `Bearer ${key}` }, body });

const reports = { heartbeat: heartbeatRoute, logs: runLogsAppendRoute, progress: runProgressRoute, finish: finishRoute };

/** POST /runs/{id}/<what> with a run token. */
export const report = (what: keyof typeof reports, runId: number, token: string, body?: unknown) =>
  call(reports[what], 'POST', `/api/v1/runs/${runId}/${what}`, { headers: { authorization: `Bearer ${token}` }, params: { id: String(runId) }, body });
