import type { OutboundResponse } from '../../../lib/outbound/request';

const DAY_MS = 86_400_000;

/** Reads at most `cap` bytes, then cancels the rest so a huge response costs neither memory nor time. */
export async function readCapped(response: OutboundResponse, cap: number): Promise<{ body: string; truncated: boolean }> {
  if (!response.body) return { body: '', truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let body = '';
  let remaining = cap;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { body: body + decoder.decode(), truncated: false };
    if (value.byteLength > remaining) {
      void reader.cancel().catch(() => {});
      // stream: true holds back a multi-byte character cut at the cap instead of emitting U+FFFD.
      return { body: body + decoder.decode(value.subarray(0, remaining), { stream: true }), truncated: true };
    }
    body += decoder.decode(value, { stream: true });
    remaining -= value.byteLength;
  }
}

/** A whole JSON answer is kept as JSON, so the run's result can be read field by field; anything else as text. */
export function bodyValue(body: string, truncated: boolean, contentType: string | null): unknown {
  if (truncated || !contentType || !/\bjson\b/i.test(contentType)) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** Retry-After as delta-seconds or an HTTP date, clamped to [1 s, 24 h]; null when absent or unreadable. */
export function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  if (Number.isNaN(ms)) return null;
  return Math.min(Math.max(ms, 1000), DAY_MS);
}
