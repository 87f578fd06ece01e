import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { TaskDetailPage } from './pages/task-detail-page';
import { apiCall, shot, signInAs } from './session';

// A run whose items partly failed reads "succeeded · partial" (words, not only amber) in the
// history, on the run page and in the task's stats.

let target: http.Server;
let targetUrl = '';
test.beforeAll(async () => {
  const report = { total: 4, succeeded: 3, failed: 1, skipped: 0, failures: [{ item: 'acct-2', error: 'locked' }] };
  target = http.createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report)));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise((resolve) => target.close(resolve)));

test('a partial run is marked in words in the history, on its page and in the stats', async ({ page }) => {
  await signInAs(page);
  const created = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', { name: `partial e2e ${Date.now()}`, handler: 'http', config: { url: `${targetUrl}/items` }, schedule: { kind: 'manual' } });
  expect(created.status).toBe(201);
  expect((await apiCall(page, 'POST', `/api/v1/tasks/${created.body.id}/run`, {})).status).toBe(202);

  const detail = new TaskDetailPage(page);
  await detail.goto(created.body.id);
  const runId = await detail.waitForRun({ status: 'succeeded' }, 15_000);
  const row = detail.runs({ status: 'succeeded' }).first();
  await expect(row.locator('[data-partial]')).toHaveText('succeeded · partial');
  await page.reload();
  await expect(page.getByTestId('partial-runs')).toHaveText('1 of the 1 succeeded runs were partial: some of their items failed.');
  await shot(page, 'partial-task');

  const run = await detail.openRun(runId);
  await expect(run.status.locator('[data-status="succeeded"][data-partial]')).toHaveText('succeeded · partial');
  await expect(run.result).toContainText('"failed": 1');
});
