import { expect, test } from '@playwright/test';
import { e2eAdmin } from './admin';
import { OverviewPage } from './pages/overview-page';
import { SignInPage } from './pages/sign-in-page';
import { signInAs } from './session';

test('the dashboard needs a sign-in, then shows the live worker and its heartbeat', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(page).toHaveURL(/\/sign-in/);

  const signIn = new SignInPage(page);
  await signIn.signIn(e2eAdmin.email, 'wrong password');
  await expect(signIn.alert).toHaveText('Wrong email or password.');
  await signIn.signIn(e2eAdmin.email, e2eAdmin.password);

  await expect(overview.heading).toBeVisible();
  await expect(page.getByText(`${e2eAdmin.email} (admin)`)).toBeVisible();
  await expect(overview.workerStatus).toHaveText(/^1 worker alive, last heartbeat \d+s ago$/);
  await expect(overview.workerRows).toHaveCount(1);
  await expect(overview.workerRows.first()).toContainText(/UTC/);
  await expect(overview.workers.getByText('healthy')).toBeVisible();

  await page.getByRole('link', { name: 'API', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();
  await expect(page.getByText('Queue a run now, with params and test mode')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await overview.goto();
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the health endpoint answers its status to anyone, and the database, schema and worker to a signed-in user', async ({ request, page }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
  await signInAs(page);
  const full = await page.request.get('/api/health');
  expect(await full.json()).toMatchObject({ status: 'ok', database: { up: true }, schema: { state: 'current' }, workers: { live: 1 } });
});
