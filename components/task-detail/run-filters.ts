import type { RunStatus, RunTrigger } from '@/db/schema';

// Listed here rather than imported from db/schema so the browser bundle stays free of Drizzle.
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'missed', 'lost'] as const satisfies readonly RunStatus[];
export const RUN_TRIGGERS = ['schedule', 'catch_up', 'manual', 'api', 'retry'] as const satisfies readonly RunTrigger[];

export type HistoryFilters = { status: RunStatus | ''; trigger: RunTrigger | '' };

export const words = (value: string) => value.replace('_', ' ');
