import { describe, expect, it } from 'vitest';
import { backupName } from '../../lib/backup/files';
import { parentsFirst } from '../../lib/backup/logical-format';
import { clientMajor, compatible, decideMethod, splitPassword } from '../../lib/backup/pg-dump';

describe('backups', () => {
  it('uses pg_dump only when its major version is at least the server’s', () => {
    expect(clientMajor('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n')).toBe(15);
    expect(clientMajor('pg_dump (PostgreSQL) 18beta1')).toBe(18);
    expect(clientMajor('something else')).toBeNull();
    expect(compatible({ path: 'pg_dump', major: 15 }, 18)).toBe(false);
    expect(compatible({ path: 'pg_dump', major: 18 }, 18)).toBe(true);
    expect(compatible({ path: 'pg_dump', major: 18 }, 15)).toBe(true);
  });

  it('falls back to Sundial\'s own format without a compatible pg_dump, unless pg_dump was asked for', () => {
    const old = { path: '/usr/lib/postgresql/15/bin/pg_dump', major: 15 };
    const fits = { path: '/usr/lib/postgresql/18/bin/pg_dump', major: 18 };
    expect(decideMethod('auto', 18, fits)).toEqual({ kind: 'pg_dump', client: fits });
    expect(decideMethod('auto', 18, old)).toEqual({
      kind: 'logical',
      why: "no pg_dump of version 18 or newer for this PostgreSQL 18 server: the newest found, /usr/lib/postgresql/15/bin/pg_dump, is version 15; writing Sundial's own backup format instead (restore it with npm run restore)",
    });
    expect(decideMethod('auto', 18, null)).toMatchObject({ kind: 'logical', why: expect.stringContaining('none was found') });
    expect(decideMethod('pg_dump', 18, old)).toMatchObject({ kind: 'refused', why: expect.stringContaining('set SUNDIAL_PG_DUMP to its pg_dump, or choose method "logical"') });
    expect(decideMethod('auto', 18, null, '/opt/pg/pg_dump')).toMatchObject({ kind: 'refused', why: expect.stringContaining('SUNDIAL_PG_DUMP (/opt/pg/pg_dump) does not run') });
  });

  it('keeps the password out of the URL a pg tool is given', () => {
    expect(splitPassword('postgres://sundial:p%40ss@db:5432/sundial')).toEqual({ url: 'postgres://sundial@db:5432/sundial', password: 'p@ss' });
    expect(splitPassword('postgres://db/sundial')).toEqual({ url: 'postgres://db/sundial', password: undefined });
  });

  it('names backups so that they sort in time order', () => {
    const a = backupName('logical', new Date('2026-01-02T03:04:05.006Z'));
    expect(a).toBe('sundial-20260102T030405006Z.sundial.gz');
    expect([backupName('pg_dump', new Date('2026-12-01T00:00:00Z')), backupName('pg_dump', new Date('2026-02-01T00:00:00Z'))].sort()[0]).toContain('20260201');
  });

  it('orders tables parents first, so a restore loads them without breaking a foreign key', () => {
    const edges = [
      { child: 'runs', parent: 'tasks' },
      { child: 'run_logs', parent: 'runs' },
      { child: 'tasks', parent: 'users' },
    ];
    expect(parentsFirst(['run_logs', 'runs', 'settings', 'tasks', 'users'], edges)).toEqual(['settings', 'users', 'tasks', 'runs', 'run_logs']);
    expect(parentsFirst(['a', 'b'], [{ child: 'a', parent: 'b' }, { child: 'b', parent: 'a' }])).toEqual(['a', 'b']);
  });
});
