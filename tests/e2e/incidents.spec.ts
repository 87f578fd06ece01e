import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { startMailServer, type MailServer } from '../helpers/mail';
import { OverviewPage } from './pages/overview-page';
import { TaskFormPage } from './pages/task-form-page';
import { apiCall, shot, signInAs } from './session';

// Issue 11's whole walk: an admin sets SMTP in Settings and sends a test; a task made in the
// form fails; its incident shows on the overview and the task page and exactly one email
// arrives; it is acknowledged; the task is fixed; it resolves and the recovered email arrives.

let mail: MailServer;
let target: http.Server;
let targetUrl = '';
let failing = true;
test.beforeAll(async () => {
  target = http.createServer((_req, res) => {
    res.writeHead(failing ? 500 : 200, { 'content-type': 'text/plain' }).end(failing ? 'down' : 'ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  mail = await startMailServer();
});
test.afterAll(async () => {
  await new Promise((resolve) => target.close(resolve));
  await mail.close();
});

/** Settings → Email pointed at this spec's SMTP server, a test email sent, and an email channel. */
async function setUpEmail(page: Page, channel: string): Promise<void> {
  await page.goto('/settings/email');
  const form = page.getByRole('form', { name: 'Email settings' });
  await form.getByLabel('SMTP host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(mail.port));
  await form.getByLabel('From', { exact: true }).fill('Sundial <sundial@e2e.test>');
  await form.getByLabel('Subject prefix', { exact: true }).fill('[Sundial]');
  await form.getByRole('button', { name: 'Save email settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  const tester = page.getByRole('form', { name: 'Send test email' });
  await tester.getByLabel('Recipient').fill('walk@e2e.test');
  await tester.getByRole('button', { name: 'Send test email' }).click();
  await expect(page.getByTestId('smtp-test-result')).toHaveText(/^Sent\. The server answered: 250 /);
  await expect.poll(() => mail.received.filter((m) => (m.to as { text: string }).text === 'walk@e2e.test').length).toBe(1);

  await page.goto('/notifications/channels');
  const create = page.getByRole('form', { name: 'New channel' });
  await create.getByLabel('Name', { exact: true }).fill(channel);
  await create.getByLabel('Recipients', { exact: true }).fill('oncall@e2e.test');
  await create.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.getByTestId('channel-row').filter({ hasText: channel })).toBeVisible();
}

test('SMTP set and tested; a failing task opens an incident on the overview and sends one email; acknowledged; fixed, it resolves and sends the recovered email', async ({ page }) => {
  test.setTimeout(120_000);
  const name = `incident e2e ${Date.now()}`;
  const channel = `On call ${Date.now().toString(36)}`;
  const about = (word: string) => mail.received.filter((m) => m.subject === `[Sundial] ${word}: ${name}`);
  await signInAs(page);
  await setUpEmail(page, channel);

  const form = new TaskFormPage(page);
  await form.goto();
  await form.fillName(name);
  await form.chooseHandler('http');
  await form.fillConfig('url', `${targetUrl}/health`);
  await form.setInterval(2);
  await page.getByLabel('Open an incident after').fill('2');
  await page.getByRole('checkbox', { name: `${channel} (email)` }).check();
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
  // One email for the incident, however many more runs fail meanwhile (one every 2 s).
  await expect.poll(() => about('Failing').length, { timeout: 15_000 }).toBe(1);
  expect((about('Failing')[0]!.to as { text: string }).text).toBe('oncall@e2e.test');

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
  await expect.poll(() => about('Recovered').length, { timeout: 15_000 }).toBe(1);
  expect(about('Failing')).toHaveLength(1);
  expect(about('Recovered')[0]!.text).toContain(name);
  await expect(open).toHaveCount(0);
  await shot(page, '2-resolved');
  await overview.goto();
  await expect(overview.openIncidents).toBeVisible();
  await expect(row).toHaveCount(0);
  // It runs every 2 s against a server that closes after this spec: stop it here.
  expect((await apiCall(page, 'DELETE', `/api/v1/tasks/${taskUrl.split('/').pop()}`)).status).toBe(204);
});
