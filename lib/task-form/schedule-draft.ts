// The schedule editor's state (one set of inputs per mode) and the stored schedule it means.
// Each mode is a schedule kind and saves as that kind, so what was entered is what reads back.

import { zoneProblems } from '../schedules/fields';
import type { Schedule, Weekday } from '../schedules/schema';
import { validateSchedule } from '../schedules/validate';
import { cronEquivalent, TIME } from '../schedules/wall-clock';
import type { FieldError } from './errors';
import { instantToWallTime, nextWholeHour, wallTimeToInstant } from './zoned-time';

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
  /** The interval's anchor, "YYYY-MM-DDTHH:MM:SS" read in `timezone`. */
  anchor: string;
  /** A saved anchor, kept to the millisecond while the input still shows it. */
  storedAnchor?: string;
  time: string;
  days: Weekday[];
  /** "YYYY-MM-DDTHH:MM", read in `timezone`. */
  at: string;
};

/** A new schedule's inputs; an interval is anchored on the next whole hour in the zone. */
export function defaultDraft(timezone: string, now = new Date()): ScheduleDraft {
  return { mode: 'daily', expression: '0 2 * * *', timezone, every: '1', unit: 'hours', anchor: nextWholeHour(now, timezone), time: '02:00', days: ['mon'], at: '' };
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAY_OF: Record<string, Weekday> = { 0: 'sun', 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun' };
// Intervals saved without an anchor keep to the epoch's grid.
const EPOCH = '1970-01-01T00:00:00.000Z';

/** "m h * * *" reads as daily, "m h * * d,d" as weekly, when switching from cron. */
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
export function draftFromSchedule(schedule: Schedule, viewerZone: string, now = new Date()): ScheduleDraft {
  const base = defaultDraft(viewerZone, now);
  switch (schedule.kind) {
    case 'cron':
      return { ...base, mode: 'cron', expression: schedule.expression, timezone: schedule.timezone };
    case 'daily':
      return { ...base, mode: 'daily', time: schedule.time, timezone: schedule.timezone };
    case 'weekly':
      return { ...base, mode: 'weekly', days: schedule.days, time: schedule.time, timezone: schedule.timezone };
    case 'interval': {
      const unit = (['days', 'hours', 'minutes'] as const).find((u) => schedule.everySeconds % INTERVAL_UNITS[u] === 0) ?? 'seconds';
      const stored = schedule.anchor ?? EPOCH;
      const anchor = instantToWallTime(stored, viewerZone, { seconds: true });
      return { ...base, mode: 'interval', every: String(schedule.everySeconds / INTERVAL_UNITS[unit]), unit, anchor, storedAnchor: stored };
    }
    case 'once': {
      const timezone = schedule.timezone ?? viewerZone;
      return { ...base, mode: 'once', at: instantToWallTime(schedule.at, timezone), timezone };
    }
    case 'manual':
      return { ...base, mode: 'manual' };
  }
}

/** Switch modes, carrying what carries over: daily or weekly into cron shows their expression. */
export function switchMode(draft: ScheduleDraft, mode: ScheduleMode): ScheduleDraft {
  const timed = TIME.test(draft.time) && (draft.mode === 'daily' || (draft.mode === 'weekly' && draft.days.length > 0));
  if (mode === 'cron' && timed) {
    const wall = draft.mode === 'daily' ? { kind: 'daily' as const } : { kind: 'weekly' as const, days: draft.days };
    return { ...draft, mode, expression: cronEquivalent({ ...wall, time: draft.time, timezone: draft.timezone }).expression };
  }
  if ((mode === 'daily' || mode === 'weekly') && draft.mode === 'cron') {
    const seen = recognise(draft.expression);
    if (seen) return { ...draft, mode, time: seen.time, days: seen.mode === 'weekly' ? seen.days : draft.days };
  }
  return { ...draft, mode };
}

/** The anchor input as an instant: the stored one to the millisecond while the input still shows it. */
function anchorInstant(d: ScheduleDraft, timezone: string): string | null {
  const read = wallTimeToInstant(d.anchor, timezone);
  const stored = d.storedAnchor ? Date.parse(d.storedAnchor) : NaN;
  return read !== null && Math.floor(stored / 1000) * 1000 === Date.parse(read) ? d.storedAnchor! : read;
}

type Built = { schedule: Schedule } | { errors: FieldError[] };

function build(d: ScheduleDraft): Built {
  const fail = (field: string, message: string): Built => ({ errors: [{ field: `schedule.${field}`, message }] });
  const timezone = d.timezone.trim();
  switch (d.mode) {
    case 'cron':
      return { schedule: { kind: 'cron', expression: d.expression.trim(), timezone } };
    case 'daily':
      return { schedule: { kind: 'daily', time: d.time, timezone } };
    case 'weekly':
      if (d.days.length === 0) return fail('days', 'choose at least one day');
      return { schedule: { kind: 'weekly', days: d.days, time: d.time, timezone } };
    case 'interval': {
      const every = Number(d.every);
      if (d.every.trim() === '' || !Number.isInteger(every) || every < 1) return fail('everySeconds', 'must be a whole number, 1 or more');
      const [badZone] = zoneProblems(timezone);
      if (badZone) return fail('timezone', badZone);
      const anchor = anchorInstant(d, timezone);
      if (anchor === null) return fail('anchor', 'choose a date and time');
      return { schedule: { kind: 'interval', everySeconds: every * INTERVAL_UNITS[d.unit], anchor } };
    }
    case 'once': {
      if (d.at.trim() === '') return fail('at', 'choose a date and time');
      const at = wallTimeToInstant(d.at, timezone);
      return at ? { schedule: { kind: 'once', at, timezone } } : fail('at', 'must be a date and time');
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
  if (!checked.ok) return { errors: checked.errors.map((e) => ({ field: `schedule.${e.field}`, message: e.message })) };
  if (checked.schedule.kind === 'once' && new Date(checked.schedule.at) <= opts.now) return { errors: [{ field: 'schedule.at', message: 'must be in the future' }] };
  return { schedule: checked.schedule };
}

/** Whether the mode has a time zone input: every mode with a wall clock (an interval's anchor has one). */
export const modeHasZone = (mode: ScheduleMode) => mode !== 'manual';
