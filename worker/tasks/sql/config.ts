import { z } from 'zod';
import { secretField } from '../../define';

// A parameter that is exactly {{params.NAME}} takes the run's param NAME (a manual or API run's).
export const RUN_PARAM = /^\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;
const NO_NUL = /^[^\0]*$/;
// Transaction control would end a test run's transaction, committing what it should roll back.
// Spelt without the i flag, so the web app's JSON Schema check (a pattern has no flags) refuses it too.
const anyCase = (word: string) => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const CONTROL_WORDS = ['begin', 'start', 'commit', 'end', 'rollback', 'abort', 'savepoint', 'release', 'prepare'].map(anyCase).join('|');
const NOT_TRANSACTION_CONTROL = new RegExp(`^(?!(?:\\s|--[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*(?:${CONTROL_WORDS})\\b)`);
const NO_TRANSACTION_CONTROL = 'one statement without transaction control (BEGIN, COMMIT, ROLLBACK...): each run is its own transaction';

// Strict: a misspelt key (`maxrows`, `param`) is refused when the task is saved.
export const configSchema = z.strictObject({
  // Write-only: a pasted URL is sealed when saved; a reference stays readable and names the secret.
  connection: secretField('The postgres:// URL of the database, best kept under Settings → Secrets and named here as {{secrets.APP_DATABASE_URL}}'),
  statement: z.string().trim().min(1).max(100_000).regex(NO_NUL, 'must not contain NUL')
    .regex(NOT_TRANSACTION_CONTROL, NO_TRANSACTION_CONTROL)
    .describe('One SQL statement; $1, $2... are bound to the parameters in order'),
  params: z
    .array(z.union([z.string().regex(NO_NUL, 'must not contain NUL'), z.number(), z.boolean(), z.null()]))
    .max(100)
    .default([])
    .meta({ title: 'Parameters', description: 'Values for $1, $2...; a value written exactly as {{params.NAME}} takes the run param NAME' }),
  maxRows: z.number().int().min(0).max(10_000).default(100).describe('Keep at most this many returned rows in the result'),
});

export type SqlConfig = z.output<typeof configSchema>;
