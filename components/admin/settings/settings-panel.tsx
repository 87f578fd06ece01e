'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { SettingsJson } from '@/lib/api/v1/admin';
import { api } from '@/lib/client/api';
import { PauseAll } from './pause-all';
import { RetentionForm } from './retention-form';
import { WorkersNoneForm } from './workers-none-form';

// SMTP fields belong here once mail delivery lands (DESIGN.md "Mail"); it has not yet.
export function SettingsPanel({ initial }: { initial: SettingsJson }) {
  const { data } = useQuery({ queryKey: ['settings'], queryFn: () => api<SettingsJson>('/api/v1/settings'), initialData: initial });
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Scheduler</CardTitle>
          <CardDescription>A kill switch for every worker, within about a second.</CardDescription>
        </CardHeader>
        <CardContent>
          <PauseAll settings={data} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Retention</CardTitle>
          <CardDescription>A worker deletes older history every ten minutes, in small batches, from 1 to 3650 days.</CardDescription>
        </CardHeader>
        <CardContent>
          <RetentionForm retention={data.retention} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>No live worker</CardTitle>
          <CardDescription>The web process and every worker watch the heartbeats, so even the last worker dying is told.</CardDescription>
        </CardHeader>
        <CardContent>
          <WorkersNoneForm minutes={data.workersNoneMinutes} />
        </CardContent>
      </Card>
    </div>
  );
}
