import { expect, test } from '@playwright/test';
import { shot, signInAs } from './session';
import { TaskFormPage } from './pages/task-form-page';
import { RunDetailPage } from './pages/run-detail-page';
import { TaskDetailPage } from './pages/task-detail-page';
import { appServer } from '../helpers/app-server';

// The newsletter app: each step answers at once; generate makes the issue.
let app: Awaited<ReturnType<typeof appServer>>;
test.beforeAll(async () => {
  app = await appServer((call) => ({ status: 200, body: call.path.endsWith('/generate') ? { title: 'Daily newsletter', articles: 6 } : { ok: true } }));
});
test.afterAll(() => app.close());

// Issue 13 point 5: "New task → from a template" fills the form with a team's job.

test('the newsletter pipeline from its template: saved, run in test mode, and its step timeline shows the send skipped', async ({ page }) => {
  test.setTimeout(90_000);
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
  await expect(form.handler).toHaveValue('pipeline');
  await expect(form.timeZone).toHaveValue('America/New_York');
  await expect(form.scheduleWords).toContainText('08:00');
  // The steps, as JSON: pointed at the app, as the template's description asks.
  const steps = form.configInput('steps');
  await expect(steps).toHaveValue(/https:\/\/app\.example\.com\/newsletter\/scrape/);
  const asTemplated = await steps.inputValue();
  const name = `newsletter from template ${Date.now().toString(36)}`;
  await form.fillName(name);
  // A step its own handler would refuse is named in the error, and nothing is saved.
  await steps.fill(asTemplated.replace('https://app.example.com/newsletter/generate', 'not a url'));
  await form.saveButton.click();
  await expect(steps).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`[id="${await steps.getAttribute('id')}-error"]`)).toContainText('item 2, config.url');
  await steps.fill(asTemplated.replaceAll('https://app.example.com', app.url));
  await form.saveButton.click();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1)!;
  const saved = (await (await page.request.get(`/api/v1/tasks/${id}`)).json()) as Record<string, unknown>;
  expect(saved).toMatchObject({
    name,
    handler: 'pipeline',
    schedule: { kind: 'daily', time: '08:00', timezone: 'America/New_York' },
    policy: { concurrency: 'forbid', misfire: 'coalesce' },
    config: { steps: [{ name: 'scrape' }, { name: 'generate' }, { name: 'send', skipInTestMode: true }] },
  });

  const detail = new TaskDetailPage(page);
  const runId = await detail.runNow({ testMode: true });
  const run = new RunDetailPage(page);
  await run.goto(runId!);
  await run.expectStatus('succeeded', 30_000);
  const timeline = page.getByRole('list', { name: 'Steps' });
  await expect(timeline.getByTestId('run-step')).toHaveCount(3);
  await expect(timeline.locator('[data-step="scrape"]')).toHaveAttribute('data-status', 'succeeded');
  await expect(timeline.locator('[data-step="generate"]')).toHaveAttribute('data-status', 'succeeded');
  const send = timeline.locator('[data-step="send"]');
  await expect(send).toHaveAttribute('data-status', 'skipped');
  await expect(send).toContainText('test mode');
  // A step's result and log lines open under it.
  await timeline.locator('[data-step="generate"]').getByText('Result and log of generate').click();
  await expect(page.getByLabel('Result of generate')).toContainText('"title": "Daily newsletter"');
  await expect(page.getByLabel('Log of generate')).toContainText('/newsletter/generate -> 200');
  await shot(page, 'newsletter-pipeline-run');
  expect(app.calls.map((c) => c.path)).toEqual(['/newsletter/scrape', '/newsletter/generate']);
});
