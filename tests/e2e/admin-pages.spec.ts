import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { e2eAdmin } from './admin';
import { ApiKeysPage, AuditPage, SettingsPage, UsersPage } from './pages/admin-pages';
import { SignInPage } from './pages/sign-in-page';
import { shot, signInAs } from './session';

const suffix = randomBytes(4).toString('hex');
const viewer = { email: `viewer2-${suffix}@e2e.test`, name: 'Second Viewer', role: 'viewer', password: 'viewer two password' };
const keyName = `e2e key ${suffix}`;


test.describe.configure({ mode: 'serial' });

test('an admin creates a viewer, makes them an operator, disables them; a viewer gets 404 on admin pages', async ({ page, browser }) => {
  await signInAs(page);
  const users = new UsersPage(page);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(users.heading).toBeVisible();

  await users.create(viewer);
  await expect(users.form.getByRole('status')).toHaveText(`Created ${viewer.email}.`);
  await expect(users.roleOf(viewer.email)).toHaveValue('viewer');
  await expect(users.row(viewer.email)).toContainText('active');
  await expect(users.row(viewer.email)).toContainText('never');

  // The same email again: the server's field message shows by the field; nothing is added.
  await users.create(viewer);
  await expect(users.form.getByText('already taken')).toBeVisible();
  await expect(users.row(viewer.email)).toHaveCount(1);
  await shot(page, 'users-created');

  // The new viewer signs in elsewhere: no admin links, and the admin pages are 404.
  const other = await browser.newContext();
  const viewerPage = await other.newPage();
  await viewerPage.goto('/sign-in');
  await new SignInPage(viewerPage).signIn(viewer.email, viewer.password);
  await expect(viewerPage.getByText(`${viewer.email} (viewer)`)).toBeVisible();
  await expect(viewerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
  for (const path of ['/users', '/api-keys', '/settings', '/audit']) {
    const res = await viewerPage.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(viewerPage.getByRole('form')).toHaveCount(0);
  }
  await shot(viewerPage, 'viewer-gets-404');

  await users.roleOf(viewer.email).selectOption('operator');
  await expect(users.row(viewer.email).getByRole('status')).toHaveCount(0);
  await page.reload();
  await expect(users.roleOf(viewer.email)).toHaveValue('operator');
  await expect(users.row(viewer.email)).not.toContainText('never');

  await users.toggle(viewer.email, 'Disable').click();
  await expect(users.row(viewer.email)).toContainText('disabled');
  await expect(users.toggle(viewer.email, 'Enable')).toBeVisible();
  await shot(page, 'users-disabled');

  // Their open session ends at once, and they cannot sign in again.
  await viewerPage.goto('/');
  await expect(viewerPage).toHaveURL(/\/sign-in/);
  const signIn = new SignInPage(viewerPage);
  await signIn.signIn(viewer.email, viewer.password);
  await expect(signIn.alert).toHaveText('Wrong email or password.');
  await other.close();
});

test('an API key is shown once, works, and stops working when revoked', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signInAs(page);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await keys.create(keyName, 'viewer');
  await expect(keys.dialog).toBeVisible();
  await expect(keys.dialog).toContainText('You won’t see it again');
  const secret = await keys.secret.inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await keys.dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(keys.dialog.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await shot(page, 'api-key-secret-once');
  await keys.dialog.getByRole('button', { name: 'I have stored it' }).click();
  await expect(keys.dialog).toHaveCount(0);
  await expect(keys.row(keyName)).toContainText('active');
  expect(await page.content()).not.toContain(secret);

  // A request context of its own, without the admin's session cookie: only the key counts.
  const withKey = { headers: { authorization: `Bearer ${secret}` } };
  expect((await request.get('/api/v1/tasks', withKey)).status()).toBe(200);
  await page.reload();
  await expect(keys.row(keyName)).not.toContainText('never');

  await keys.revoke(keyName);
  await expect(keys.dialog).toHaveCount(0);
  await expect(keys.row(keyName)).toContainText('revoked');
  await expect(page.getByRole('button', { name: `Revoke ${keyName}` })).toHaveCount(0);
  await shot(page, 'api-key-revoked');
  expect((await request.get('/api/v1/tasks', withKey)).status()).toBe(401);
});

test('a worker key is made for its queues, and the rest of the API refuses it', async ({ page, request }) => {
  await signInAs(page);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await expect(keys.form.getByLabel('Queues')).toHaveCount(0);
  await keys.create(`${keyName} worker`, 'worker', 'bank-sync, Bad Queue');
  await expect(keys.form.getByText(/lowercase letters, digits/)).toBeVisible();
  await keys.form.getByLabel('Queues').fill('bank-sync, payroll');
  await keys.form.getByRole('button', { name: 'Create key' }).click();
  const secret = await keys.secret.inputValue();
  await keys.dialog.getByRole('button', { name: 'I have stored it' }).click();
  await expect(keys.row(`${keyName} worker`)).toContainText('worker: bank-sync, payroll');

  const withKey = { headers: { authorization: `Bearer ${secret}` } };
  expect((await request.get('/api/v1/tasks', withKey)).status()).toBe(403);
  expect((await request.post('/api/v1/remote/claim', { ...withKey, data: { worker: 'e2e', waitSeconds: 0 } })).status()).toBe(204);
});

test('retention and "pause all" are saved and survive a reload; bad input saves nothing', async ({ page }) => {
  await signInAs(page);
  const settings = new SettingsPage(page);
  await settings.goto();
  await expect(settings.runsDays).toHaveValue('90');
  await expect(settings.logsDays).toHaveValue('14');

  await settings.setRetention('45', '10');
  await expect(settings.retention.getByRole('status')).toHaveText('Saved: runs kept 45 days, logs 10 days.');
  await page.reload();
  await expect(settings.runsDays).toHaveValue('45');
  await expect(settings.logsDays).toHaveValue('10');

  await settings.setRetention('0', '10');
  await expect(settings.retention.getByRole('alert')).toHaveText('Nothing was saved: fix the fields marked above.');
  await expect(settings.retention.getByText('between 1 and 3650 days')).toBeVisible();
  await shot(page, 'settings-invalid');
  await page.reload();
  await expect(settings.runsDays).toHaveValue('45');

  await expect(settings.pauseAll).not.toBeChecked();
  await settings.pauseAll.click();
  await expect(page.getByText('Paused: no scheduled run starts on any worker.')).toBeVisible();
  await page.reload();
  await expect(settings.pauseAll).toBeChecked();
  await shot(page, 'settings-paused');
  await settings.pauseAll.click();
  await expect(page.getByText('Running: tasks fire on their schedules.')).toBeVisible();
  await settings.setRetention('90', '14');
  await expect(settings.retention.getByRole('status')).toHaveText('Saved: runs kept 90 days, logs 14 days.');
});

test('the audit log filters by action, keeps the filter in the URL, and shows before and after', async ({ page }) => {
  await signInAs(page);
  const audit = new AuditPage(page);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(audit.entries.first()).toBeVisible();

  await audit.filter({ action: 'api_key.revoke' });
  await expect(page).toHaveURL(/\/audit\?action=api_key\.revoke$/);
  await expect(audit.entries.filter({ hasText: 'api_key.revoke' })).not.toHaveCount(0);
  await expect(audit.entries.filter({ hasNotText: 'api_key.revoke' })).toHaveCount(0);
  const mine = audit.entries.filter({ hasText: keyName });
  await expect(mine).toHaveCount(1);
  await expect(mine.locator('time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);
  await mine.getByText('Before and after').click();
  await expect(mine.getByRole('cell', { name: 'revokedAt', exact: true })).toBeVisible();
  await shot(page, 'audit-filtered');

  await page.reload();
  await expect(audit.filters.getByLabel('Action')).toHaveValue('api_key.revoke');
  await expect(audit.entries.filter({ hasNotText: 'api_key.revoke' })).toHaveCount(0);

  await audit.filter({ action: 'user.update', actor: e2eAdmin.email });
  await expect(page).toHaveURL(/actor=admin%40e2e\.test/);
  await expect(audit.entries.filter({ hasText: viewer.email })).not.toHaveCount(0);

  // Paging: "Older" continues after the last entry shown, with the same filters.
  await audit.goto('?targetType=settings&limit=2');
  await expect(audit.entries).toHaveCount(2);
  const newest = await audit.entries.allTextContents();
  await page.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/targetType=settings&limit=2&cursor=\d+/);
  // Retrying assertions: the previous page stays on screen until the next one arrives.
  await expect(audit.entries.first()).not.toHaveText(newest[0]!);
  await expect(audit.entries).toHaveCount(2);
  await expect(audit.entries.filter({ hasNotText: 'settings.update' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Newest' }).click();
  await expect(page).toHaveURL(/targetType=settings&limit=2$/);
  await expect(audit.entries).toHaveText(newest);

  await audit.filter({ action: 'no.such.action', actor: '' });
  await expect(page.getByRole('status').filter({ hasText: 'No entries match these filters.' })).toBeVisible();
  await expect(audit.entries).toHaveCount(0);
});

test('the admin pages fit a phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInAs(page);
  for (const path of ['/users', '/api-keys', '/settings', '/audit']) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
    await shot(page, `phone${path.replace('/', '-')}`);
  }
});
