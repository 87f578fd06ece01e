import { expect, test } from '@playwright/test';
import { startMailServer, type MailServer } from '../helpers/mail';
import { apiCall, shot, signInAs } from './session';

// Issue 11, points 1, 2 and 5: an admin sets SMTP in Settings → Email and sends a test that
// arrives at this spec's own SMTP server; then an email channel's "Send test" goes through the
// outbox and the worker, and shows on Deliveries.

let mail: MailServer;
test.beforeAll(async () => {
  mail = await startMailServer();
});
test.afterAll(async () => {
  await mail.close();
});

test('an admin sets SMTP, sends a test email, and tests an email channel', async ({ page }) => {
  const suffix = Date.now().toString(36);
  await signInAs(page);
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Email' }).click();
  await expect(page.getByRole('heading', { name: 'Settings · Email' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Email settings' });
  await form.getByLabel('SMTP host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(mail.port));
  await form.getByLabel('From', { exact: true }).fill('Sundial <sundial@e2e.test>');
  await form.getByLabel('Password', { exact: true }).fill('e2e-smtp-password');
  await form.getByLabel('Subject prefix', { exact: true }).fill(`[E2E ${suffix}]`);
  await form.getByRole('button', { name: 'Save email settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(form.getByText('Set. Leave empty to keep it.')).toBeVisible();
  expect(await page.content()).not.toContain('e2e-smtp-password');

  const tester = page.getByRole('form', { name: 'Send test email' });
  await tester.getByLabel('Recipient').fill('admin-inbox@e2e.test');
  await tester.getByRole('button', { name: 'Send test email' }).click();
  await expect(page.getByTestId('smtp-test-result')).toHaveText(/^Sent\. The server answered: 250 /);
  await expect.poll(() => mail.received.length).toBe(1);
  expect(mail.received[0]!.subject).toBe(`[E2E ${suffix}] Test message for SMTP settings`);
  expect((mail.received[0]!.to as { text: string }).text).toBe('admin-inbox@e2e.test');

  // The template preview shows the same message, in a sandboxed frame.
  await expect(page.getByTestId('preview-subject')).toHaveText(`[E2E ${suffix}] Test message for Ops email`);
  await expect(page.frameLocator('iframe[title="Preview of test"]').getByText('If you can read this, the channel works.')).toBeVisible();
  await shot(page, 'settings-email');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
  const create = page.getByRole('form', { name: 'New channel' });
  await create.getByLabel('Name', { exact: true }).fill(`Ops ${suffix}`);
  await create.getByLabel('Recipients', { exact: true }).fill('ops@e2e.test, oncall@e2e.test');
  await create.getByRole('button', { name: 'Add channel' }).click();
  const row = page.getByTestId('channel-row').filter({ hasText: `Ops ${suffix}` });
  await expect(row).toContainText('ops@e2e.test, oncall@e2e.test');
  await row.getByRole('button', { name: `Send test to Ops ${suffix}` }).click();
  await expect(row.getByTestId('test-result')).toHaveText(`sent: delivered to Ops ${suffix}`, { timeout: 20_000 });
  await expect.poll(() => mail.received.length).toBe(2);
  expect(mail.received[1]!.subject).toBe(`[E2E ${suffix}] Test message for Ops ${suffix}`);
  await shot(page, 'channels');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).click();
  await expect(page.getByTestId('delivery-row').first()).toContainText(`Ops ${suffix}`);
  await expect(page.getByTestId('delivery-row').first()).toContainText('sent');

  const channels = await apiCall<{ items: { name: string }[] }>(page, 'GET', '/api/v1/channels');
  expect(channels.body.items.map((c) => c.name)).toContain(`Ops ${suffix}`);
});
