'use client';

import { useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PageHeader } from '@/components/page-header';
import { RunStatusBadge } from '@/components/run-status-badge';
import { Card, CardContent } from '@/components/ui/card';
import { api } from '@/lib/client/api';
import { CancelRunButton } from './cancel-run-button';
import { JsonBlock } from './json-block';
import { LogTail } from './log-tail';
import { RunFacts } from './run-facts';
import { StepTimeline } from './step-timeline';
import { isActive, type ChainLink, type LogLine, type RunView as Run } from './types';

type Props = {
  initial: Run;
  zone: string | undefined;
  triggeredBy: string | null;
  chain: ChainLink[];
  logs: LogLine[];
  logsComplete: boolean;
  canOperate: boolean;
};

/** A run, refreshed every second while it is queued or running, with its live log. */
export function RunView({ initial, zone, triggeredBy, chain, logs, logsComplete, canOperate }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: run } = useQuery({
    queryKey: ['run', initial.id],
    queryFn: () => api<Run>(`/api/v1/runs/${initial.id}`),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && isActive(query.state.data.status) ? 1000 : false),
  });
  const onLogFinished = () => {
    void queryClient.invalidateQueries({ queryKey: ['run', initial.id] });
    // A failed attempt may have queued a retry: the server re-reads the attempt chain.
    router.refresh();
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Run #${run.id}`}
        description={
          <div className="flex flex-wrap items-center gap-2" role="status" aria-live="polite" data-testid="run-status">
            <RunStatusBadge status={run.status} partial={run.partial} />
            {run.reason && <span>{run.reason}</span>}
          </div>
        }
        actions={canOperate ? <CancelRunButton runId={run.id} status={run.status} /> : undefined}
      />
      <Card>
        <CardContent>
          <RunFacts run={run} zone={zone} triggeredBy={triggeredBy} chain={chain} />
        </CardContent>
      </Card>
      {run.errorMessage && (
        <section aria-labelledby="run-error-heading" className="space-y-2">
          <h2 id="run-error-heading" className="text-lg font-semibold text-destructive">
            Error
          </h2>
          <p className="break-words">
            {run.errorMessage}
          </p>
          {run.errorStack && (
            <pre aria-label="Stack trace" tabIndex={0} className="max-h-80 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
              {run.errorStack}
            </pre>
          )}
        </section>
      )}
      <StepTimeline steps={run.steps ?? []} logs={logs} />
      <LogTail runId={run.id} zone={zone} initial={logs} initialFinished={logsComplete} onFinished={onLogFinished} stepNames={(run.steps ?? []).map((s) => s.name)} />
      <div className="grid gap-6 md:grid-cols-2">
        <JsonBlock label="Params" value={run.params} />
        <JsonBlock label="Result" value={run.result} />
      </div>
    </div>
  );
}
