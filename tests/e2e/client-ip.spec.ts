import { expect, test } from '@playwright/test';
import { apiCall, signInAs } from './session';

// The e2e server runs with SUNDIAL_TRUSTED_PROXIES=127.0.0.1, as behind a reverse proxy on
// the same host: the test's requests arrive from 127.0.0.1 like a proxy's would.
test('behind a trusted proxy, the audit log records the address the proxy saw, never one the client wrote', async ({ page }) => {
  await signInAs(page);
  const origin = new URL(page.url()).origin;
  const newestAudit = async () => (await apiCall<{ items: { action: string; ip: string }[] }>(page, 'GET', '/api/v1/audit?action=scheduler.resume&limit=1')).body.items[0];

  // "198.51.100.1" was written by the client; the proxy appended the peer it saw.
  // The client also tries to set Sundial's own header, which the server overwrites.
  const headers = { origin, 'x-forwarded-for': '198.51.100.1, 203.0.113.77', 'x-sundial-client-ip': '192.0.2.66' };
  expect((await page.request.put('/api/v1/scheduler', { data: { paused: false }, headers })).status()).toBe(200);
  expect(await newestAudit()).toMatchObject({ action: 'scheduler.resume', ip: '203.0.113.77' });

  // Without the header, the proxy's own address is all there is.
  expect((await page.request.put('/api/v1/scheduler', { data: { paused: false }, headers: { origin } })).status()).toBe(200);
  expect(await newestAudit()).toMatchObject({ ip: '127.0.0.1' });
});
