import type { QueueJson } from '@/lib/client/types';
import { formatDuration } from '@/lib/format/time';

/** A runnable run waiting longer than this turns the Queue card amber: the workers are falling behind. */
export const SLOW_QUEUE_SECONDS = 30;

const runs = (n: number) => `${n.toLocaleString('en-US')} run${n === 1 ? '' : 's'}`;

/** "34 s", then "4 min 5 s", "2 h 3 min". */
export const formatAge = (seconds: number): string => (seconds < 60 ? `${seconds} s` : formatDuration(seconds * 1000));

/** "12 runs waiting for a worker, oldest 34 s", or "No backlog"; `slow` past SLOW_QUEUE_SECONDS. */
export function queueSummary(queue: QueueJson): { text: string; slow: boolean } {
  if (queue.depth === 0 || queue.oldestAgeSeconds === null) return { text: 'No backlog', slow: false };
  return {
    text: `${runs(queue.depth)} waiting for a worker, oldest ${formatAge(queue.oldestAgeSeconds)}`,
    slow: queue.oldestAgeSeconds > SLOW_QUEUE_SECONDS,
  };
}
