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

/** A run status in words and colour, so colour is never the only signal. */
export function RunStatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return <span className="text-muted-foreground">never ran</span>;
  return (
    <Badge variant={variants[status] ?? 'outline'} data-status={status}>
      {status.replace('_', ' ')}
    </Badge>
  );
}
