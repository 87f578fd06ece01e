import { expect, test } from '@playwright/test';
import { e2eAdmin } from './admin';
import { SignInPage } from './pages/sign-in-page';

test('a user changes their own password on the Account page, then signs in with it', async ({ page, baseURL }) => {
  const signIn = new SignInPage(page);
  const signOut = () => page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/sign-in');
  await signIn.signIn(e2eAdmin.email, e2eAdmin.password);
  await expect(page.getByText(`${e2eAdmin.email} (admin)`)).toBeVisible();
  const created = await page.request.post('/api/v1/users', {
    data: { email: 'viewer@e2e.test', role: 'viewer', password: 'first password 123' },
    headers: { origin: baseURL! },
  });
  expect(created.status()).toBe(201);
  await signOut();

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
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Password changed.');
  await signOut();

  await signIn.signIn('viewer@e2e.test', 'first password 123');
  await expect(signIn.alert).toHaveText('Wrong email or password.');
  await signIn.signIn('viewer@e2e.test', 'second password 456');
  await expect(page.getByText('viewer@e2e.test (viewer)')).toBeVisible();
});
