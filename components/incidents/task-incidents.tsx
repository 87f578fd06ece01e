'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ActionDialog } from '@/components/admin/action-dialog';
import { Field } from '@/components/admin/field';
import { Empty, Widget } from '@/components/overview/widget';
import { Badge } from '@/components/ui/badge';
import { Textarea } from '@/components/ui/textarea';
import { Time } from '@/components/time';
import { api } from '@/lib/client/api';
import type { IncidentJson, Page } from '@/lib/client/types';
import { count } from '@/lib/format/count';


function AcknowledgeButton({ incident }: { incident: IncidentJson }) {
  return (
    <ActionDialog
      queryKey="incidents"
      trigger={incident.acknowledged ? 'Update note' : 'Acknowledge'}
      label={`Acknowledge the incident of ${incident.task.name}`}
      title="Acknowledge the incident"
      description="Says someone is on it, and stops the reminders. The incident stays open until the task succeeds."
      confirm={['Acknowledge', 'Saving…']}
      run={(form) => api(`/api/v1/incidents/${incident.id}/acknowledge`, { method: 'POST', body: { note: String(form.get('note') ?? '') } })}
    >
      <Field label="Note">
        <Textarea name="note" required maxLength={2000} defaultValue={incident.acknowledged?.note ?? ''} placeholder="What is being done" />
      </Field>
    </ActionDialog>
  );
}

function IncidentLine({ incident: i, canOperate }: { incident: IncidentJson; canOperate: boolean }) {
  const open = i.status === 'open';
  return (
    <li className="space-y-1 py-2 text-sm" data-incident={i.status}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Badge variant={open ? 'destructive' : 'success'}>{open ? 'Open' : 'Resolved'}</Badge>
        <span>
          since <Time value={i.firstFailedAt} />
          {i.resolvedAt && (
            <>
              {' '}
              · resolved <Time value={i.resolvedAt} />
            </>
          )}
        </span>
        <span className="text-muted-foreground">{count(i.failedRuns, 'failed run')}</span>
        {i.lastRunId && (
          <Link href={`/runs/${i.lastRunId}`} className="underline underline-offset-4">
            Last failed run
          </Link>
        )}
        {open && canOperate && <AcknowledgeButton incident={i} />}
      </div>
      {i.lastError && <p className="truncate font-mono text-xs text-muted-foreground">{i.lastError}</p>}
      {i.acknowledged && (
        <p className="text-xs text-muted-foreground">
          Acknowledged <Time value={i.acknowledged.at} relative />
          {i.acknowledged.by ? ` by ${i.acknowledged.by}` : ''}: {i.acknowledged.note}
        </p>
      )}
    </li>
  );
}

/** The task's current incident and its `limit` recent ones (the page's first data read as many). */
export function TaskIncidents({ taskId, limit, initial, canOperate }: { taskId: string; limit: number; initial: Page<IncidentJson>; canOperate: boolean }) {
  const path = `/api/v1/incidents?taskId=${taskId}&limit=${limit}`;
  const { data } = useQuery({ queryKey: ['incidents', taskId], queryFn: () => api<Page<IncidentJson>>(path), initialData: initial, refetchInterval: 5000 });
  return (
    <Widget id="task-incidents" title="Incidents" description="Opened after the failed slots in a row set in the task's notifications; resolved by the next success.">
      {data.items.length === 0 ? (
        <Empty>No incident so far.</Empty>
      ) : (
        <ul className="divide-y">
          {data.items.map((i) => (
            <IncidentLine key={i.id} incident={i} canOperate={canOperate} />
          ))}
        </ul>
      )}
    </Widget>
  );
}
