import { Badge } from '@/components/ui/badge';

const variants: Record<string, 'success' | 'destructive' | 'warning' | 'secondary' | 'outline' | 'default'> = {
  succeeded: 'success',
  failed: 'destructive',
  timed_out: 'destructive',
  lost: 'destructive',
  missed: 'warning',
  skipped: 'warning',
  cancelled: 'outline',
  queued: 'secondary',
  running: 'default',
};

/**
 * A run status in words and colour, so colour is never the only signal. A partial run (it
 * succeeded, but some of its items failed) reads "succeeded · partial", in amber.
 */
export function RunStatusBadge({ status, partial = false }: { status: string | null | undefined; partial?: boolean }) {
  if (!status) return <span className="text-muted-foreground">never ran</span>;
  const isPartial = partial && status === 'succeeded';
  return (
    <Badge variant={isPartial ? 'warning' : (variants[status] ?? 'outline')} data-status={status} data-partial={isPartial || undefined}>
      {status.replace('_', ' ')}
      {isPartial ? ' · partial' : ''}
    </Badge>
  );
}
