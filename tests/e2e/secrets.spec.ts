import { expect, test, type Page } from '@playwright/test';
import { SecretsPage } from './pages/secrets-page';
import { TaskFormPage } from './pages/task-form-page';
import { SignInPage } from './pages/sign-in-page';
import { apiCall, shot, signInAs } from './session';

// Issue 10, point 2: Settings → Secrets, where values are write-only, and pages that never
// show a viewer a task's Authorization header or a run's params.password.

const suffix = Date.now().toString(36);
const values = ['e2e-first-value-1', 'e2e-second-value-2'];
const neverShown = async (page: Page, ...secrets: string[]) => {
  const html = await page.content();
  for (const s of secrets) expect(html, `the page shows ${s}`).not.toContain(s);
};

test('an admin adds, replaces and deletes secrets, and never sees a value again', async ({ page }) => {
  await signInAs(page);
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Secrets' }).click();
  const secrets = new SecretsPage(page);
  await expect(secrets.heading).toBeVisible();

  await secrets.add('BANK_TOKEN', values[0]!);
  await expect(secrets.form.getByRole('status')).toHaveText('Saved BANK_TOKEN. Use it as {{secrets.BANK_TOKEN}}.');
  await expect(secrets.form.getByLabel('Value')).toHaveValue('');
  await expect(secrets.row('BANK_TOKEN')).toContainText('set');
  await expect(secrets.row('BANK_TOKEN')).toContainText('never');
  await neverShown(page, ...values);

  await secrets.replace('BANK_TOKEN', values[1]!);
  await expect(secrets.dialog).toBeHidden();
  await page.reload();
  await expect(secrets.row('BANK_TOKEN')).toContainText('set');
  await neverShown(page, ...values);
  const list = await apiCall<{ items: unknown[] }>(page, 'GET', '/api/v1/secrets');
  expect(JSON.stringify(list.body)).not.toMatch(new RegExp(values.join('|')));

  // A secret in use cannot be deleted; the dialog says which task uses it.
  const task = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', {
    name: `uses bank token ${suffix}`,
    handler: 'http',
    config: { url: 'https://bank.example/sync', headers: { Authorization: 'Bearer {{secrets.BANK_TOKEN}}' } },
    schedule: { kind: 'manual' },
  });
  expect(task.status).toBe(201);
  await secrets.delete('BANK_TOKEN');
  await expect(secrets.dialog.getByRole('alert')).toContainText(`uses bank token ${suffix}`);
  await shot(page, 'secret-in-use');
  await secrets.dialog.getByRole('button', { name: 'Cancel' }).click();

  await secrets.add('UNUSED', 'e2e-unused-value');
  await expect(secrets.row('UNUSED')).toBeVisible();
  await secrets.delete('UNUSED');
  await expect(secrets.row('UNUSED')).toHaveCount(0);
  await expect(secrets.row('BANK_TOKEN')).toBeVisible();
  await shot(page, 'secrets');

  // The task form names the stored secrets a config may use.
  await page.goto('/tasks/new');
  await new TaskFormPage(page).chooseHandler('http');
  await expect(page.getByTestId('secret-hint')).toContainText('BANK_TOKEN');
});

test('a viewer reads neither an Authorization header nor a run password, in the pages or the API', async ({ page, browser }) => {
  await signInAs(page);
  const viewer = { email: `secrets-viewer-${suffix}@e2e.test`, password: 'a viewer password', role: 'viewer' };
  expect((await apiCall(page, 'POST', '/api/v1/users', viewer)).status).toBe(201);
  const http = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', {
    name: `bank with a literal header ${suffix}`,
    handler: 'http',
    config: { url: 'https://bank.example/sync?api_key=e2e-query-key', headers: { Authorization: 'Bearer s3cret' } },
    schedule: { kind: 'manual' },
  });
  expect(http.status).toBe(201);
  const noop = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', { name: `with params ${suffix}`, handler: 'noop', schedule: { kind: 'manual' } });
  const run = await apiCall<{ runId: number }>(page, 'POST', `/api/v1/tasks/${noop.body.id}/run`, { params: { user: 'bob', password: 'e2e-run-password' } });
  expect(run.status).toBe(202);
  const hidden = ['s3cret', 'e2e-query-key', 'e2e-run-password'];

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await viewerPage.goto('/sign-in');
  await new SignInPage(viewerPage).signIn(viewer.email, viewer.password);
  await expect(viewerPage.getByText(`${viewer.email} (viewer)`)).toBeVisible();
  for (const path of [`/tasks/${http.body.id}`, `/runs/${run.body.runId}`, '/tasks', '/']) {
    const html = await (await viewerPage.request.get(path)).text();
    for (const s of hidden) expect(html, `${path} shows ${s}`).not.toContain(s);
  }
  await viewerPage.goto(`/runs/${run.body.runId}`);
  await expect(viewerPage.getByText('[redacted]').first()).toBeVisible();
  await neverShown(viewerPage, ...hidden);
  for (const path of [`/api/v1/tasks/${http.body.id}`, `/api/v1/runs/${run.body.runId}`, '/api/v1/tasks', '/api/v1/runs']) {
    const res = await apiCall(viewerPage, 'GET', path);
    expect(res.status).toBe(200);
    for (const s of hidden) expect(JSON.stringify(res.body), `${path} answers ${s}`).not.toContain(s);
  }
  await context.close();
});
