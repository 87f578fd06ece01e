'use client';

import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import type { WorkersJson } from '@/lib/client/types';
import { cn } from '@/lib/utils';
import { formatAge, queueSummary, SLOW_QUEUE_SECONDS } from './queue-summary';
import { useWorkers } from './use-workers';
import { Widget } from './widget';

// Amber text that keeps AA contrast on the card in both themes (the warning token is for fills).
const amber = 'font-medium text-amber-700 dark:text-amber-400';

/** The backlog: queued runs a worker could start now, and how long the oldest has waited. */
export function Queue({ initial }: { initial: WorkersJson }) {
  const { queue } = useWorkers(initial);
  const { text, slow } = queueSummary(queue);
  return (
    <Widget
      id="queue"
      title="Queue"
      action={slow && <Badge variant="warning">over {SLOW_QUEUE_SECONDS} s</Badge>}
      description={
        <span role="status" aria-live="polite" className={cn(slow && amber)}>
          {text}
        </span>
      }
    >
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <Figure label="Waiting for a worker">{queue.depth.toLocaleString('en-US')}</Figure>
        <Figure label="Oldest wait" className={cn(slow && amber)}>
          {queue.oldestAgeSeconds === null ? '—' : formatAge(queue.oldestAgeSeconds)}
        </Figure>
        <Figure label="Deferred">{queue.waiting.toLocaleString('en-US')}</Figure>
      </dl>
      <p className="mt-2 text-xs text-muted-foreground">Deferred runs wait out a retry backoff or a rate limit; no worker may start them yet.</p>
    </Widget>
  );
}

function Figure({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className={cn('text-lg font-semibold tabular-nums', className)}>{children}</dd>
    </div>
  );
}
