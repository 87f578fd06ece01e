'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Checkbox } from '@/components/ui/checkbox';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { RunStatusBadge } from '@/components/run-status-badge';
import { Time } from '@/components/time';
import { api } from '@/lib/client/api';
import { formatRate } from '@/lib/format/time';
import { successRate, taskZone, type Page, type TaskJson } from '@/lib/client/types';
import { describeScheduleWords } from '@/lib/schedules/builders';
import type { Schedule } from '@/lib/schedules/schema';
import { BulkBar } from './bulk-bar';

/** One page of tasks, refreshed every 5 s; operators get checkboxes and bulk actions. */
export function TaskTable({ initial, query, canChange }: { initial: Page<TaskJson>; query: string; canChange: boolean }) {
  const { data, refetch } = useQuery({ queryKey: ['tasks', query], queryFn: () => api<Page<TaskJson>>(`/api/v1/tasks${query}`), initialData: initial, refetchInterval: 5000 });
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const selected = data.items.filter((t) => checked.has(t.id));
  const allChecked = data.items.length > 0 && selected.length === data.items.length;
  const toggle = (id: string, on: boolean) => setChecked((prev) => new Set([...prev].filter((x) => x !== id).concat(on ? [id] : [])));
  return (
    <>
      {canChange && <BulkBar selected={selected} onDone={() => void refetch().then(() => setChecked(new Set()))} />}
      <Table aria-label="Tasks">
        <TableHeader>
          <TableRow>
            {canChange && (
              <TableHead className="w-8">
                <Checkbox aria-label="Select all tasks on this page" checked={allChecked} onChange={(e) => setChecked(e.target.checked ? new Set(data.items.map((t) => t.id)) : new Set())} />
              </TableHead>
            )}
            <TableHead>Name</TableHead>
            <TableHead>Schedule</TableHead>
            <TableHead>Zone</TableHead>
            <TableHead>Next run</TableHead>
            <TableHead>Last run</TableHead>
            <TableHead className="text-right">Success</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.items.length === 0 && (
            <TableRow>
              <TableCell colSpan={7} className="py-8 text-center text-muted-foreground">
                No task matches these filters.
              </TableCell>
            </TableRow>
          )}
          {data.items.map((task) => (
            <TableRow key={task.id} data-task-id={task.id}>
              {canChange && (
                <TableCell>
                  <Checkbox aria-label={`Select ${task.name}`} checked={checked.has(task.id)} onChange={(e) => toggle(task.id, e.target.checked)} />
                </TableCell>
              )}
              <TableCell className="max-w-72">
                <Link href={`/tasks/${task.id}`} className="font-medium hover:underline">
                  {task.name}
                </Link>
                <div className="mt-1 flex flex-wrap gap-1">
                  {!task.enabled && <Badge variant="warning">paused</Badge>}
                  {task.tags.map((tag) => (
                    <Badge key={tag} variant="outline">
                      {tag}
                    </Badge>
                  ))}
                </div>
              </TableCell>
              <TableCell>{describeScheduleWords(task.schedule as Schedule)}</TableCell>
              <TableCell className="whitespace-nowrap">{taskZone(task)}</TableCell>
              <TableCell className="whitespace-nowrap">{task.enabled ? <Time value={task.nextRunAt} zone={taskZone(task)} /> : <span className="text-muted-foreground">paused</span>}</TableCell>
              <TableCell className="whitespace-nowrap">
                <span className="flex items-center gap-2">
                  <RunStatusBadge status={task.lastStatus} />
                  {task.lastRunAt && <Time value={task.lastRunAt} relative className="text-xs text-muted-foreground" />}
                </span>
              </TableCell>
              <TableCell className="text-right tabular-nums" title={`${task.totals.succeeded} succeeded of ${task.totals.succeeded + task.totals.failed} finished`}>
                {formatRate(successRate(task.totals))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
