import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { NonRetryableError } from '../../lib/engine/errors';
import { defineTask, type TaskContext } from '../define';
import { parseJson, withoutNul } from './command-output';
import { prepareCommand, type CommandConfig } from './command-prepare';
import { runProcess, type Exit } from './command-process';

// sysexits.h EX_CONFIG: the process says that trying again cannot help.
export const EXIT_NO_RETRY = 78;
// Larger than a run's stored result (a preview is kept past 64 KiB), and still cheap to read.
const MAX_RESULT_FILE = 1_048_576;
const NO_NUL = /^[^\0]*$/;
// Names the run context (SUNDIAL_*) does not use, so a config cannot fake it.
const ENV_NAME = /^(?!SUNDIAL_)[A-Za-z_][A-Za-z0-9_]*$/;
const BAD_ENV_NAME = 'names are letters, digits and _, not starting with a digit or SUNDIAL_ (the run context)';
// Without a shell: a relative path would depend on the worker's cwd.
const COMMAND = /^(\/|[^/]*$)/;
const NOT_ABSOLUTE = 'must be an absolute path';
const BAD_COMMAND = 'an absolute path (/usr/bin/python3) or a name looked up on PATH (python3)';

const configSchema = z
  .strictObject({
    command: z.string().min(1).regex(NO_NUL).describe('The executable: an absolute path or a name on PATH. With shell: the script /bin/sh runs'),
    args: z.array(z.string().regex(NO_NUL)).max(1000).default([]).meta({ title: 'Arguments', description: 'Passed as they are (no shell; with shell: "$1", "$2"...)' }),
    shell: z.boolean().default(false).describe('Run command as a /bin/sh -c script'),
    cwd: z.string().regex(/^\//, NOT_ABSOLUTE).meta({ errorMessage: NOT_ABSOLUTE }).optional().meta({ title: 'Working directory', description: "An absolute path; unset: the worker's" }),
    env: z
      .record(z.string().regex(ENV_NAME).meta({ errorMessage: BAD_ENV_NAME }), z.string().regex(NO_NUL), {
        error: (issue) => (issue.code === 'invalid_key' ? BAD_ENV_NAME : undefined),
      })
      .default({})
      .meta({ title: 'Environment', description: 'Variables for the process; values may reference {{secrets.NAME}} and are masked in the run' }),
  })
  .refine((c) => c.shell || COMMAND.test(c.command), {
    message: BAD_COMMAND,
    path: ['command'],
  })
  // The same rule for the web app, which checks configs against the JSON Schema.
  .meta({
    if: { properties: { shell: { const: true } }, required: ['shell'] },
    else: {
      properties: {
        command: { pattern: COMMAND.source, errorMessage: BAD_COMMAND },
      },
    },
  });

export const command = defineTask({
  key: 'command',
  title: 'Command',
  description: 'Runs an executable (no shell unless asked), streams its stdout and stderr to the run log and fails on a non-zero exit. Off unless the worker sets SUNDIAL_COMMAND_ENABLED=true.',
  configSchema,
  run: async (ctx) => {
    const prepared = await prepareCommand(ctx.config);
    // A directory of its own (mode 0700), so no other user can read or plant the result.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sundial-run-'));
    try {
      const resultFile = path.join(dir, 'result.json');
      await writeFile(resultFile, '', { mode: 0o600 });
      prepared.env = { ...prepared.env, ...runContext(ctx, resultFile) };
      // A pipeline step's view of the steps before it; a file, as results can outgrow an env var.
      if (Object.keys(ctx.steps).length > 0) {
        const stepsFile = path.join(dir, 'steps.json');
        await writeFile(stepsFile, JSON.stringify(ctx.steps), { mode: 0o600 });
        prepared.env.SUNDIAL_STEPS_FILE = stepsFile;
      }
      ctx.checkpoint();
      ctx.log(`running ${prepared.file}`);
      const exit = await runProcess(ctx, prepared, sensitiveValues(ctx.config));
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (exit.code !== 0) throw failure(exit);
      return (await readResult(resultFile)) ?? { exitCode: 0 };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});

/** What the process learns about its run. Documented in the README (Handlers, command). */
function runContext(ctx: TaskContext<CommandConfig>, resultFile: string): Record<string, string> {
  return {
    SUNDIAL_RUN_ID: String(ctx.runId),
    SUNDIAL_TASK_ID: ctx.taskId,
    SUNDIAL_TASK_NAME: ctx.taskName,
    SUNDIAL_PARAMS: JSON.stringify(ctx.params),
    SUNDIAL_TEST_MODE: String(ctx.testMode),
    SUNDIAL_SCHEDULED_FOR: ctx.scheduledFor.toISOString(),
    SUNDIAL_ATTEMPT: String(ctx.attempt),
    SUNDIAL_TRIGGER: ctx.trigger,
    SUNDIAL_RESULT_FILE: resultFile,
  };
}

/** Strings of the config, where resolved secrets can be: a shortened line must not cut one in half. */
const sensitiveValues = (config: CommandConfig) => [config.command, ...config.args, ...Object.values(config.env)].filter((v) => v.length >= 4);

function failure(exit: Exit): Error {
  const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = exit.stderrTail.length ? `; last stderr lines:\n${exit.stderrTail.join('\n')}` : ' (nothing on stderr)';
  return exit.code === EXIT_NO_RETRY ? new NonRetryableError(`${how} (not retried)${tail}`) : new Error(`${how}${tail}`);
}

/** The JSON the process wrote to SUNDIAL_RESULT_FILE; undefined when it wrote nothing. */
async function readResult(file: string): Promise<unknown> {
  // The process ran to success: a broken hand-off is its bug, and a retry would repeat its work.
  const { size } = await stat(file).catch(() => ({ size: 0 }));
  if (size > MAX_RESULT_FILE) throw new NonRetryableError(`the result file (SUNDIAL_RESULT_FILE) is ${size} bytes; at most ${MAX_RESULT_FILE} are read`);
  const text = size ? await readFile(file, 'utf8') : '';
  if (!text.trim()) return undefined;
  try {
    return parseJson(text);
  } catch (err) {
    throw new NonRetryableError(`the result file (SUNDIAL_RESULT_FILE) is not valid JSON: ${withoutNul((err as Error).message)}`);
  }
}
