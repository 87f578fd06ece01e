import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';

test('the dashboard shows the live worker and its heartbeat', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.heading).toBeVisible();
  await expect(overview.workerStatus).toHaveText(/^1 worker alive, last heartbeat \d+s ago$/);
  await expect(overview.workerRows).toHaveCount(1);
  await expect(overview.workerRows.first()).toContainText(/UTC/);
});

test('the health endpoint reports the database, schema and worker as JSON', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: 'ok', database: { up: true }, schema: { state: 'current' }, workers: { live: 1 } });
});
