import { describe, expect, it } from 'vitest';
import { workerSummary } from '../../../components/overview/workers';

describe('the Workers card summary', () => {
  it('counts in-process workers only: a remote worker alone does not run scheduled tasks', () => {
    const remote = { live: true, secondsSinceHeartbeat: 1, queues: ['bank-sync'] };
    expect(workerSummary([remote])).toBe('No live worker: scheduled tasks will not run');
    expect(workerSummary([remote, { live: true, secondsSinceHeartbeat: 3, queues: null }])).toBe('1 worker alive, last heartbeat 3s ago');
  });
});
