import { expect, test } from '@playwright/test';
import { e2eAdmin } from './admin';
import { SignInPage } from './pages/sign-in-page';

// The e2e server's NEXTAUTH_URL is http://localhost:<port> (bin/web.ts's default) while the
// browser uses http://127.0.0.1:<port>: every redirect must keep the browser on the host it used.

test('sign-in never follows a callbackUrl to another host, and sign-out stays on this host', async ({ page, baseURL }) => {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent('/\\127.0.0.2:39999/phish')}`);
  await new SignInPage(page).signIn(e2eAdmin.email, e2eAdmin.password);
  await expect(page.getByTestId('current-user')).toContainText(e2eAdmin.email);
  expect(page.url()).toBe(`${baseURL}/`);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${baseURL}/sign-in`);

  await page.goto('/sign-in?callbackUrl=%2Ftasks');
  await new SignInPage(page).signIn(e2eAdmin.email, e2eAdmin.password);
  await expect(page).toHaveURL(`${baseURL}/tasks`);
});
