import Link from 'next/link';
import { RunStatusBadge } from '@/components/run-status-badge';
import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatDuration } from '@/lib/format/time';
import { words } from './run-filters';
import type { RunRow } from './types';

/** One row per run; missed and skipped runs show why in the Reason column. */
export function HistoryTable({ runs, zone, loading }: { runs: RunRow[]; zone: string | undefined; loading: boolean }) {
  return (
    <Table aria-label="Run history" aria-busy={loading}>
      <TableHeader>
        <TableRow>
          <TableHead>Run</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Trigger</TableHead>
          <TableHead>Scheduled for</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Duration</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead>Attempt</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.length === 0 && (
          <TableRow>
            <TableCell colSpan={8} className="py-6 text-center text-muted-foreground">
              {loading ? 'Loading…' : 'No runs match.'}
            </TableCell>
          </TableRow>
        )}
        {runs.map((r) => (
          <TableRow key={r.id} data-run-id={r.id} data-status={r.status} data-trigger={r.trigger}>
            <TableCell>
              <Link href={`/runs/${r.id}`} className="font-mono underline-offset-4 hover:underline" aria-label={`Run ${r.id}`}>
                #{r.id}
              </Link>
            </TableCell>
            <TableCell>
              <RunStatusBadge status={r.status} partial={r.partial} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              {words(r.trigger)}
              {r.testMode && (
                <Badge variant="outline" className="ml-1">
                  test
                </Badge>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <Time value={r.scheduledFor} zone={zone} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <Time value={r.startedAt} zone={zone} />
            </TableCell>
            <TableCell className="whitespace-nowrap tabular-nums">{formatDuration(r.durationMs)}</TableCell>
            <TableCell className="max-w-80 min-w-48">
              <span className={r.reason ? '' : 'text-destructive'} title={r.reason ?? r.errorMessage ?? undefined}>
                <span className="line-clamp-2 break-words">{r.reason ?? r.errorMessage ?? ''}</span>
              </span>
            </TableCell>
            <TableCell className="tabular-nums">{r.attempt}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
