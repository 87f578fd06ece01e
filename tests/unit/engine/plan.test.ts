import { describe, expect, it } from 'vitest';
import { planFires } from '../../../lib/engine/plan';
import { defaultPolicy } from '../../../lib/tasks/policy';

const everySecond = { kind: 'cron' as const, expression: '* * * * * *', timezone: 'UTC' };
const T = (s: string) => new Date(`2026-02-01T00:00:${s}Z`);
const policy = (p: Partial<typeof defaultPolicy> = {}) => ({ ...defaultPolicy, ...p });

describe('planFires', () => {
  it('runs the one due slot of an on-time tick and points next_run_at at the next second', () => {
    const plan = planFires({ schedule: everySecond, nextRunAt: T('10'), now: new Date('2026-02-01T00:00:10.050Z'), policy: policy() });
    expect(plan.runs).toEqual([{ scheduledFor: T('10'), trigger: 'schedule', status: 'queued' }]);
    expect(plan.nextRunAt).toEqual(T('11'));
  });

  it('a tick 3 s late within the grace window runs every slot: late, never dropped', () => {
    const plan = planFires({ schedule: everySecond, nextRunAt: T('10'), now: T('13'), policy: policy({ misfire: 'skip' }) });
    expect(plan.runs.map((r) => [r.scheduledFor.toISOString().slice(17, 19), r.status])).toEqual([
      ['10', 'queued'],
      ['11', 'queued'],
      ['12', 'queued'],
      ['13', 'queued'],
    ]);
  });

  it('coalesce after an outage: only the newest slot runs, the rest are missed with a reason', () => {
    const plan = planFires({ schedule: everySecond, nextRunAt: T('00'), now: T('30'), policy: policy({ misfireGraceSeconds: 5 }) });
    expect(plan.runs.filter((r) => r.status === 'queued').map((r) => r.scheduledFor)).toEqual([T('30')]);
    expect(plan.runs.filter((r) => r.status === 'missed')).toHaveLength(30);
    expect(plan.runs[0]!.reason).toMatch(/more than 5s late; coalesced into the run for 2026-02-01T00:00:30.000Z/);
  });

  it('skip and catch_up treat late slots by policy and still run the on-time ones', () => {
    const base = { schedule: everySecond, nextRunAt: T('00'), now: T('30') };
    const skip = planFires({ ...base, policy: policy({ misfire: 'skip', misfireGraceSeconds: 5 }) });
    expect(skip.runs.filter((r) => r.status === 'queued')).toHaveLength(6); // 25..30 are within 5 s
    const catchUp = planFires({ ...base, policy: policy({ misfire: 'catch_up', catchUpMax: 2, misfireGraceSeconds: 5 }) });
    expect(catchUp.runs.filter((r) => r.trigger === 'catch_up').map((r) => r.scheduledFor)).toEqual([T('23'), T('24')]);
    expect(catchUp.runs.filter((r) => r.status === 'missed')).toHaveLength(23);
  });

  it('after a very long outage records only the latest slots and says so', () => {
    const plan = planFires({ schedule: everySecond, nextRunAt: new Date('2026-01-01T00:00:00Z'), now: T('00'), policy: policy() });
    expect(plan.runs.length).toBe(110);
    expect(plan.runs[0]!.reason).toMatch(/earlier slots since 2026-01-01T00:00:00.000Z were missed too/);
    expect(plan.runs.filter((r) => r.status === 'queued')).toHaveLength(1);
  });

  it('a once schedule fires and then has no next slot', () => {
    const plan = planFires({ schedule: { kind: 'once', at: '2026-02-01T00:00:10Z' }, nextRunAt: T('10'), now: T('11'), policy: policy() });
    expect(plan.runs).toHaveLength(1);
    expect(plan.nextRunAt).toBeNull();
  });
});
