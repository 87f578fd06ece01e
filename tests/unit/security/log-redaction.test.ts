import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { redactLogFields } from '../../../lib/log';

describe('server logs', () => {
  it('redact fields, nested secrets and error text with the shared function', () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => ((out += chunk.toString()), cb()) });
    const log = pino({ formatters: { log: redactLogFields } }, sink);
    const err = Object.assign(new Error('connect to postgres://app:pg-pw-9@db/x failed'), { code: 'ECONNREFUSED' });
    log.error({ err, headers: { authorization: 'Bearer tok-9' }, password: 'pw-9', runId: 7 }, 'request failed');
    expect(out).not.toMatch(/pg-pw-9|tok-9|pw-9/);
    expect(JSON.parse(out)).toMatchObject({ runId: 7, err: { type: 'Error', code: 'ECONNREFUSED' }, msg: 'request failed' });
  });
});
