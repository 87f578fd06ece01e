import type pg from 'pg';
import { z } from 'zod';
import { defineTask } from '../define';

export const BACKUP_HANDLER = 'sundial.backup';

export const backup = defineTask({
  key: BACKUP_HANDLER,
  title: "Back up Sundial's database",
  description:
    "Writes a backup of Sundial's own database with pg_dump (one at least as new as the server; else Sundial's own format, restored with npm run restore) and keeps the newest few.",
  configSchema: z.strictObject({
    keep: z.number().int().min(1).max(1000).default(7).describe('Keep this many backups; older ones are deleted after a new one is written'),
    method: z.enum(['auto', 'pg_dump', 'logical']).default('auto').describe("auto: pg_dump when a compatible one is found, else Sundial's own format"),
    directory: z.string().regex(/^\//, 'must be an absolute path').optional().describe("An absolute path; unset: backups/ in the worker's data directory (SUNDIAL_DATA_DIR)"),
  }),
  run: async (ctx) => {
    // Loaded on the first backup, not with the module: every handler thread loads every handler module.
    const { runBackup } = await import('../../lib/backup/run');
    const url = (ctx.db as pg.Pool & { options: { connectionString?: string } }).options.connectionString ?? '';
    ctx.checkpoint();
    return runBackup({ pool: ctx.db, url, ...ctx.config, testMode: ctx.testMode, signal: ctx.signal, log: ctx.log, spawn: ctx.spawn });
  },
});
