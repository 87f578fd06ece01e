import { z } from 'zod';

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAY_NAMES)[number];

export type CronSchedule = { kind: 'cron'; expression: string; timezone: string };
export type DailySchedule = { kind: 'daily'; time: string; timezone: string };
export type WeeklySchedule = { kind: 'weekly'; days: Weekday[]; time: string; timezone: string };
export type IntervalSchedule = { kind: 'interval'; everySeconds: number; anchor?: string };
export type OnceSchedule = { kind: 'once'; at: string; timezone?: string };
export type ManualSchedule = { kind: 'manual' };
export type Schedule = CronSchedule | DailySchedule | WeeklySchedule | IntervalSchedule | OnceSchedule | ManualSchedule;
/** The kinds read on a wall clock in a zone, fired as their equivalent cron. */
export type WallClockSchedule = DailySchedule | WeeklySchedule;

export type FieldError = { field: string; message: string };

const instant = (what: string) =>
  z.string().describe(`${what}, an ISO-8601 instant with a UTC offset, such as 2026-03-08T07:00:00Z`);
const zone = (what: string) => z.string().describe(`IANA time zone ${what}, such as America/New_York`);
const time = z.string().describe('24-hour wall-clock time HH:MM in the time zone, such as 08:00');

// Only the JSON shape, for OpenAPI; validateSchedule does the semantic checks.
export const scheduleSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('cron'),
        expression: z
          .string()
          .describe('Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first)'),
        timezone: zone('the expression is read in'),
      })
      .describe('Runs on a cron expression in a time zone'),
    z
      .object({ kind: z.literal('daily'), time, timezone: zone('the time is read in') })
      .describe('Runs every day at a wall-clock time; a time skipped by DST runs at the end of the gap, a repeated one once'),
    z
      .object({
        kind: z.literal('weekly'),
        days: z.array(z.enum(WEEKDAY_NAMES)).describe('Weekdays to run on, at least one: mon, tue, wed, thu, fri, sat, sun'),
        time,
        timezone: zone('the time is read in'),
      })
      .describe('Runs on the given weekdays at a wall-clock time'),
    z
      .object({
        kind: z.literal('interval'),
        everySeconds: z.number().int().describe('Seconds between runs'),
        anchor: instant('A time the grid of runs passes through (default: when the task is saved)').optional(),
      })
      .describe('Runs at a fixed interval'),
    z
      .object({ kind: z.literal('once'), at: instant('When to run'), timezone: zone('the time was entered in, kept for display').optional() })
      .describe('Runs once'),
    z.object({ kind: z.literal('manual') }).describe('Runs only when started by hand'),
  ])
  .describe('When a task runs');

// Compile-time check that the schema and the hand-written types agree.
type SchemaShape = z.infer<typeof scheduleSchema>;
const sameShape: [SchemaShape, Schedule] extends [Schedule, SchemaShape] ? true : never = true;
void sameShape;
