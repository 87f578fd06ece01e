// The browser's way to the REST API: same origin, session cookie, JSON both ways.
// A failure becomes an ApiError carrying the server's message and field errors, so forms
// can show them next to their fields.

export type FieldError = { field: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

type Init = { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown; signal?: AbortSignal };

export async function api<T>(path: string, init: Init = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    cache: 'no-store',
    signal: init.signal,
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string; fields?: FieldError[] } } | null;
  if (!res.ok) {
    const error = json?.error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `the server answered ${res.status}`, error?.fields ?? []);
  }
  return json as T;
}

/** A query string from the defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The message to show for a failed call, whatever was thrown. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.fields.length ? `${err.message}: ${err.fields.map((f) => `${f.field} ${f.message}`).join('; ')}` : err.message;
  return err instanceof Error ? err.message : String(err);
}
