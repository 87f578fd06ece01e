import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';
import { signInAs } from './session';
import { TaskDetailPage } from './pages/task-detail-page';
import { TaskFormPage } from './pages/task-form-page';

// The viewer sits in New York, the task runs in Berlin: the preview must show both.
test.use({ timezoneId: 'America/New_York' });

let target: http.Server;
let targetUrl: string;

test.beforeAll(async () => {
  target = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/ping`;
});
test.afterAll(async () => {
  await new Promise((resolve) => target.close(resolve));
});

/** Session-authenticated mutations must come from the dashboard's own origin. */
const sameOrigin = (page: Page) => ({ origin: new URL(page.url()).origin });
const unique = (what: string) => `form e2e ${what} ${Date.now().toString(36)}`;

async function tasksNamed(page: Page, name: string): Promise<{ id: string; name: string }[]> {
  const res = await page.request.get(`/api/v1/tasks?q=${encodeURIComponent(name)}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: { id: string; name: string }[] }).items.filter((t) => t.name === name);
}

/** A signed-in admin on the new-task form, the name filled in and the noop handler chosen. */
async function newNoopTask(page: Page, what: string): Promise<{ form: TaskFormPage; name: string }> {
  await signInAs(page);
  const form = new TaskFormPage(page);
  await form.goto();
  const name = unique(what);
  await form.fillName(name);
  await form.chooseHandler('noop');
  return { form, name };
}

const deleteTask = async (page: Page, id: string) => expect((await page.request.delete(`/api/v1/tasks/${id}`, { headers: sameOrigin(page) })).status()).toBe(204);

test('an admin creates an http task every 2 s in Europe/Berlin, previews its fires, and saves it', async ({ page }) => {
  await signInAs(page);
  const form = new TaskFormPage(page);
  await form.goto();
  await page.screenshot({ path: test.info().outputPath('new-task-empty.png'), fullPage: true });

  const name = unique('http');
  await form.fillName(name);
  await form.chooseHandler('http');
  await expect(form.configInput('method')).toHaveValue('GET');
  await expect(form.configInput('timeoutSeconds')).toHaveValue('30');
  await form.fillConfig('url', targetUrl);
  // The JSON fallback shows the same config, and the form reads it back.
  await page.getByRole('button', { name: 'Edit as JSON' }).click();
  await expect(page.getByLabel('Configuration (JSON)')).toHaveValue(new RegExp(`"url": "${targetUrl}"`));
  await page.getByRole('button', { name: 'Edit as form' }).click();
  await expect(form.configInput('url')).toHaveValue(targetUrl);
  await form.setCron('*/2 * * * * *', 'Europe/Berlin');

  await expect(form.scheduleWords).toHaveText('Every 2 seconds (Europe/Berlin)');
  await expect(form.previewItems).toHaveCount(5);
  const fires = await form.previewItems.allTextContents();
  const seconds: number[] = [];
  for (const text of fires) {
    // "2026-11-25 23:00:02 Europe/Berlin 2026-11-25 17:00:02 America/New_York": one instant, two zones.
    const match = /^(\d{4}-\d\d-\d\d \d\d):(\d\d):(\d\d) Europe\/Berlin\s*(\d{4}-\d\d-\d\d \d\d):(\d\d):(\d\d) America\/New_York$/.exec(text.trim());
    expect(match, text).not.toBeNull();
    const [, berlinHour, minute, second, newYorkHour, nyMinute, nySecond] = match!;
    expect([nyMinute, nySecond]).toEqual([minute, second]);
    expect(berlinHour).not.toBe(newYorkHour);
    expect(Number(second) % 2).toBe(0);
    seconds.push(Date.parse(`${berlinHour!.replace(' ', 'T')}:${minute}:${second}Z`));
  }
  expect(seconds.slice(1).map((s, i) => s - seconds[i]!)).toEqual([2000, 2000, 2000, 2000]);
  // Policies: a catch-up cap only for catch_up, a concurrency limit only for allow.
  await expect(page.getByLabel('Catch-up cap')).toHaveCount(0);
  await page.getByLabel('Misfire', { exact: true }).selectOption('catch_up');
  await page.getByLabel('Catch-up cap').fill('3');
  await page.getByLabel('Concurrency', { exact: true }).selectOption('allow');
  await page.getByLabel('Max concurrent runs').fill('2');
  await page.screenshot({ path: test.info().outputPath('new-task-filled.png'), fullPage: true });

  await form.save();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const saved = await page.request.get(`/api/v1/tasks/${id}`);
  expect(saved.status()).toBe(200);
  expect(await saved.json()).toMatchObject({
    name,
    handler: 'http',
    config: { url: targetUrl, method: 'GET' },
    schedule: { kind: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' },
    enabled: true,
    policy: { misfire: 'catch_up', catchUpMax: 3, concurrency: 'allow', maxConcurrent: 2 },
  });
  expect((await page.request.delete(`/api/v1/tasks/${id}`, { headers: sameOrigin(page) })).status()).toBe(204);
});

test("an interval shows its anchor, and the preview's fires are the saved task's next runs", async ({ page }) => {
  const { form } = await newNoopTask(page, 'interval');
  await form.chooseMode('Interval');
  await page.getByLabel('Every', { exact: true }).fill('2');
  // By default the grid passes through the next whole hour in the viewer's zone, New York.
  // (Chromium leaves out seconds that are zero.)
  await expect(form.anchor).toHaveValue(/^\d{4}-\d\d-\d\dT\d\d:00(:00)?$/);
  await expect(form.timeZone).toHaveValue('America/New_York');
  await expect(form.previewItems).toHaveCount(5);
  expect(new Set((await form.previewItems.allTextContents()).map((t) => t.slice(14, 19)))).toEqual(new Set(['00:00']));

  await form.anchor.fill('2026-01-01T00:15:30');
  await expect(form.previewItems.first()).toContainText(':15:30 America/New_York');
  const previewed = await form.previewInstants();
  expect(previewed).toHaveLength(5);
  expect(previewed.slice(1).map((t, i) => Date.parse(t) - Date.parse(previewed[i]!))).toEqual([7_200_000, 7_200_000, 7_200_000, 7_200_000]);
  await page.screenshot({ path: test.info().outputPath('interval-anchor.png'), fullPage: true });

  await form.save();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const detail = new TaskDetailPage(page);
  await expect(detail.nextFires).toHaveCount(5);
  expect(await detail.nextFireInstants()).toEqual(previewed);
  expect(await (await page.request.get(`/api/v1/tasks/${id}`)).json()).toMatchObject({ schedule: { kind: 'interval', everySeconds: 7200, anchor: '2026-01-01T05:15:30.000Z' } });

  await form.gotoEdit(id);
  await expect(form.anchor).toHaveValue('2026-01-01T00:15:30');
  await deleteTask(page, id);
});

test('a daily task reads back as daily, and a once keeps the zone it was entered in', async ({ page }) => {
  const { form } = await newNoopTask(page, 'daily');
  await form.chooseMode('Daily');
  await page.getByLabel('Time', { exact: true }).fill('08:00');
  await form.timeZone.fill('Europe/Berlin');
  await expect(form.scheduleWords).toHaveText('At 08:00 (Europe/Berlin)');
  await form.save();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await expect(new TaskDetailPage(page).scheduleSummary).toHaveText('At 08:00 (Europe/Berlin)');
  const read = async () => ((await (await page.request.get(`/api/v1/tasks/${id}`)).json()) as { schedule: unknown }).schedule;
  expect(await read()).toEqual({ kind: 'daily', time: '08:00', timezone: 'Europe/Berlin' });

  await form.gotoEdit(id);
  await expect(page.getByRole('radio', { name: 'Daily' })).toBeChecked();
  await expect(page.getByLabel('Time', { exact: true })).toHaveValue('08:00');
  await expect(form.timeZone).toHaveValue('Europe/Berlin');

  // Once, entered in Tokyo by a viewer in New York: it reopens in Tokyo, not in the viewer's zone.
  await form.chooseMode('Once');
  await form.timeZone.fill('Asia/Tokyo');
  await page.getByLabel('Date and time').fill('2030-06-01T09:30');
  await form.save();
  await expect(page).toHaveURL(new RegExp(`/tasks/${id}$`));
  expect(await read()).toEqual({ kind: 'once', at: '2030-06-01T00:30:00.000Z', timezone: 'Asia/Tokyo' });
  await form.gotoEdit(id);
  await expect(page.getByRole('radio', { name: 'Once' })).toBeChecked();
  await expect(page.getByLabel('Date and time')).toHaveValue('2030-06-01T09:30');
  await expect(form.timeZone).toHaveValue('Asia/Tokyo');
  await deleteTask(page, id);
});

test('an invalid cron expression shows its field error, and nothing is saved', async ({ page }) => {
  const { form, name } = await newNoopTask(page, 'bad cron');
  await form.setCron('61 * * * *', 'UTC');

  await expect(form.fieldError('Cron expression')).toHaveText('minute: 61 is out of range 0-59');
  await expect(form.cronExpression).toHaveAttribute('aria-invalid', 'true');
  await expect(form.previewItems).toHaveCount(0);
  await expect(form.scheduleWords).toHaveText('Fix the schedule above to see when it runs.');

  await form.timeZone.fill('Mars/Base');
  await expect(form.fieldError('Time zone')).toHaveText('unknown time zone Mars/Base');

  await form.save();
  await expect(form.form.getByRole('alert')).toContainText('2 fields need attention; nothing was saved.');
  await expect(form.cronExpression).toBeFocused();
  await expect(page).toHaveURL(/\/tasks\/new$/);
  await page.screenshot({ path: test.info().outputPath('invalid-cron.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await form.cronExpression.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('invalid-cron-375px.png') });
  await page.getByRole('button', { name: 'Switch to dark mode' }).click();
  await form.cronExpression.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('invalid-cron-375px-dark.png') });
  expect(await tasksNamed(page, name)).toEqual([]);
});

test('an internal address gets a warning naming SUNDIAL_OUTBOUND_ALLOW and still saves; a metadata address is refused', async ({ page }) => {
  await signInAs(page);
  const form = new TaskFormPage(page);
  await form.goto();
  const name = unique('outbound');
  await form.fillName(name);
  await form.chooseHandler('http');
  await form.chooseMode('Manual');
  const url = page.getByLabel('URL (required)');

  // This server allows 127.0.0.1 (tests/e2e/server.ts), so its own tasks, and localhost, get no warning.
  await form.fillConfig('url', targetUrl);
  await form.fillConfig('url', 'http://localhost:3300/api/health');
  await expect(form.fieldWarning('URL (required)')).toHaveCount(0);
  await form.fillConfig('url', 'http://[::1]:3300/api/health');
  await expect(form.fieldWarning('URL (required)')).toHaveText(
    'Warning: runs will be refused: ::1 is a loopback address; add ::1 to SUNDIAL_OUTBOUND_ALLOW where the worker runs to allow it',
  );
  await expect(url).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Callback URL').fill('http://10.0.0.7/hook');
  await expect(form.fieldWarning('Callback URL')).toContainText('10.0.0.7 is a private address; add 10.0.0.7 to SUNDIAL_OUTBOUND_ALLOW');
  await page.screenshot({ path: test.info().outputPath('outbound-warning.png'), fullPage: true });

  await form.fillConfig('url', 'http://169.254.169.254/latest/meta-data/');
  await form.save();
  await expect(form.fieldError('URL (required)')).toContainText('169.254.169.254 is a link-local address; link-local and cloud metadata addresses are never called');
  expect(await tasksNamed(page, name)).toEqual([]);

  await form.fillConfig('url', 'http://[::1]:3300/api/health');
  await form.save();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  const [saved] = await tasksNamed(page, name);
  expect((await page.request.delete(`/api/v1/tasks/${saved!.id}`, { headers: sameOrigin(page) })).status()).toBe(204);
});

test("the server's field errors land on their inputs: a taken name", async ({ page }) => {
  await signInAs(page);
  const name = unique('taken');
  const created = await page.request.post('/api/v1/tasks', { headers: sameOrigin(page), data: { name, handler: 'noop', schedule: { kind: 'manual' } } });
  expect(created.status()).toBe(201);
  const form = new TaskFormPage(page);
  await form.goto();
  await form.fillName(name);
  await form.chooseHandler('noop');
  await form.chooseMode('Manual');
  await form.save();
  await expect(form.fieldError('Name')).toHaveText(`a task named "${name}" already exists`);
  await expect(form.name).toBeFocused();
  expect(await tasksNamed(page, name)).toHaveLength(1);
  expect((await page.request.delete(`/api/v1/tasks/${(await created.json()).id}`, { headers: sameOrigin(page) })).status()).toBe(204);
});

test('a stale edit shows the conflict, and Reload brings the latest version', async ({ page }) => {
  await signInAs(page);
  const name = unique('stale');
  const created = await page.request.post('/api/v1/tasks', {
    headers: sameOrigin(page),
    data: { name, handler: 'noop', schedule: { kind: 'weekly', days: ['mon', 'fri'], time: '06:30', timezone: 'Asia/Tokyo' } },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  const form = new TaskFormPage(page);
  await form.gotoEdit(id);
  await expect(form.name).toHaveValue(name);
  // A weekly schedule set through the API opens as weekly.
  await expect(page.getByRole('radio', { name: 'Weekly' })).toBeChecked();
  await expect(page.getByLabel('Time', { exact: true })).toHaveValue('06:30');
  await expect(form.timeZone).toHaveValue('Asia/Tokyo');

  const meanwhile = await page.request.patch(`/api/v1/tasks/${id}`, { headers: sameOrigin(page), data: { description: 'changed meanwhile' } });
  expect(meanwhile.status()).toBe(200);

  await page.getByLabel('Description').fill('my edit');
  await form.save();
  await expect(form.conflict).toContainText('This task was changed by someone else since you opened it.');
  await expect(page).toHaveURL(new RegExp(`/tasks/${id}/edit$`));
  await page.screenshot({ path: test.info().outputPath('stale-edit-conflict.png'), fullPage: true });

  await form.reloadButton.click();
  await expect(form.conflict).toHaveCount(0);
  await expect(page.getByLabel('Description')).toHaveValue('changed meanwhile');
  await expect(form.status).toHaveText('Loaded version 2. Make your changes again, then save.');

  await page.getByLabel('Description').fill('my edit, again');
  await form.save();
  await expect(page).toHaveURL(new RegExp(`/tasks/${id}$`));
  const saved = (await (await page.request.get(`/api/v1/tasks/${id}`)).json()) as { description: string; version: number; schedule: unknown };
  expect(saved).toMatchObject({ description: 'my edit, again', version: 3, schedule: { kind: 'weekly', days: ['mon', 'fri'], time: '06:30', timezone: 'Asia/Tokyo' } });
  expect((await page.request.delete(`/api/v1/tasks/${id}`, { headers: sameOrigin(page) })).status()).toBe(204);
});

test('leaving a form with unsaved changes asks first, and staying keeps what was typed', async ({ page }) => {
  await signInAs(page);
  const form = new TaskFormPage(page);
  const cancel = form.form.getByRole('link', { name: 'Cancel' });
  // Untouched: no question, the link just goes.
  await form.goto();
  await cancel.click();
  await expect(page).toHaveURL(/\/tasks$/);

  await form.goto();
  await form.fillName('typed but not saved');
  const asked: string[] = [];
  page.once('dialog', (dialog) => void (asked.push(dialog.message()), dialog.dismiss()));
  await cancel.click();
  await expect.poll(() => asked).toEqual(['Leave this page? Your unsaved changes to the task will be lost.']);
  await expect(page).toHaveURL(/\/tasks\/new$/);
  await expect(form.name).toHaveValue('typed but not saved');

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks', exact: true }).click();
  await expect(page).toHaveURL(/\/tasks$/);
});

test('a viewer gets no form: /tasks/new and the edit page answer 404', async ({ page, browser }) => {
  await signInAs(page);
  const viewer = { email: `form-viewer-${Date.now().toString(36)}@e2e.test`, password: 'viewer password 12345' };
  expect((await page.request.post('/api/v1/users', { headers: sameOrigin(page), data: { ...viewer, role: 'viewer' } })).status()).toBe(201);
  const created = await page.request.post('/api/v1/tasks', { headers: sameOrigin(page), data: { name: unique('viewer'), handler: 'noop', schedule: { kind: 'manual' } } });
  const { id } = (await created.json()) as { id: string };

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await viewerPage.goto('/sign-in');
  await new SignInPage(viewerPage).signIn(viewer.email, viewer.password);
  await expect(viewerPage.getByText(`${viewer.email} (viewer)`)).toBeVisible();
  expect((await viewerPage.goto('/tasks/new'))?.status()).toBe(404);
  await expect(viewerPage.getByLabel('Name', { exact: true })).toHaveCount(0);
  expect((await viewerPage.goto(`/tasks/${id}/edit`))?.status()).toBe(404);
  await context.close();

  expect((await page.goto('/tasks/00000000-0000-4000-8000-000000000000/edit'))?.status()).toBe(404);
  expect((await page.request.delete(`/api/v1/tasks/${id}`, { headers: sameOrigin(page) })).status()).toBe(204);
});
