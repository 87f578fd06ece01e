import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { TaskDetailPage } from './pages/task-detail-page';
import { TaskFormPage } from './pages/task-form-page';
import { TaskListPage } from './pages/task-list-page';
import { apiCall, shot, signInAs } from './session';

// Issue 5's acceptance flow, end to end in one browser session, as an admin would live it.

let target: http.Server;
let targetUrl: string;
let hits = 0;
test.beforeAll(async () => {
  target = http.createServer((_req, res) => {
    hits++;
    res.end('pong');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/sync`;
});
test.afterAll(() => new Promise((resolve) => target.close(resolve)));


/** Gaps between the preview's fires, in seconds, read from the task-zone column. */
async function previewGaps(form: TaskFormPage): Promise<number[]> {
  const times = (await form.previewItems.allTextContents()).map((t) => Date.parse(`${/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) Europe\/Berlin/.exec(t.trim())!.slice(1, 3).join('T')}Z`));
  return times.slice(1).map((t, i) => (t - times[i]!) / 1000);
}

test('create an http task every 2 s in Berlin, watch it run, run it by hand, pause, edit, delete; a viewer only looks', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const name = `acceptance sync ${Date.now().toString(36)}`;
  await signInAs(page);

  // 1. Create it, with the preview showing the fires.
  const list = new TaskListPage(page);
  await list.goto();
  await list.newTask.click();
  const form = new TaskFormPage(page);
  await form.name.waitFor();
  await form.fillName(name);
  await form.chooseHandler('http');
  await form.fillConfig('url', targetUrl);
  await form.setCron('*/2 * * * * *', 'Europe/Berlin');
  await expect(form.scheduleWords).toHaveText('Every 2 seconds (Europe/Berlin)');
  await expect(form.previewItems).toHaveCount(5);
  expect(await previewGaps(form)).toEqual([2, 2, 2, 2]);
  await shot(page, '1-create-with-preview');

  // 2. Save: within about 5 s the history shows a succeeded run.
  await form.save();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  const taskId = new URL(page.url()).pathname.split('/').pop()!;
  const detail = new TaskDetailPage(page);
  await expect(detail.heading(name)).toBeVisible();
  const firstRun = await detail.waitForRun({ status: 'succeeded', trigger: 'schedule' }, 8_000);
  expect(hits).toBeGreaterThan(0);
  await shot(page, '2-history-succeeded');

  // 3. The run's page shows its log lines.
  const run = await detail.openRun(firstRun);
  await expect(run.logLines.filter({ hasText: `GET ${targetUrl} -> 200` })).toBeVisible();
  await shot(page, '3-run-log');
  await page.goBack();

  // 4. Run now, in test mode: a manual row appears.
  const manual = await detail.runNow({ testMode: true, params: '{"since": "2026-11-01"}' });
  expect(manual).not.toBeNull();
  await expect(detail.runs({ trigger: 'manual' }).first()).toHaveAttribute('data-run-id', String(manual));
  await detail.waitForRun({ trigger: 'manual', status: 'succeeded' });
  await shot(page, '4-manual-run');

  // 5. Pause: no new run for 5 s (after a moment for a slot already firing as the pause landed).
  expect(await detail.toggle()).toBe(false);
  await page.waitForTimeout(1_500);
  const { body: before } = await apiCall<{ items: { id: number }[] }>(page, 'GET', `/api/v1/tasks/${taskId}/runs?limit=1`);
  await page.waitForTimeout(5_000);
  const { body: after } = await apiCall<{ items: { id: number }[] }>(page, 'GET', `/api/v1/tasks/${taskId}/runs?limit=1`);
  expect(after.items[0]!.id).toBe(before.items[0]!.id);
  await expect(detail.runs().first()).toHaveAttribute('data-run-id', String(before.items[0]!.id));
  await shot(page, '5-paused');

  // 6. Edit the schedule: the preview follows.
  await detail.editLink.click();
  await expect(form.cronExpression).toHaveValue('*/2 * * * * *');
  await form.cronExpression.fill('*/15 * * * * *');
  await expect(form.scheduleWords).toHaveText('Every 15 seconds (Europe/Berlin)');
  await expect.poll(() => previewGaps(form)).toEqual([15, 15, 15, 15]);
  await shot(page, '6-edit-preview');
  await form.save();
  await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(detail.scheduleSummary).toContainText('Every 15 seconds');

  // 8 (before the delete, so there is a task to look at). A viewer sees the task, and no control.
  const email = `acceptance-viewer-${Date.now().toString(36)}@e2e.test`;
  expect((await apiCall(page, 'POST', '/api/v1/users', { email, role: 'viewer', password: 'viewer password 123' })).status).toBe(201);
  const viewerContext = await browser.newContext({ baseURL });
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, email, 'viewer password 123');
  const viewerList = new TaskListPage(viewer);
  await viewerList.goto(`?q=${encodeURIComponent(name)}`);
  await expect(viewerList.row(name)).toBeVisible();
  await expect(viewerList.newTask).toHaveCount(0);
  await expect(viewer.getByRole('checkbox')).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: /selected/ })).toHaveCount(0);
  await viewerList.row(name).getByRole('link', { name }).click();
  const viewerDetail = new TaskDetailPage(viewer);
  await expect(viewerDetail.heading(name)).toBeVisible();
  await expect(viewerDetail.history).toBeVisible();
  for (const control of [viewerDetail.enabledSwitch, viewerDetail.runNowButton, viewerDetail.editLink, viewerDetail.deleteButton]) await expect(control).toHaveCount(0);
  await viewer.goto('/');
  await expect(viewer.getByRole('switch', { name: 'Pause all' })).toHaveCount(0);
  await shot(viewer, '8-viewer');
  const attempt = await apiCall<{ error: { code: string } }>(viewer, 'POST', `/api/v1/tasks/${taskId}/run`, { testMode: true });
  expect(attempt).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  const edit = await apiCall(viewer, 'PATCH', `/api/v1/tasks/${taskId}`, { enabled: true });
  expect(edit.status).toBe(403);
  await viewerContext.close();

  // 7. Delete, confirmed by typing the name.
  await detail.deleteTask(name);
  expect((await apiCall(page, 'GET', `/api/v1/tasks/${taskId}`)).status).toBe(404);
  await expect(list.row(name)).toHaveCount(0);
  await shot(page, '7-deleted');
});
