import { expect, test } from '@playwright/test';
import { signInAs } from './session';
import { TaskFormPage } from './pages/task-form-page';

// Issue 13 point 5: "New task → from a template" fills the form with a team's job.

test('the newsletter template fills the form, and saving it creates the task as the template says', async ({ page }) => {
  await signInAs(page);
  const origin = new URL(page.url()).origin;
  // Its signing secret is named by the template; a task naming a missing secret is refused.
  const secret = await page.request.post('/api/v1/secrets', {
    headers: { origin },
    data: { name: 'APP_SIGNING_SECRET', value: `whsec_${Buffer.from('a signing key of thirty-two byte').toString('base64')}` },
  });
  expect([201, 409]).toContain(secret.status());

  const form = new TaskFormPage(page);
  await form.goto();
  await page.getByText('From a template').click();
  await page.getByRole('list', { name: 'Templates' }).getByRole('link', { name: /Daily newsletter/ }).click();
  await expect(form.name).toHaveValue('Daily newsletter');
  await expect(form.handler).toHaveValue('http');
  await expect(form.configInput('url')).toHaveValue('https://app.example.com/newsletter');
  await expect(form.timeZone).toHaveValue('America/New_York');
  await expect(form.scheduleWords).toContainText('08:00');

  const name = `newsletter from template ${Date.now().toString(36)}`;
  await form.fillName(name);
  await form.saveButton.click();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1)!;
  const saved = (await (await page.request.get(`/api/v1/tasks/${id}`)).json()) as Record<string, unknown>;
  expect(saved).toMatchObject({
    name,
    handler: 'http',
    schedule: { kind: 'daily', time: '08:00', timezone: 'America/New_York' },
    policy: { concurrency: 'forbid', misfire: 'coalesce', maxAttempts: 2 },
    config: { method: 'POST', url: 'https://app.example.com/newsletter' },
  });
});
