import type { Jsonify } from '@/lib/client/json';
import type { runJson } from '@/lib/api/v1/run-queries';

export type RunView = Jsonify<ReturnType<typeof runJson>>;
export type ChainLink = { id: number; attempt: number; status: string; partial: boolean };
export type LogLine = { seq: number; level: string; message: string; at: string };
export type LogPage = { lines: LogLine[]; nextAfter: number; finished: boolean };

export const isActive = (status: string) => status === 'queued' || status === 'running';
