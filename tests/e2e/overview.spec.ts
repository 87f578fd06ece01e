import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { TaskListPage } from './pages/task-list-page';
import { apiCall, signInAs } from './session';

type Task = { id: string; name: string };
const every2s = { kind: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' };

test('a failing task shows in the overview, next to countdowns, the chart and the workers; pause all stops the schedules; a backlog shows in the queue', async ({ page }) => {
  await signInAs(page);
  // Port 9 (discard) is closed on this host: every request fails at once.
  const { body: failing } = await apiCall<Task>(page, 'POST', '/api/v1/tasks', { name: 'overview failing', handler: 'http', config: { url: 'http://127.0.0.1:9/' }, schedule: every2s });
  const { body: later } = await apiCall<Task>(page, 'POST', '/api/v1/tasks', { name: 'overview hourly', handler: 'noop', schedule: { kind: 'cron', expression: '0 * * * *', timezone: 'Asia/Tokyo' } });
  const overview = new OverviewPage(page);
  await overview.goto();

  await expect(overview.failingTasks.getByRole('link', { name: 'overview failing' })).toBeVisible({ timeout: 20_000 });
  await expect(overview.failingTasks).toContainText(/failed/);
  await expect(overview.recentRuns.getByRole('link', { name: /overview failing #\d+/ }).first()).toBeVisible();
  const hourly = overview.nextRuns.getByRole('listitem').filter({ hasText: 'overview hourly' });
  await expect(hourly).toContainText(/in \d+ (s|min)/);
  await expect(hourly).toContainText(/:00:00 Asia\/Tokyo/);
  await expect(overview.dailyRuns).toContainText(/\d+ runs? in the last 7 days/);
  await overview.dailyRuns.getByRole('button', { name: '30 days' }).click();
  await expect(overview.dailyRuns).toContainText(/\d+ runs? in the last 30 days/);
  await expect(overview.workerStatus).toHaveText(/^1 worker alive/);
  await page.screenshot({ path: test.info().outputPath('overview.png'), fullPage: true });

  await overview.pauseAll.click();
  await expect(overview.pausedBadge).toBeVisible();
  await expect(overview.nextRuns).toContainText('Paused: none of these will fire');
  expect((await apiCall<{ paused: boolean }>(page, 'GET', '/api/v1/scheduler')).body.paused).toBe(true);
  await page.reload();
  await expect(overview.pauseAll).toBeChecked();
  await overview.pauseAll.click();
  await expect(overview.pausedBadge).toBeHidden();
  expect((await apiCall<{ paused: boolean }>(page, 'GET', '/api/v1/scheduler')).body.paused).toBe(false);

  for (const task of [failing, later]) expect((await apiCall(page, 'DELETE', `/api/v1/tasks/${task.id}`)).status).toBe(204);

  // A backlog: the first run sleeps in the task's only slot (concurrency "forbid"), so no
  // worker takes the next two, though they are due. The queue says so and clears with them.
  const { body: backlog } = await apiCall<Task>(page, 'POST', '/api/v1/tasks', { name: 'overview backlog', handler: 'sleep', config: { seconds: 120 }, schedule: { kind: 'manual' } });
  const runIds: number[] = [];
  for (let i = 0; i < 3; i++) runIds.push((await apiCall<{ runId: number }>(page, 'POST', `/api/v1/tasks/${backlog.id}/run`, {})).body.runId);
  await expect(overview.queueStatus).toHaveText(/^\d+ runs waiting for a worker, oldest \d+ s$/);
  await page.screenshot({ path: test.info().outputPath('overview-backlog.png'), fullPage: true });
  for (const id of runIds) expect((await apiCall(page, 'POST', `/api/v1/runs/${id}/cancel`)).status).toBeLessThan(300);
  await expect(overview.queueStatus).toHaveText('No backlog');
  expect((await apiCall(page, 'DELETE', `/api/v1/tasks/${backlog.id}`)).status).toBe(204);
});

test('the task list searches, filters, sorts, pages and disables in bulk; dark mode sticks', async ({ page }) => {
  await signInAs(page);
  const names = ['bulk alpha', 'bulk bravo', 'bulk charlie'];
  const created: Task[] = [];
  for (const [i, name] of names.entries()) {
    const schedule = { kind: 'cron', expression: `0 ${i + 1} * * *`, timezone: 'America/New_York' };
    created.push((await apiCall<Task>(page, 'POST', '/api/v1/tasks', { name, handler: 'noop', schedule, tags: ['bulk-e2e'] })).body);
  }
  const list = new TaskListPage(page);
  await list.goto();
  await list.filter({ tag: 'bulk-e2e' });
  await expect(page).toHaveURL(/tag=bulk-e2e/);
  await expect(list.rows).toHaveCount(3);
  const alpha = list.row('bulk alpha');
  await expect(alpha).toContainText('At 01:00');
  await expect(alpha).toContainText('America/New_York');
  await expect(alpha).toContainText(/01:00:00 America\/New_York/);
  await expect(alpha).toContainText('never ran');

  await list.filter({ search: 'CHAR' });
  await expect(list.rows).toHaveCount(1);
  await expect(list.rows.first()).toContainText('bulk charlie');
  await list.filter({ search: '', sort: 'nextRun' });
  await expect(list.rows.first()).toContainText('bulk alpha');

  await list.selectAll.check();
  await list.disableSelected.click();
  await expect(list.bulkStatus).toHaveText('Done: 3 of 3 changed.');
  await expect(list.rows.filter({ hasText: 'paused' })).toHaveCount(3);
  await list.filter({ state: 'true' });
  await expect(list.table).toContainText('No task matches these filters.');
  await list.filter({ state: 'false' });
  await expect(list.rows).toHaveCount(3);
  await page.screenshot({ path: test.info().outputPath('task-list.png'), fullPage: true });

  await page.getByRole('button', { name: 'Switch to dark mode' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.screenshot({ path: test.info().outputPath('task-list-dark.png'), fullPage: true });
  await page.getByRole('button', { name: 'Switch to light mode' }).click();

  for (const task of created) await apiCall(page, 'DELETE', `/api/v1/tasks/${task.id}`);
});
