import { z } from 'zod';

export type CronSchedule = { kind: 'cron'; expression: string; timezone: string };
export type IntervalSchedule = { kind: 'interval'; everySeconds: number; anchor?: string };
export type OnceSchedule = { kind: 'once'; at: string };
export type ManualSchedule = { kind: 'manual' };
export type Schedule = CronSchedule | IntervalSchedule | OnceSchedule | ManualSchedule;

export type FieldError = { field: string; message: string };

const instant = (what: string) =>
  z.string().describe(`${what}, an ISO-8601 instant with a UTC offset, such as 2026-03-08T07:00:00Z`);

// Only the JSON shape, for OpenAPI; validateSchedule does the semantic checks.
export const scheduleSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('cron'),
        expression: z
          .string()
          .describe('Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first)'),
        timezone: z.string().describe('IANA time zone the expression is read in, such as America/New_York'),
      })
      .describe('Runs on a cron expression in a time zone'),
    z
      .object({
        kind: z.literal('interval'),
        everySeconds: z.number().int().describe('Seconds between runs'),
        anchor: instant('A time the grid of runs passes through (default 1970-01-01T00:00:00Z)').optional(),
      })
      .describe('Runs at a fixed interval'),
    z.object({ kind: z.literal('once'), at: instant('When to run') }).describe('Runs once'),
    z.object({ kind: z.literal('manual') }).describe('Runs only when started by hand'),
  ])
  .describe('When a task runs');

// Compile-time check that the schema and the hand-written types agree.
type SchemaShape = z.infer<typeof scheduleSchema>;
const sameShape: [SchemaShape, Schedule] extends [Schedule, SchemaShape] ? true : never = true;
void sameShape;
