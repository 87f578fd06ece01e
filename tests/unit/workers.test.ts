import { describe, expect, it } from 'vitest';
import { launcherWorkerId, workerIdFor } from '../../lib/workers';

describe('worker identity', () => {
  it('uses the configured id, else host and pid', () => {
    expect(workerIdFor('box', 42, 'etl-1')).toBe('etl-1');
    expect(workerIdFor('box', 42)).toBe('box-42');
  });

  it('gives the launcher worker one stable id per data dir', () => {
    expect(launcherWorkerId('/srv/a/.sundial')).toBe(launcherWorkerId('/srv/a/.sundial'));
    expect(launcherWorkerId('/srv/a/.sundial')).not.toBe(launcherWorkerId('/srv/b/.sundial'));
  });
});
