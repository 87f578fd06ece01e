import type pg from 'pg';
import { appendLogLines, type LogLine } from '../db/queries/engine/logs';

const FLUSH_MS = 250;
const MAX_LINE = 8_192;
const MAX_LINES = 10_000;

/** Buffers a run's log lines and writes them in small batches while the run goes on. */
export class RunLogger {
  private buffer: Omit<LogLine, 'seq'>[] = [];
  private seq: number | undefined;
  private count = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly runId: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  log(message: string, level = 'info', step?: number): void {
    this.count++;
    if (this.count > MAX_LINES) {
      if (this.count === MAX_LINES + 1) this.buffer.push({ level: 'warn', message: `log truncated: more than ${MAX_LINES} lines`, at: new Date() });
      return;
    }
    const text = String(message);
    this.buffer.push({ level, message: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (cut)` : text, at: new Date(), step });
  }

  /** Writes are chained, so lines keep their order even when a flush is slow. */
  flush(): Promise<void> {
    if (this.buffer.length === 0) return this.writing;
    const lines = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(async () => {
      try {
        this.seq = await appendLogLines(this.pool, this.runId, lines, { after: this.seq });
      } catch (err) {
        this.onError(err);
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
