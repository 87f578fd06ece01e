import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildGuard } from '../../../worker/runner/child-guard';
import { cleanEnv, groupMembers, isRunning, processesMatching, runEntry, waitUntil, type Proc } from '../../helpers/processes';

// Unique to this run, so that cleanup never touches anyone else's `sleep`.
const SECONDS = `300.${process.pid}`;
const MARKER = `sleep ${SECONDS}`;
const parents: Proc[] = [];

type Printed = { guard: number; watched: number[]; unwatched: number[] };

/** Start a fixture "worker"; wait until every group it printed has all its members. */
async function startParent(mode: 'watch' | 'unwatch' | 'idle'): Promise<{ parent: Proc; printed: Printed }> {
  const parent = runEntry('tests/fixtures/guarded-parent.ts', cleanEnv(), [mode, SECONDS]);
  parents.push(parent);
  await parent.waitFor(/^\{.*\}$/m, 30_000);
  const printed = { watched: [], unwatched: [], ...JSON.parse(parent.output().match(/^\{.*\}$/m)![0]) } as Printed;
  // The sh group forks its grandchild a moment after it starts.
  await waitUntil(() => [...printed.watched, ...printed.unwatched].every((pgid) => groupMembers(pgid).length >= (pgid === printed.watched[1] ? 2 : 1)), 5000, 'the children');
  return { parent, printed };
}

function members(groups: number[]): number[] {
  return groups.flatMap(groupMembers);
}

function spawnSleep(): number {
  const child = spawn('sleep', [SECONDS], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid!;
}

afterAll(async () => {
  for (const p of parents) if (isRunning(p.pid)) process.kill(p.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 500));
  for (const pid of processesMatching(MARKER)) process.kill(pid, 'SIGKILL');
  await waitUntil(() => processesMatching(MARKER).length === 0, 5000, 'no sleep left behind');
});

describe('child guard', () => {
  it('survives the signals of a terminal, then on kill -9 of the worker kills every watched child and grandchild within a second, and exits', async () => {
    const { parent, printed } = await startParent('watch');
    const pids = members(printed.watched);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    // Ctrl-C, a terminal hang-up or a drain signal must not end the guard before its job.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.kill(printed.guard, signal);
    await new Promise((r) => setTimeout(r, 200));
    expect(isRunning(printed.guard)).toBe(true);

    process.kill(parent.pid, 'SIGKILL');
    const killedAt = Date.now();
    await waitUntil(() => pids.every((pid) => !isRunning(pid)), 3000, 'the children to die');
    expect(Date.now() - killedAt).toBeLessThan(1000);
    await waitUntil(() => !isRunning(printed.guard), 1000, 'the guard to exit');
  });

  it('leaves alone a child that was unwatched, so a recycled pid is never killed', async () => {
    const { parent, printed } = await startParent('unwatch');
    const kept = members(printed.unwatched);
    expect(kept.length).toBe(1);

    process.kill(parent.pid, 'SIGKILL');
    await waitUntil(() => !isRunning(printed.guard), 3000, 'the guard to do its job and exit');
    expect(members(printed.watched)).toEqual([]);
    expect(kept.every(isRunning)).toBe(true);
    for (const pid of kept) process.kill(pid, 'SIGKILL');
  });

  it('does not keep the worker alive: a process with only a guard exits on its own, and so does the guard', async () => {
    const { parent, printed } = await startParent('idle');
    await waitUntil(() => parent.child.exitCode !== null, 10_000, 'the parent to exit on its own');
    expect(parent.child.exitCode).toBe(0);
    await waitUntil(() => !isRunning(printed.guard), 3000, 'the guard to exit');
  });

  it('stop() is idempotent, kills what is still watched, and later calls do nothing', async () => {
    expect(await new ChildGuard().stop()).toBeUndefined();

    const guard = new ChildGuard();
    guard.start();
    const guardPid = guard.pid!;
    const child = spawnSleep();
    guard.watch(child);
    const first = guard.stop();
    expect(guard.stop()).toBe(first);
    await first;
    expect(isRunning(guardPid)).toBe(false);
    await waitUntil(() => !isRunning(child), 1000, 'the watched child to die');

    const late = spawnSleep();
    guard.start();
    guard.watch(late);
    guard.unwatch(child);
    expect(guard.pid).toBeUndefined();
    await guard.stop();
    process.kill(late, 'SIGKILL');
  });

  it('a guard killed under the worker is replaced, and the new one knows every watched group', async () => {
    const guard = new ChildGuard();
    guard.start();
    const first = guard.pid!;
    const before = spawnSleep();
    guard.watch(before);

    process.kill(first, 'SIGKILL');
    await waitUntil(() => guard.pid !== first, 1000, 'the first guard to be gone');
    const after = spawnSleep();
    expect(() => guard.watch(after)).not.toThrow();
    expect(guard.pid).toBeGreaterThan(0);
    expect(guard.pid).not.toBe(first);
    await guard.stop();
    await waitUntil(() => !isRunning(before) && !isRunning(after), 1000, 'both children to die');
  });
});
