import { describe, expect, it } from 'vitest';
import { mayReap } from '../../../lib/engine/lost';
import { planTick } from '../../../lib/engine/tick-plan';

const every = { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' };
const at = (iso: string) => new Date(iso);

describe('planTick', () => {
  it('plans one slot per due task and advances each to its next fire, sharing slot math between tasks', () => {
    const now = at('2026-03-01T10:00:00.400Z');
    const tasks = Array.from({ length: 1000 }, (_, i) => ({ id: `t${i}`, schedule: every, policy: {}, nextRunAt: at('2026-03-01T10:00:00Z') }));
    const started = performance.now();
    const plan = planTick(tasks, now);
    // Memoized per schedule and instant: a thousand tasks on one expression cost about one.
    expect(performance.now() - started).toBeLessThan(200);
    expect(plan.slots).toHaveLength(1000);
    expect(plan.slots[0]).toMatchObject({ taskId: 't0', scheduledFor: at('2026-03-01T10:00:00Z'), status: 'queued', forbid: true, replace: false });
    expect(new Set(plan.advance.map((a) => a.at?.toISOString()))).toEqual(new Set(['2026-03-01T10:00:01.000Z']));
  });

  it('a schedule that cannot be evaluated stops that task only', () => {
    const plan = planTick(
      [
        { id: 'bad', schedule: { kind: 'cron', expression: 'not a cron', timezone: 'UTC' }, policy: {}, nextRunAt: at('2026-03-01T10:00:00Z') },
        { id: 'good', schedule: every, policy: { concurrency: 'replace' }, nextRunAt: at('2026-03-01T10:00:00Z') },
      ],
      at('2026-03-01T10:00:00.500Z'),
    );
    expect(plan.failures.map((f) => f.taskId)).toEqual(['bad']);
    expect(plan.advance).toEqual([
      { id: 'bad', at: null },
      { id: 'good', at: at('2026-03-01T10:00:01Z') },
    ]);
    expect(plan.slots.map((s) => [s.taskId, s.replace])).toEqual([['good', true]]);
  });
});

describe('mayReap', () => {
  const lease = 5000;
  it('reaps when this worker has seen no database failure, or none for a whole lease', () => {
    expect(mayReap(100_000, null, lease)).toBe(true);
    expect(mayReap(100_000, 95_000, lease)).toBe(true);
  });
  it('waits a lease after its own database failure, so owners can renew after an outage first', () => {
    expect(mayReap(100_000, 95_001, lease)).toBe(false);
    expect(mayReap(100_000, 100_000, lease)).toBe(false);
  });
});
