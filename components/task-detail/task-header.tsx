'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PencilIcon } from 'lucide-react';
import { PageHeader } from '@/components/page-header';
import { RunStatusBadge } from '@/components/run-status-badge';
import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { api, errorText } from '@/lib/client/api';
import { DeleteTaskDialog } from './delete-task-dialog';
import { RunNowDialog } from './run-now-dialog';
import { scheduleZone, type TaskView } from './types';

/** Name, live status, and for operators the toggle, Run now, Edit and Delete. */
export function TaskHeader({ initial, canOperate }: { initial: TaskView; canOperate: boolean }) {
  const { data: task } = useQuery({
    queryKey: ['task', initial.id],
    queryFn: () => api<TaskView>(`/api/v1/tasks/${initial.id}`),
    initialData: initial,
    refetchInterval: 2000,
  });
  // The stats and the duration chart poll slowly; when a run ends (the totals move), refresh
  // them at once so "Last run: succeeded" never sits next to "Runs 0".
  const queryClient = useQueryClient();
  const finished = useRef(task.totals.runs);
  useEffect(() => {
    if (finished.current === task.totals.runs) return;
    finished.current = task.totals.runs;
    void queryClient.invalidateQueries({ queryKey: ['task-stats', task.id] });
    void queryClient.invalidateQueries({ queryKey: ['task-durations', task.id] });
  }, [queryClient, task.id, task.totals.runs]);
  const zone = scheduleZone(task.schedule);
  const status = (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1" role="status" aria-live="polite" data-testid="task-status">
      <Badge variant={task.enabled ? 'success' : 'secondary'}>{task.enabled ? 'Enabled' : 'Paused'}</Badge>
      <span className="flex items-center gap-1">
        Last run: <RunStatusBadge status={task.lastStatus} />
        {task.lastRunAt && <Time value={task.lastRunAt} zone={zone} relative />}
      </span>
      {task.enabled && task.nextRunAt && (
        <span>
          Next: <Time value={task.nextRunAt} zone={zone} relative />
        </span>
      )}
    </div>
  );
  return (
    <PageHeader
      title={task.name}
      description={
        <div className="space-y-1">
          {task.description && <p>{task.description}</p>}
          {status}
        </div>
      }
      actions={canOperate ? <Actions task={task} /> : undefined}
    />
  );
}

function Actions({ task }: { task: TaskView }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle(enabled: boolean) {
    setBusy(true);
    setError(null);
    try {
      const updated = await api<TaskView>(`/api/v1/tasks/${task.id}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' });
      queryClient.setQueryData(['task', task.id], updated);
      router.refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <Label htmlFor="task-enabled" className="mr-2">
          <Switch id="task-enabled" checked={task.enabled} disabled={busy} onCheckedChange={(v) => void toggle(v)} />
          Enabled
        </Label>
        <RunNowDialog taskId={task.id} />
        <Button variant="outline" asChild>
          <Link href={`/tasks/${task.id}/edit`}>
            <PencilIcon aria-hidden />
            Edit
          </Link>
        </Button>
        <DeleteTaskDialog taskId={task.id} name={task.name} />
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
