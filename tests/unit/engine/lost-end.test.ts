import { describe, expect, it } from 'vitest';
import { lostEnd } from '../../../lib/engine/lost';
import { allows } from '../../../lib/auth/roles';

const now = new Date('2026-03-01T10:00:00Z');
const candidate = (o: { workerId: string; startedSecondsAgo?: number; cancelRequested?: boolean; attempt?: number }) => ({
  id: 7,
  epoch: 3,
  attempt: o.attempt ?? 1,
  workerId: o.workerId,
  policy: { maxAttempts: 2, backoffSeconds: 1, timeoutSeconds: 60 },
  startedAt: new Date(now.getTime() - (o.startedSecondsAgo ?? 10) * 1000),
  cancelRequested: o.cancelRequested ?? false,
  now,
});

describe('lostEnd', () => {
  it('records an in-process worker that stopped renewing as lost, retried while attempts are left', () => {
    expect(lostEnd(candidate({ workerId: 'box-1', startedSecondsAgo: 120, cancelRequested: true }), true, 'died')).toMatchObject({ status: 'lost', retryInMs: expect.any(Number) });
    expect(lostEnd(candidate({ workerId: 'box-1', attempt: 2 }), true, 'died')).toMatchObject({ status: 'lost', retryInMs: null });
  });

  it('records an outside holder whose lease ran out after a cancel request as cancelled, not retried', () => {
    expect(lostEnd(candidate({ workerId: 'remote:host-1', cancelRequested: true }), true, 'x')).toMatchObject({ status: 'cancelled', retryInMs: null });
  });

  it('records an outside holder past the timeout as timed_out, retried per policy; before it as lost', () => {
    expect(lostEnd(candidate({ workerId: 'remote:host-1', startedSecondsAgo: 60 }), true, 'x')).toMatchObject({ status: 'timed_out', errorMessage: 'timed out after 60s', retryInMs: expect.any(Number) });
    expect(lostEnd(candidate({ workerId: 'app', startedSecondsAgo: 61 }), true, 'x')).toMatchObject({ status: 'timed_out' });
    expect(lostEnd(candidate({ workerId: 'remote:host-1', startedSecondsAgo: 59 }), true, 'x')).toMatchObject({ status: 'lost' });
  });
});

describe('allows', () => {
  it('keeps the worker role apart: it may only what needs worker, and nobody else may that', () => {
    expect(allows('worker', 'worker')).toBe(true);
    expect(allows('worker', 'viewer')).toBe(false);
    expect(allows('admin', 'worker')).toBe(false);
    expect(allows('admin', 'viewer')).toBe(true);
  });
});
