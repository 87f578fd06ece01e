import { expect, test } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';
import { apiCall, signInAs } from './session';

test('a user changes their own password on the Account page, is signed out, then signs in with it', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signInAs(page);
  const created = await apiCall(page, 'POST', '/api/v1/users', { email: 'viewer@e2e.test', role: 'viewer', password: 'first password 123' });
  expect(created.status).toBe(201);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn.signIn('viewer@e2e.test', 'first password 123');
  await page.getByRole('link', { name: 'Account' }).click();
  const current = page.getByLabel('Current password');
  const next = page.getByLabel('New password');
  const submit = page.getByRole('button', { name: 'Change password' });
  await current.fill('not it');
  await next.fill('second password 456');
  await submit.click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Current password is not your current password.');
  await current.fill('first password 123');
  await submit.click();
  // Every session ended with the old password, this one too.
  await expect(page).toHaveURL(/\/sign-in\?notice=password-changed$/);
  await expect(page.getByRole('status')).toHaveText('Password changed, and every session ended. Sign in with the new password.');

  await signIn.signIn('viewer@e2e.test', 'first password 123');
  await expect(signIn.alert).toHaveText('Wrong email or password.');
  await signIn.signIn('viewer@e2e.test', 'second password 456');
  await expect(page.getByText('viewer@e2e.test (viewer)')).toBeVisible();
});

test('"Sign out everywhere" on the Account page ends the session in another browser too', async ({ page, browser }) => {
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await signInAs(elsewhere);
  await signInAs(page);

  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=signed-out-everywhere$/);
  await expect(page.getByRole('status')).toHaveText('Signed out everywhere: every session of yours has ended.');

  await elsewhere.goto('/tasks');
  await expect(elsewhere).toHaveURL(/\/sign-in/);
  expect((await elsewhere.request.get('/api/v1/tasks')).status()).toBe(401);
  await other.close();
});

test('a user chooses what is emailed to them on the Account page, and admins see it on the Users page', async ({ page }) => {
  await signInAs(page);
  await page.getByRole('link', { name: 'Account' }).click();
  const failing = page.getByRole('checkbox', { name: 'A task starts failing (an incident opens)' });
  const report = page.getByRole('checkbox', { name: 'The weekly report' });
  await failing.check();
  await report.check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Saved\. \S+ gets 2 kinds of email\.$/);
  await page.reload();
  await expect(failing).toBeChecked();
  await expect(report).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'No worker is running' })).not.toBeChecked();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByTestId('user-row').filter({ hasText: '(you)' })).toContainText('incident.opened, report.weekly');
  expect((await apiCall(page, 'PUT', '/api/v1/me/notifications', { events: [] })).status).toBe(200);
});
