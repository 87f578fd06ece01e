import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTestDatabase } from '../../helpers/db';
import { startReceiver } from '../../helpers/mail';
import { addChannel, firstRequest, notifyEnvironment, queueTest } from '../../helpers/notify';
import { root } from '../../helpers/processes';

// The README's Python verification (standard library only) runs as written against a
// message the sender signed, and refuses a tampered body.

notifyEnvironment();
const database = withTestDatabase();

function readmePython(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Verifying a webhook signature'));
  const match = /```python\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('no Python block under "Verifying a webhook signature"');
  return match[1]!;
}

describe('README webhook verification', () => {
  it('the Python snippet verifies a real signed message and refuses a tampered one', async () => {
    const receiver = await startReceiver();
    const secret = `whsec_${Buffer.from('readme-secret-of-exactly-32-byte').toString('base64')}`;
    const channel = await addChannel(database, 'webhook', { url: receiver.url }, secret);
    await queueTest(database, { channelId: channel }, 'readme:1');
    const r = await firstRequest(database, receiver, 'the webhook');
    const headers = { 'webhook-id': r.headers['webhook-id'], 'webhook-timestamp': r.headers['webhook-timestamp'], 'webhook-signature': r.headers['webhook-signature'] };
    const script = `${readmePython()}
import json, sys
m = json.load(sys.stdin)
print(verify(m["secret"], m["headers"], m["body"].encode()), verify(m["secret"], m["headers"], m["body"].replace("Ops", "Opz").encode()))
`;
    const out = execFileSync('python3', ['-c', script], { input: JSON.stringify({ secret, headers, body: r.body }) }).toString().trim();
    expect(out).toBe('True False');
  });
});
