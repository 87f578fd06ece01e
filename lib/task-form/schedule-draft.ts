// The schedule editor's state (one set of inputs per mode) and the stored schedule it means.
// daily and weekly are builders that compile to cron; a simple cron reads back as them.

import { daily, weekly, type Weekday } from '../schedules/builders';
import type { Schedule } from '../schedules/schema';
import { validateSchedule } from '../schedules/validate';
import type { FieldError } from './errors';
import { instantToWallTime, wallTimeToInstant } from './zoned-time';

export const SCHEDULE_MODES = ['cron', 'interval', 'daily', 'weekly', 'once', 'manual'] as const;
export type ScheduleMode = (typeof SCHEDULE_MODES)[number];
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const INTERVAL_UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;
export type IntervalUnit = keyof typeof INTERVAL_UNITS;

export type ScheduleDraft = {
  mode: ScheduleMode;
  expression: string;
  timezone: string;
  every: string;
  unit: IntervalUnit;
  anchor?: string;
  time: string;
  days: Weekday[];
  /** "YYYY-MM-DDTHH:MM", read in `timezone`. */
  at: string;
};

export function defaultDraft(timezone: string): ScheduleDraft {
  return { mode: 'daily', expression: '0 2 * * *', timezone, every: '1', unit: 'hours', time: '02:00', days: ['mon'], at: '' };
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAY_OF: Record<string, Weekday> = { 0: 'sun', 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun' };

/** "m h * * *" is daily, "m h * * d,d" weekly; anything else stays cron. */
function recognise(expression: string): Pick<ScheduleDraft, 'mode' | 'time' | 'days'> | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-7](?:,[0-7])*)$/.exec(expression.trim().replace(/\s+/g, ' '));
  if (!m) return null;
  const [minute, hour] = [Number(m[1]), Number(m[2])];
  if (minute > 59 || hour > 23) return null;
  const time = `${pad(hour)}:${pad(minute)}`;
  if (m[3] === '*') return { mode: 'daily', time, days: ['mon'] };
  const days = [...new Set(m[3]!.split(',').map((d) => DAY_OF[d]!))];
  return { mode: 'weekly', time, days: WEEKDAYS.filter((d) => days.includes(d)) };
}

/** The editor's state for a stored schedule; `viewerZone` fills zones a schedule lacks. */
export function draftFromSchedule(schedule: Schedule, viewerZone: string): ScheduleDraft {
  const base = defaultDraft(viewerZone);
  switch (schedule.kind) {
    case 'cron':
      return { ...base, mode: 'cron', expression: schedule.expression, timezone: schedule.timezone, ...recognise(schedule.expression) };
    case 'interval': {
      const unit = (['days', 'hours', 'minutes'] as const).find((u) => schedule.everySeconds % INTERVAL_UNITS[u] === 0) ?? 'seconds';
      return { ...base, mode: 'interval', every: String(schedule.everySeconds / INTERVAL_UNITS[unit]), unit, anchor: schedule.anchor };
    }
    case 'once':
      return { ...base, mode: 'once', at: instantToWallTime(schedule.at, viewerZone) };
    case 'manual':
      return { ...base, mode: 'manual' };
  }
}

/** Switch modes, carrying what carries over: daily or weekly into cron shows their expression. */
export function switchMode(draft: ScheduleDraft, mode: ScheduleMode): ScheduleDraft {
  if (mode === 'cron' && (draft.mode === 'daily' || draft.mode === 'weekly')) {
    const built = build(draft);
    if ('schedule' in built && built.schedule.kind === 'cron') return { ...draft, mode, expression: built.schedule.expression };
  }
  if ((mode === 'daily' || mode === 'weekly') && draft.mode === 'cron') {
    const seen = recognise(draft.expression);
    if (seen) return { ...draft, mode, time: seen.time, days: seen.mode === 'weekly' ? seen.days : draft.days };
  }
  return { ...draft, mode };
}

type Built = { schedule: Schedule } | { errors: FieldError[] };

function build(d: ScheduleDraft): Built {
  const fail = (field: string, message: string): Built => ({ errors: [{ field: `schedule.${field}`, message }] });
  const timezone = d.timezone.trim();
  switch (d.mode) {
    case 'cron':
      return { schedule: { kind: 'cron', expression: d.expression.trim(), timezone } };
    case 'daily':
    case 'weekly':
      if (d.mode === 'weekly' && d.days.length === 0) return fail('days', 'choose at least one day');
      try {
        return { schedule: d.mode === 'daily' ? daily({ time: d.time, timezone }) : weekly({ days: d.days, time: d.time, timezone }) };
      } catch (err) {
        return fail('time', (err as Error).message);
      }
    case 'interval': {
      const every = Number(d.every);
      if (d.every.trim() === '' || !Number.isInteger(every) || every < 1) return fail('everySeconds', 'must be a whole number, 1 or more');
      return { schedule: { kind: 'interval', everySeconds: every * INTERVAL_UNITS[d.unit], ...(d.anchor ? { anchor: d.anchor } : {}) } };
    }
    case 'once': {
      if (d.at.trim() === '') return fail('at', 'choose a date and time');
      const at = wallTimeToInstant(d.at, timezone);
      return at ? { schedule: { kind: 'once', at } } : fail('at', 'must be a date and time');
    }
    case 'manual':
      return { schedule: { kind: 'manual' } };
  }
}

/**
 * The schedule the editor describes, checked as the server checks it (same validator), with
 * errors on `schedule.<input>` paths. `now` makes "once" refuse the past.
 */
export function scheduleFromDraft(d: ScheduleDraft, opts: { minIntervalSeconds: number; now: Date }): Built {
  const built = build(d);
  if ('errors' in built) return built;
  const checked = validateSchedule(built.schedule, { minIntervalSeconds: opts.minIntervalSeconds });
  if (!checked.ok) {
    // daily and weekly have no expression input: their time input answers for it.
    const input = (f: string) => (f === 'expression' && d.mode !== 'cron' ? 'time' : f);
    return { errors: checked.errors.map((e) => ({ field: `schedule.${input(e.field)}`, message: e.message })) };
  }
  if (checked.schedule.kind === 'once' && new Date(checked.schedule.at) <= opts.now) return { errors: [{ field: 'schedule.at', message: 'must be in the future' }] };
  return { schedule: checked.schedule };
}

/** Whether the mode has a time zone input (interval and manual have no wall clock). */
export const modeHasZone = (mode: ScheduleMode) => mode !== 'interval' && mode !== 'manual';
