'use client';

import { useState, type FormEvent } from 'react';
import { SaveStatus } from '@/components/save-status';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { api } from '@/lib/client/api';
import { useChosen, useSaver } from '@/lib/client/use-saver';
import { WEEKDAYS } from '@/lib/report/schedule';
import { weekly, type Weekday } from '@/lib/schedules/builders';

type Choice = { id: string; name: string; kind: string; isDefault: boolean };
type Props = { taskId: string; initial: { day: Weekday; time: string; timezone: string }; channels: Choice[]; chosen: string[] };

/** Day, time, zone and channels of the weekly report: saved on its task (schedule and config). */
export function ReportScheduleForm({ taskId, initial, channels, chosen }: Props) {
  const router = useRouter();
  const [day, setDay] = useState(initial.day);
  const [time, setTime] = useState(initial.time);
  const [timezone, setTimezone] = useState(initial.timezone);
  const { chosen: picked, toggle } = useChosen(chosen);
  const { busy, message, save } = useSaver();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save(async () => {
      await api(`/api/v1/tasks/${taskId}`, { method: 'PATCH', body: { schedule: weekly({ days: [day], time, timezone }), config: { channels: [...picked] } } });
      router.refresh();
      return 'Saved.';
    });
  }

  return (
    <form aria-label="Weekly report schedule" onSubmit={onSubmit} className="space-y-4">
      <div className="flex flex-wrap gap-4">
        <label className="space-y-1 text-sm font-medium">
          <span className="block">Day</span>
          <NativeSelect value={day} onChange={(e) => setDay(e.target.value as Weekday)} className="w-40">
            {WEEKDAYS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </NativeSelect>
        </label>
        <label className="space-y-1 text-sm font-medium">
          <span className="block">Time</span>
          <Input type="time" value={time} required onChange={(e) => setTime(e.target.value)} className="w-32" />
        </label>
        <label className="space-y-1 text-sm font-medium">
          <span className="block">Time zone</span>
          <Input value={timezone} required onChange={(e) => setTimezone(e.target.value)} className="w-56" placeholder="Europe/Berlin" />
        </label>
      </div>
      <fieldset className="space-y-2">
        <legend className="mb-1.5 text-sm font-medium">Channels</legend>
        {channels.length === 0 && <p className="text-sm text-muted-foreground">No channels yet. An admin adds them under Notifications → Channels.</p>}
        {channels.map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-sm">
            <Checkbox checked={picked.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            {c.name} ({c.kind}
            {c.isDefault ? ', default' : ''})
          </label>
        ))}
        <p className="text-xs text-muted-foreground">None picked: the default channels. People who chose the report on their Account page get it too.</p>
      </fieldset>
      <SaveStatus message={message} />
      <Button type="submit" disabled={busy}>
        Save
      </Button>
    </form>
  );
}
