import { expect, test } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';

test('the 6th wrong password within a minute gets 429 with the wait, in the API and on the page', async ({ page, request }) => {
  const email = 'nobody@e2e.test';
  const attempt = async () => {
    const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    return request.post('/api/auth/callback/credentials', { form: { email, password: 'wrong', csrfToken, json: 'true' } });
  };
  for (let i = 1; i <= 5; i++) expect([200, 401]).toContain((await attempt()).status());
  const sixth = await attempt();
  expect(sixth.status()).toBe(429);
  expect(Number(sixth.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await sixth.json()).error.message).toMatch(/^Too many failed sign-ins. Try again in \d+ s.$/);

  await page.goto('/sign-in');
  const signIn = new SignInPage(page);
  await signIn.signIn(email, 'still wrong');
  await expect(signIn.alert).toHaveText(/Too many failed sign-ins. Try again in \d+ s./);
});
