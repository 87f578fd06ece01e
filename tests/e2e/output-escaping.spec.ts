import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { apiCall, signInAs } from './session';

// Issue 10 acceptance: output escaping keeps holding. Markup goes into every place a user or
// a called app can write (names, description, tags, config, params, results, errors, log
// lines, user and key names, the audit log), and every page that shows it must show it as
// text. The Content-Security-Policy would stop an injected handler from running anyway, so
// the test looks for injected elements and attributes in the DOM, not only for an alert.

const MARK = '__xss_probe';
const payloads = (where: string) => [
  `<img src=x onerror="window.${MARK}='${where}'">`,
  `"><svg onload="window.${MARK}='${where}'">`,
  `<script>window.${MARK}='${where}'</script>`,
];
const one = (where: string) => payloads(where).join(' ');

/** Elements or attributes that carry the probe: markup that became DOM instead of text. */
const injected = (page: Page) =>
  page.evaluate((mark) => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      // Next's own inline scripts carry the page data, payload included, as a string: only a
      // script that is the payload itself was injected.
      if (el.tagName === 'SCRIPT' && el.textContent?.trim().startsWith(`window.${mark}`)) found.push(`script: ${el.textContent.slice(0, 80)}`);
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.startsWith('on') && attr.value.includes(mark)) found.push(`${el.tagName.toLowerCase()}[${attr.name}]`);
      }
    }
    return { found, ran: (window as unknown as Record<string, unknown>)[mark] ?? null };
  }, MARK);

test('markup written anywhere is shown as text on every page', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // The app the http task calls answers with markup: first as a JSON result, then as an error.
  let calls = 0;
  const app = http.createServer((_req, res) => {
    calls++;
    res.setHeader('content-type', calls === 1 ? 'application/json' : 'text/plain');
    res.statusCode = calls === 1 ? 200 : 500;
    res.end(calls === 1 ? JSON.stringify({ html: one('result') }) : one('error'));
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/call`;

  try {
    await signInAs(page);
    const created = await apiCall<{ id: string }>(page, 'POST', '/api/v1/tasks', {
      name: `task ${one('name')}`.slice(0, 200),
      description: one('description'),
      tags: [`<b onmouseover="window.${MARK}='tag'">t</b>`],
      handler: 'http',
      config: { url, method: 'POST', headers: { 'X-Note': one('header') }, body: one('body') },
      schedule: { kind: 'manual' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const taskId = created.body.id;
    const runs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await apiCall<{ runId: number }>(page, 'POST', `/api/v1/tasks/${taskId}/run`, { params: { note: one('params') } });
      runs.push(body.runId);
      await expect
        .poll(async () => (await apiCall<{ status: string }>(page, 'GET', `/api/v1/runs/${body.runId}`)).body.status, { timeout: 30_000 })
        .not.toMatch(/^(queued|running)$/);
    }
    expect((await apiCall(page, 'POST', '/api/v1/users', { email: 'markup@example.com', name: one('user'), role: 'viewer', password: 'viewer password 123' })).status).toBe(201);
    expect((await apiCall(page, 'POST', '/api/v1/api-keys', { name: one('key').slice(0, 100), role: 'viewer' })).status).toBe(201);

    const pages = ['/', '/tasks', `/tasks/${taskId}`, `/tasks/${taskId}/edit`, ...runs.map((id) => `/runs/${id}`), '/audit', '/users', '/api-keys'];
    for (const path of pages) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(await injected(page), path).toEqual({ found: [], ran: null });
    }
    // The markup reached the pages, as text.
    await page.goto(`/tasks/${taskId}`);
    await expect(page.getByText(`<img src=x onerror="window.${MARK}='name'">`, { exact: false }).first()).toBeVisible();
    expect(dialogs).toEqual([]);
  } finally {
    app.close();
  }
});
