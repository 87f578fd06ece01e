import { expect, test } from '@playwright/test';
import { apiCall, signInAs } from './session';

// The weekly report page: this week's report rendered as the email, and "Send now", which is a
// run of the report task (the e2e server skips creating the built-in one, so the spec makes it).
test('the weekly report previews in the dashboard and "Send now" runs the report task', async ({ page }) => {
  await signInAs(page);
  const name = `weekly ${Date.now().toString(36)}`;
  const { body: task } = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', {
    name,
    handler: 'weekly-report',
    schedule: { kind: 'cron', expression: '0 8 * * 1', timezone: 'Europe/Berlin' },
  });

  await page.goto('/report');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weekly report');
  await expect(page.getByRole('link', { name, exact: true })).toHaveAttribute('href', `/tasks/${task.id}`);
  const email = page.frameLocator('iframe[title="Weekly report email preview"]');
  await expect(email.getByRole('heading', { name: /Weekly report, \d{4}-\d\d-\d\d to/ })).toBeVisible();
  await expect(email.getByRole('link', { name, exact: true })).toBeVisible();

  // Day, time, zone and channels are saved on the task; a wrong zone is refused and changes nothing.
  const when = page.getByRole('form', { name: 'Weekly report schedule' });
  await when.getByLabel('Day').selectOption('fri');
  await when.getByLabel('Time', { exact: true }).fill('17:30');
  await when.getByLabel('Time zone').fill('Mars/Olympus');
  await when.getByRole('button', { name: 'Save' }).click();
  await expect(when.getByRole('status')).toContainText('timezone');
  expect((await apiCall<{ schedule: { expression: string } }>(page, 'GET', `/api/v1/tasks/${task.id}`)).body.schedule.expression).toBe('0 8 * * 1');
  await when.getByLabel('Time zone').fill('America/New_York');
  await when.getByRole('button', { name: 'Save' }).click();
  await expect(when.getByRole('status')).toHaveText('Saved.');
  expect((await apiCall<{ schedule: unknown }>(page, 'GET', `/api/v1/tasks/${task.id}`)).body.schedule).toMatchObject({ kind: 'cron', expression: '30 17 * * 5', timezone: 'America/New_York' });

  await page.getByRole('button', { name: 'Send now' }).click();
  const runLink = page.getByRole('status').getByRole('link', { name: /run #\d+/ });
  await expect(runLink).toBeVisible();
  await runLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Run #');
  await expect(page.getByText('succeeded').first()).toBeVisible({ timeout: 30_000 });
  expect((await apiCall(page, 'DELETE', `/api/v1/tasks/${task.id}`)).status).toBe(204);
});
