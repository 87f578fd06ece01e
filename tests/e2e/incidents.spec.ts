import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { TaskFormPage } from './pages/task-form-page';
import { shot, signInAs } from './session';

// Issue 11's walk, for incidents: a task made in the form fails, its incident shows on the
// overview and the task page, an operator acknowledges it, the task is fixed, it resolves.

let target: http.Server;
let targetUrl = '';
let failing = true;
test.beforeAll(async () => {
  target = http.createServer((_req, res) => {
    res.writeHead(failing ? 500 : 200, { 'content-type': 'text/plain' }).end(failing ? 'down' : 'ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise((resolve) => target.close(resolve));
});

test('a failing task opens an incident on the overview; acknowledged, then resolved by the fix', async ({ page }) => {
  test.setTimeout(120_000);
  const name = `incident e2e ${Date.now()}`;
  await signInAs(page);

  const form = new TaskFormPage(page);
  await form.goto();
  await form.fillName(name);
  await form.chooseHandler('http');
  await form.fillConfig('url', `${targetUrl}/health`);
  await form.setInterval(2);
  await page.getByLabel('Open an incident after').fill('2');
  await expect(page.getByText('No channels yet')).toBeVisible();
  await form.save();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  const taskUrl = page.url();

  const panel = page.getByRole('region', { name: 'Incidents' });
  const open = panel.locator('[data-incident="open"]');
  await expect(open).toBeVisible({ timeout: 30_000 });
  await expect(open).toContainText(/\d+ failed runs/);
  await expect(open).toContainText('HTTP 500');

  const overview = new OverviewPage(page);
  await overview.goto();
  const row = overview.openIncidents.getByRole('listitem').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Not acknowledged');
  await expect(row).toContainText(/since .* · \d+ failed runs/);
  await shot(page, '1-open-incident');

  await page.goto(taskUrl);
  await open.getByRole('button', { name: `Acknowledge the incident of ${name}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Note').fill('Looking at the target server');
  await dialog.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(dialog).toBeHidden();
  await expect(open).toContainText('Looking at the target server');
  await overview.goto();
  await expect(row).toContainText('Acknowledged');

  failing = false;
  await page.goto(taskUrl);
  await expect(panel.locator('[data-incident="resolved"]')).toBeVisible({ timeout: 30_000 });
  await expect(open).toHaveCount(0);
  await shot(page, '2-resolved');
  await overview.goto();
  await expect(overview.openIncidents).toBeVisible();
  await expect(row).toHaveCount(0);
});
