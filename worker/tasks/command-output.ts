import { StringDecoder } from 'node:string_decoder';
import type { LogLevel } from '../define';

// A line is held to this length, the rest of it up to its newline dropped: this only bounds
// memory. The cut a reader sees is the run logger's (8 KiB), made after the main thread has
// masked secrets, so that a cut never leaves half of a secret in the log.
const MAX_PENDING = 65_536;
// What one run may write to its log, so that a chatty process cannot flood the database.
export const MAX_LOG_LINES = 5_000;
export const MAX_LOG_BYTES = 1_048_576;
// The stderr lines quoted in a failed run's error message.
const TAIL_LINES = 20;
const TAIL_LINE_CHARS = 1_000;
export const PROGRESS_MARK = '::sundial:progress ';
// Postgres stores NUL in neither text nor jsonb: a run's end holding one could not be written.
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;
export const withoutNul = (text: string) => text.replaceAll('\0', '\uFFFD');

/** JSON.parse, with each NUL character (as JSON's escape \u0000) turned into U+FFFD. */
export const parseJson = (text: string): unknown => JSON.parse(text.replace(NUL_ESCAPE, '$1\\ufffd'));

/**
 * Splits a byte stream into lines as they arrive (\n or \r\n); end() gives the partial last
 * line. Hand-written, because node:readline holds a line of any length in memory and split2
 * drops an overlong line where this one keeps its start.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private overflow = false;

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: Buffer): void {
    const parts = this.decoder.write(chunk).split('\n');
    for (const part of parts.slice(0, -1)) {
      this.append(part);
      this.emit();
    }
    this.append(parts.at(-1)!);
  }

  end(): void {
    this.append(this.decoder.end());
    if (this.pending || this.overflow) this.emit();
  }

  private append(text: string): void {
    if (this.overflow) return;
    this.pending += text;
    if (this.pending.length > MAX_PENDING) {
      this.pending = this.pending.slice(0, MAX_PENDING);
      this.overflow = true;
    }
  }

  private emit(): void {
    const line = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending;
    this.pending = '';
    this.overflow = false;
    this.onLine(withoutNul(line));
  }
}

/**
 * Where a command's output lines go: the run log (stdout at info, stderr at warn, since many
 * programs write mere diagnostics there) up to the caps, progress marks to ctx.progress, and
 * the last stderr lines to the error message of a failed run.
 */
export class CommandOutput {
  private lines = 0;
  private bytes = 0;
  private capped = false;
  private readonly tail: string[] = [];

  constructor(
    private readonly log: (message: string, level?: LogLevel) => void,
    private readonly progress: (value: Record<string, unknown>) => void,
    /** Values not to cut through when a line is shortened (they are masked later, whole). */
    private readonly sensitive: string[],
  ) {}

  stdout(line: string): void {
    if (line.startsWith(PROGRESS_MARK)) this.reportProgress(line.slice(PROGRESS_MARK.length));
    else this.write(line, 'info');
  }

  stderr(line: string): void {
    this.tail.push(cutBefore(line, TAIL_LINE_CHARS, this.sensitive));
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    this.write(line, 'warn');
  }

  /** The last stderr lines, oldest first. */
  stderrTail(): string[] {
    return [...this.tail];
  }

  private reportProgress(text: string): void {
    let value: unknown;
    try {
      value = parseJson(text);
    } catch {
      value = undefined;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) this.progress(value as Record<string, unknown>);
    else this.write(`ignored a progress line: ${PROGRESS_MARK.trim()} must be followed by a JSON object`, 'warn');
  }

  private write(line: string, level: LogLevel): void {
    if (this.capped) return;
    const bytes = Buffer.byteLength(line) + 1;
    if (this.lines >= MAX_LOG_LINES || this.bytes + bytes > MAX_LOG_BYTES) {
      this.capped = true;
      this.log(`output limit reached (${MAX_LOG_LINES} lines or ${MAX_LOG_BYTES / 1_048_576} MiB): the rest of stdout and stderr is not logged`, 'warn');
      return;
    }
    this.lines++;
    this.bytes += bytes;
    this.log(line, level);
  }
}

/** `text` cut to about `max` characters, never inside one of `keep` (the cut moves back to its start). */
export function cutBefore(text: string, max: number, keep: string[]): string {
  if (text.length <= max) return text;
  let cut = max;
  for (let moved = true; moved;) {
    moved = false;
    for (const value of keep) {
      const at = value ? text.lastIndexOf(value, cut - 1) : -1;
      if (at !== -1 && at < cut && at + value.length > cut) {
        cut = at;
        moved = true;
      }
    }
  }
  return `${text.slice(0, cut)}… (cut)`;
}
