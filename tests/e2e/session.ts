import { expect, test, type Page } from '@playwright/test';
import { e2eAdmin } from './admin';
import { SignInPage } from './pages/sign-in-page';

/** Sign in through the form and wait for the dashboard. */
export async function signInAs(page: Page, email = e2eAdmin.email, password = e2eAdmin.password): Promise<void> {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(email, password);
  await expect(page.getByTestId('current-user')).toContainText(email);
}

/** A JSON call with the page's session, as the browser would make it (same origin). */
export async function apiCall<T = unknown>(page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<{ status: number; body: T }> {
  const origin = new URL(page.url()).origin;
  const res = await page.request.fetch(path, { method, data, headers: { origin } });
  const text = await res.text();
  return { status: res.status(), body: (text ? JSON.parse(text) : null) as T };
}

/** A full-page screenshot kept with the test's artifacts. */
export const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
