import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { apiCall, signInAs } from './session';

// Every page, in light and dark mode, against the WCAG 2.1 A and AA rules axe can check
// (labels, names, roles, contrast, landmarks). Keyboard use is exercised by the other specs.
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function audit(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  const { violations } = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('every page passes the automated WCAG 2.1 AA checks, in light and dark mode', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/sign-in');
  await expect(page.getByLabel('Email')).toBeVisible();
  expect(await audit(page), 'sign-in').toEqual([]);

  await signInAs(page);
  const { body: task } = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', {
    name: `a11y ${Date.now().toString(36)}`,
    handler: 'noop',
    schedule: { kind: 'cron', expression: '0 3 * * *', timezone: 'America/New_York' },
  });
  const { body: queued } = await apiCall<{ runId: number }>(page, 'POST', `/api/v1/tasks/${task.id}/run`, { testMode: true });
  const run = { id: queued.runId };
  await expect.poll(async () => (await apiCall<{ status: string }>(page, 'GET', `/api/v1/runs/${run.id}`)).body.status).toBe('succeeded');

  const pages: [string, string][] = [
    ['/', 'Overview'],
    ['/tasks', 'Tasks'],
    ['/tasks/new', 'New task'],
    [`/tasks/${task.id}`, 'a11y'],
    [`/tasks/${task.id}/edit`, 'Edit a11y'],
    [`/runs/${run.id}`, `Run #${run.id}`],
    ['/users', 'Users'],
    ['/api-keys', 'API keys'],
    ['/settings', 'Settings'],
    ['/settings/secrets', 'Secrets'],
    ['/report', 'Weekly report'],
    ['/settings/email', 'Settings · Email'],
    ['/notifications/channels', 'Notifications · Channels'],
    ['/notifications/deliveries', 'Deliveries'],
    ['/audit', 'Audit log'],
    ['/account', 'Account'],
  ];
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
      // The task form renders in the browser; wait for its inputs before the audit.
      if (path.endsWith('/new') || path.endsWith('/edit')) await page.getByLabel('Name', { exact: true }).waitFor();
      found.push(...(await audit(page)).map((v) => `${scheme} ${path}: ${v}`));
    }
  }
  expect(found).toEqual([]);
  expect((await apiCall(page, 'DELETE', `/api/v1/tasks/${task.id}`)).status).toBe(204);
});
