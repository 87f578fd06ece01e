'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Switch } from '@/components/ui/switch';
import type { SettingsJson } from '@/lib/api/v1/admin';
import { api, errorText } from '@/lib/client/api';

/** "Pause all": saved as soon as it is flipped; running runs and manual runs are not affected. */
export function PauseAll({ settings }: { settings: SettingsJson }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (schedulerPaused: boolean) => api<SettingsJson>('/api/v1/settings', { method: 'PATCH', body: { schedulerPaused } }),
    onSuccess: (saved) => queryClient.setQueryData(['settings'], saved),
  });
  const paused = save.isPending ? save.variables : settings.schedulerPaused;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <Switch id="pause-all" checked={paused} disabled={save.isPending} onCheckedChange={(checked) => save.mutate(checked)} />
        <label htmlFor="pause-all" className="text-sm font-medium">
          Pause all scheduled tasks
        </label>
      </div>
      {save.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {errorText(save.error)}
        </p>
      ) : (
        <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
          {save.isPending ? 'Saving…' : paused ? 'Paused: no scheduled run starts on any worker. Manual runs still run.' : 'Running: tasks fire on their schedules.'}
        </p>
      )}
    </div>
  );
}
