import type { Jsonify } from '@/lib/client/json';
import type { runJson, stepsJson } from '@/lib/api/v1/run-queries';

export type RunView = Jsonify<ReturnType<typeof runJson> & { steps?: ReturnType<typeof stepsJson> }>;
export type ChainLink = { id: number; attempt: number; status: string; partial: boolean };
export type LogLine = { seq: number; level: string; message: string; at: string; step?: number | null };
export type RunStep = NonNullable<RunView['steps']>[number];
export type LogPage = { lines: LogLine[]; nextAfter: number; finished: boolean };

export const isActive = (status: string) => status === 'queued' || status === 'running';
