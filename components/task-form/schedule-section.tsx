'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { INTERVAL_UNITS, modeHasZone, SCHEDULE_MODES, switchMode, WEEKDAYS, type ScheduleDraft, type ScheduleMode } from '@/lib/task-form/schedule-draft';
import { cn } from '@/lib/utils';
import { Field, GroupField } from './field';
import type { SectionProps } from './types';
import { ZonePicker } from './zone-picker';

const MODE_LABELS: Record<ScheduleMode, string> = { cron: 'Cron', interval: 'Interval', daily: 'Daily', weekly: 'Weekly', once: 'Once', manual: 'Manual' };
const DAY_LABELS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' } as const;

/** The schedule editor: a mode, that mode's inputs, and the zone its wall clock is read in. */
export function ScheduleSection({ state, update }: SectionProps) {
  const d = state.schedule;
  const set = (path: string, patch: Partial<ScheduleDraft>) => update(path, (s) => ({ ...s, schedule: { ...s.schedule, ...patch } }));
  return (
    <div className="space-y-4">
      <GroupField path="schedule.kind" legend="Schedule type">
        <div className="flex flex-wrap gap-2">
          {SCHEDULE_MODES.map((mode) => (
            <label
              key={mode}
              className={cn(
                'flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50',
                d.mode === mode ? 'border-primary bg-accent font-medium' : 'text-muted-foreground',
              )}
            >
              <input type="radio" name="schedule-mode" value={mode} checked={d.mode === mode} className="accent-primary" onChange={() => update('schedule.kind', (s) => ({ ...s, schedule: switchMode(s.schedule, mode) }))} />
              {MODE_LABELS[mode]}
            </label>
          ))}
        </div>
      </GroupField>

      {d.mode === 'cron' && (
        <Field path="schedule.expression" label="Cron expression" help="5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first. Example: 30 2 * * 1-5">
          {(c) => <Input {...c} value={d.expression} spellCheck={false} autoComplete="off" className="max-w-80 font-mono" onChange={(e) => set('schedule.expression', { expression: e.target.value })} />}
        </Field>
      )}
      {d.mode === 'interval' && (
        <div className="flex flex-wrap items-start gap-3">
          <Field path="schedule.everySeconds" label="Every" help="Runs keep to a fixed grid, so they never drift.">
            {(c) => <Input {...c} type="number" min={1} step={1} value={d.every} className="w-32" onChange={(e) => set('schedule.everySeconds', { every: e.target.value })} />}
          </Field>
          <Field path="schedule.unit" label="Unit">
            {(c) => (
              <NativeSelect {...c} value={d.unit} className="w-36" onChange={(e) => set('schedule.everySeconds', { unit: e.target.value as ScheduleDraft['unit'] })}>
                {Object.keys(INTERVAL_UNITS).map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </NativeSelect>
            )}
          </Field>
          <Field path="schedule.anchor" label="Anchor" help="A time the runs pass through, read in the time zone below; runs fall a whole number of intervals from it.">
            {(c) => <Input {...c} type="datetime-local" step={1} value={d.anchor} className="w-64" onChange={(e) => set('schedule.anchor', { anchor: e.target.value })} />}
          </Field>
        </div>
      )}
      {d.mode === 'weekly' && (
        <GroupField path="schedule.days" legend="Days">
          <div className="flex flex-wrap gap-3">
            {WEEKDAYS.map((day) => (
              <label key={day} className="flex items-center gap-1.5 text-sm">
                <Checkbox
                  checked={d.days.includes(day)}
                  onChange={(e) => set('schedule.days', { days: e.target.checked ? WEEKDAYS.filter((w) => w === day || d.days.includes(w)) : d.days.filter((w) => w !== day) })}
                />
                {DAY_LABELS[day]}
              </label>
            ))}
          </div>
        </GroupField>
      )}
      {(d.mode === 'daily' || d.mode === 'weekly') && (
        <Field path="schedule.time" label="Time" help="24-hour wall-clock time in the time zone below.">
          {(c) => <Input {...c} type="time" value={d.time} className="w-36" onChange={(e) => set('schedule.time', { time: e.target.value })} />}
        </Field>
      )}
      {d.mode === 'once' && (
        <Field path="schedule.at" label="Date and time" help="Read in the time zone below.">
          {(c) => <Input {...c} type="datetime-local" value={d.at} className="w-60" onChange={(e) => set('schedule.at', { at: e.target.value })} />}
        </Field>
      )}
      {d.mode === 'manual' && <p className="text-sm text-muted-foreground">No schedule: the task runs only when someone starts it (Run now, or the API).</p>}
      {modeHasZone(d.mode) && <ZonePicker value={d.timezone} onChange={(timezone) => set('schedule.timezone', { timezone })} />}
    </div>
  );
}
