import { expect, test, type Page } from '@playwright/test';
import { apiCall, signInAs } from './session';

// Point 9 of issue 10: with the nonce CSP, every page still runs its scripts, and the
// browser reports no blocked script, style or frame on any of them.

type Violation = { directive: string; blocked: string };

async function watchViolations(page: Page): Promise<{ consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  const blocked = /Content Security Policy|Refused to|EvalError|unsafe-eval/i;
  page.on('console', (m) => {
    if (m.type() === 'error' && blocked.test(m.text())) consoleErrors.push(m.text());
  });
  // Only what the policy blocked: a React hydration mismatch (#418, seen once in four CI runs
  // on a time-dependent text) is not this test's subject and is noted on the issue.
  page.on('pageerror', (e) => {
    if (blocked.test(`${e.name}: ${e.message}`)) consoleErrors.push(e.message);
  });
  await page.addInitScript(() => {
    const store: { directive: string; blocked: string }[] = [];
    (window as unknown as { __violations: typeof store }).__violations = store;
    document.addEventListener('securitypolicyviolation', (e) => store.push({ directive: e.violatedDirective, blocked: e.blockedURI }));
  });
  return { consoleErrors };
}

const violationsOn = (page: Page) => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

test('no page has a script or style blocked by the Content-Security-Policy, and the inline theme script runs', async ({ page }) => {
  const watch = await watchViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await signInAs(page);
  const { body: task } = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', { name: 'csp check', handler: 'noop', schedule: { kind: 'manual' } });
  const { body: run } = await apiCall<{ runId: number }>(page, 'POST', `/api/v1/tasks/${task.id}/run`, {});

  for (const path of ['/', '/tasks', '/tasks/new', `/tasks/${task.id}`, `/tasks/${task.id}/edit`, `/runs/${run.runId}`, '/audit', '/users', '/api-keys', '/settings', '/settings/secrets', '/settings/email', '/notifications/channels', '/notifications/deliveries', '/account', '/api-docs']) {
    const answer = await page.goto(path);
    expect(answer?.headers()['content-security-policy'], path).toMatch(/'nonce-/);
    await page.waitForLoadState('networkidle');
    // The theme script is inline: with a dark preference it marks <html> before React runs.
    await expect(page.locator('html'), path).toHaveClass(/dark/);
    expect(await violationsOn(page), path).toEqual([]);
  }
  expect(watch.consoleErrors).toEqual([]);
});

test('client navigation works under the policy: the task form opens from the task list', async ({ page }) => {
  const watch = await watchViolations(page);
  await signInAs(page);
  await page.goto('/tasks');
  await page.getByRole('link', { name: /new task/i }).first().click();
  await expect(page).toHaveURL(/\/tasks\/new$/);
  await expect(page.getByLabel(/name/i).first()).toBeVisible();
  expect(await violationsOn(page)).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
});
