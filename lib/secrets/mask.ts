export const MASK = '***';

/**
 * Hides resolved secret values in whatever a run writes. Each value is also looked for as it
 * appears inside JSON text, URL-encoded and in base64, and a multi-line value (a PEM key) line
 * by line, since handlers log what they send in those forms.
 */
export class Masker {
  private readonly needles: string[];

  constructor(values: string[]) {
    const forms = values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v), Buffer.from(v).toString('base64'), ...v.split(/\r?\n/).filter((l) => l.trim().length >= 8)]);
    // Longest first, so a value that contains another is hidden whole.
    this.needles = [...new Set(forms.filter((f) => f.length > 0))].sort((a, b) => b.length - a.length);
  }

  get empty(): boolean {
    return this.needles.length === 0;
  }

  text(s: string): string {
    let out = s;
    for (const needle of this.needles) if (out.includes(needle)) out = out.split(needle).join(MASK);
    return out;
  }

  /** Strings at any depth, object keys included. */
  deep(value: unknown): unknown {
    if (this.empty) return value;
    if (typeof value === 'string') return this.text(value);
    if (typeof value === 'number') return this.needles.includes(String(value)) ? MASK : value;
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((v) => this.deep(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.deep(v)]));
    return value;
  }
}

export const noMask = new Masker([]);
