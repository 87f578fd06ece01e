'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Switch } from '@/components/ui/switch';
import { api, errorText } from '@/lib/client/api';

/** "Pause all": operators get the switch, viewers only see the state. */
export function useSchedulerPaused(initial: boolean): boolean {
  const { data } = useQuery({ queryKey: ['scheduler'], queryFn: () => api<{ paused: boolean }>('/api/v1/scheduler'), initialData: { paused: initial }, refetchInterval: 5000 });
  return data.paused;
}

export function PauseAll({ initial, canChange }: { initial: boolean; canChange: boolean }) {
  const client = useQueryClient();
  const paused = useSchedulerPaused(initial);
  const change = useMutation({
    mutationFn: (paused: boolean) => api<{ paused: boolean }>('/api/v1/scheduler', { method: 'PUT', body: { paused } }),
    onSuccess: (value) => {
      client.setQueryData(['scheduler'], value);
      void client.invalidateQueries({ queryKey: ['overview'] });
    },
  });
  return (
    <div className="flex flex-wrap items-center gap-3">
      {paused && <Badge variant="warning">All schedules paused</Badge>}
      {canChange && (
        <label className="flex items-center gap-2 text-sm font-medium">
          <Switch checked={paused} disabled={change.isPending} onCheckedChange={(v) => change.mutate(v)} />
          Pause all
        </label>
      )}
      {change.isError && (
        <span role="alert" className="text-sm text-destructive">
          {errorText(change.error)}
        </span>
      )}
    </div>
  );
}
