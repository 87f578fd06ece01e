// Plain output: one block per figure, its target beside what this run measured.

export const say = (m: string) => process.stdout.write(`${m}\n`);

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
export const msText = (ms: number | null | undefined) => (ms === null || ms === undefined ? 'n/a' : `${int(ms)} ms`);
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A whole number from the environment, for shortening a figure while developing. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return n;
}

/** Nearest-rank percentile; NaN for no samples. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export const median = (xs: number[]) => percentile(xs, 0.5);

/**
 * A figure's block: the title, the target as issue 9 states it, then label/value rows.
 * Printed in one piece at the end, so worker warnings on stderr do not split it.
 */
export class Block {
  private readonly rows: [string, string][] = [];

  constructor(
    private readonly title: string,
    private readonly target: string,
  ) {}

  row(label: string, value: string): this {
    this.rows.push([label, value]);
    return this;
  }

  print(): void {
    const width = Math.max(8, ...this.rows.map(([l]) => l.length)) + 2;
    say('');
    say(this.title);
    say(`  ${'target'.padEnd(width)}${this.target}`);
    for (const [label, value] of this.rows) say(`  ${label.padEnd(width)}${value}`);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
