'use client';

import { useViewerZone } from '@/components/time';
import { describeSchedule } from '@/lib/schedules/builders';
import type { Schedule } from '@/lib/schedules/schema';
import { formatInZone } from '@/lib/format/time';
import type { Preview } from './use-schedule-preview';

type Props = { schedule: Schedule | null; zone: string | null; preview: Preview };

/** The schedule in words and its next fires, in the task's zone and the viewer's. */
export function SchedulePreview({ schedule, zone, preview }: Props) {
  const viewer = useViewerZone();
  const shown = zone ?? viewer;
  const second = viewer !== shown ? viewer : shown !== 'UTC' ? 'UTC' : null;
  const valid = schedule && preview.errors.length === 0;
  return (
    <section aria-label="Next fires" aria-busy={preview.pending} className="space-y-2 rounded-lg border bg-muted/40 p-4">
      <h3 className="text-sm font-semibold">Next 5 fires</h3>
      <p className="text-sm" data-testid="schedule-words">
        {valid ? describeSchedule(schedule) : 'Fix the schedule above to see when it runs.'}
      </p>
      {valid && schedule.kind === 'manual' && <p className="text-sm text-muted-foreground">Runs only when started by hand.</p>}
      {preview.failure && (
        <p role="alert" className="text-sm text-destructive">
          The preview failed: {preview.failure}
        </p>
      )}
      {valid && preview.fires && (
        preview.fires.length === 0 ? (
          <p className="text-sm text-muted-foreground">No future fires.</p>
        ) : (
          <ol className="space-y-1 text-sm">
            {preview.fires.map((fire) => (
              <li key={fire} className="flex flex-wrap gap-x-3 font-mono tabular-nums">
                <time dateTime={fire}>{formatInZone(fire, shown)}</time>
                {second && <span className="text-muted-foreground">{formatInZone(fire, second)}</span>}
              </li>
            ))}
          </ol>
        )
      )}
      <p role="status" className="sr-only">
        {preview.pending ? 'Updating the preview…' : preview.fires ? `${preview.fires.length} upcoming fires shown` : ''}
      </p>
    </section>
  );
}
