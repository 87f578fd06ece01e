import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { e2eAdmin } from './admin';
import { RunDetailPage } from './pages/run-detail-page';
import { TaskDetailPage } from './pages/task-detail-page';
import { apiCall, shot, signInAs } from './session';

// A local target for the http handler: /ping answers at once, /slow only when the test ends.
let target: http.Server;
let targetUrl = '';
const held: http.ServerResponse[] = [];
test.beforeAll(async () => {
  target = http.createServer((req, res) => {
    if (req.url === '/slow') return void held.push(res);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  for (const res of held) res.end('late');
  await new Promise((resolve) => target.close(resolve));
});

async function createTask(request: APIRequestContext, baseURL: string, name: string, path: string, schedule: object): Promise<string> {
  const res = await request.post('/api/v1/tasks', {
    data: { name, handler: 'http', config: { url: `${targetUrl}${path}` }, schedule },
    headers: { origin: baseURL },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('task detail: live history, run log, Run now in test mode, pause, CSV export and delete', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const name = `detail e2e ${Date.now()}`;
  await signInAs(page);
  const id = await createTask(page.request, baseURL!, name, '/ping', { kind: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' });

  const detail = new TaskDetailPage(page);
  await detail.goto(id);
  await expect(detail.heading(name)).toBeVisible();
  await expect(detail.scheduleSummary).toHaveText('Every 2 seconds (Europe/Berlin)');
  await expect(detail.nextFires).toHaveCount(5);
  await expect(detail.nextFires.first()).toContainText('Europe/Berlin');

  // The history is polled: a scheduled run shows up without a reload.
  const runId = await detail.waitForRun({ status: 'succeeded', trigger: 'schedule' }, 8_000);
  await expect(detail.runs({ status: 'succeeded' }).first()).toContainText('Europe/Berlin');
  await shot(page, '1-task-detail');

  const run = await detail.openRun(runId);
  await run.expectStatus('succeeded');
  await expect(run.logLines.first()).toHaveText(new RegExp(`^GET ${targetUrl}/ping -> 200 in \\d+ ms$`));
  await expect(run.facts).toContainText('the scheduler');
  await expect(run.result).toContainText('"status": 200');
  await expect(run.cancelButton).toHaveCount(0);
  await shot(page, '2-run-detail');
  await page.goBack();

  // Params must be a JSON object; the error shows in the dialog and nothing is queued.
  await detail.runNow({ params: '[1, 2]', expectError: /must be a JSON object/ });
  const manualId = await detail.runNow({ testMode: true, params: '{"from": "e2e"}' });
  const manualRow = detail.runs({ trigger: 'manual' }).first();
  await expect(manualRow).toHaveAttribute('data-run-id', String(manualId));
  await expect(manualRow).toContainText('test');
  await shot(page, '3-run-now');

  expect(await detail.toggle()).toBe(false);
  // Checked through the API, not the table, which is polled and may lag by a poll.
  // A slot that fell before the pause may still land a moment later; a slot after it never does.
  const { body: paused } = await apiCall<{ updatedAt: string }>(page, 'GET', `/api/v1/tasks/${id}`);
  const newestScheduled = async () =>
    (await apiCall<{ items: { id: number }[] }>(page, 'GET', `/api/v1/tasks/${id}/runs?trigger=schedule&limit=1`)).body.items[0]?.id;
  await page.waitForTimeout(1500);
  const lastScheduled = await newestScheduled();
  await page.waitForTimeout(5000);
  expect(await newestScheduled()).toBe(lastScheduled);
  const afterPause = new Date(new Date(paused.updatedAt).getTime() + 1).toISOString();
  const late = await apiCall<{ items: unknown[] }>(page, 'GET', `/api/v1/tasks/${id}/runs?trigger=schedule&from=${encodeURIComponent(afterPause)}`);
  expect(late.body.items).toEqual([]);
  await expect(detail.runs({ trigger: 'schedule' }).first()).toHaveAttribute('data-run-id', String(lastScheduled));
  await expect(page.getByRole('heading', { name: 'Next fires once enabled' })).toBeVisible();
  await shot(page, '4-paused');

  const csv = await detail.exportCsv();
  expect(csv.filename).toMatch(/^runs-detail-e2e-\d+\.csv$/);
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('id,status,trigger,triggered_by,scheduled_for,started_at,finished_at,duration_ms,lag_ms,attempt,root_run_id,test_mode,worker_id,reason,error_message');
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${runId},succeeded,schedule,scheduler,`)));

  await detail.filter({ trigger: 'manual' });
  await expect(detail.historyRows).toHaveCount(1);
  const manualCsv = await detail.exportCsv();
  expect(manualCsv.text.trim().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual([String(manualId)]);

  await detail.deleteTask(name);
  await expect(page).toHaveURL(/\/tasks$/);
  expect((await page.request.get(`/api/v1/tasks/${id}`)).status()).toBe(404);
});

test('the stats and the duration chart follow a finished run at once, not on their own 10 s poll', async ({ page, baseURL }) => {
  await signInAs(page);
  const name = `detail stats ${Date.now()}`;
  const id = await createTask(page.request, baseURL!, name, '/ping', { kind: 'manual' });
  const detail = new TaskDetailPage(page);
  await detail.goto(id);
  const runs = detail.stats.getByRole('definition').last();
  await expect(runs).toHaveText('0');
  await detail.runNow();
  await detail.waitForRun({ status: 'succeeded', trigger: 'manual' });
  // Well inside the stats' own 10 s refresh: the header saw the run end and refreshed them.
  await expect(runs).toHaveText('1', { timeout: 4_000 });
  await expect(page.getByRole('figure')).toContainText('Duration of the last 1 run (1 succeeded', { timeout: 4_000 });
  expect((await apiCall(page, 'DELETE', `/api/v1/tasks/${id}`)).status).toBe(204);
});

test('a running run can be cancelled by an operator, and a viewer sees no controls', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const name = `detail cancel ${stamp}`;
  await signInAs(page);
  const id = await createTask(page.request, baseURL!, name, '/slow', { kind: 'manual' });
  const viewer = { email: `detail-viewer-${stamp}@e2e.test`, password: 'viewer password 123' };
  const created = await page.request.post('/api/v1/users', { data: { ...viewer, role: 'viewer' }, headers: { origin: baseURL! } });
  expect(created.status()).toBe(201);

  const detail = new TaskDetailPage(page);
  await detail.goto(id);
  const runId = (await detail.runNow())!;
  await page.getByRole('link', { name: `#${runId}` }).click();
  const run = new RunDetailPage(page);
  await run.expectStatus('running');

  // A phone-sized viewer: the page must stay usable at 375 px.
  const viewerContext = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const viewerPage = await viewerContext.newPage();
  await signInAs(viewerPage, viewer.email, viewer.password);
  const viewerDetail = new TaskDetailPage(viewerPage);
  await viewerDetail.goto(id);
  await expect(viewerDetail.heading(name)).toBeVisible();
  await expect(viewerDetail.runs({ status: 'running' })).toHaveCount(1);
  for (const control of [viewerDetail.enabledSwitch, viewerDetail.runNowButton, viewerDetail.editLink, viewerDetail.deleteButton]) await expect(control).toHaveCount(0);
  await viewerPage.screenshot({ path: test.info().outputPath('5-viewer-task-375px.png'), fullPage: true });
  const viewerRun = new RunDetailPage(viewerPage);
  await viewerRun.goto(runId);
  await viewerRun.expectStatus('running');
  await expect(viewerRun.cancelButton).toHaveCount(0);
  await viewerPage.screenshot({ path: test.info().outputPath('6-viewer-run-375px.png'), fullPage: true });
  expect((await viewerPage.request.post(`/api/v1/runs/${runId}/cancel`, { headers: { origin: baseURL! } })).status()).toBe(403);
  await viewerContext.close();

  await run.cancel();
  await run.expectStatus('cancelled');
  await expect(run.cancelButton).toHaveCount(0);
  await expect(run.facts).toContainText(e2eAdmin.email);
  await shot(page, '7-cancelled');
  await page.request.delete(`/api/v1/tasks/${id}`, { headers: { origin: baseURL! } });
});
