import { z } from 'zod';
import { invalid } from '../errors';

// Years that JavaScript and Postgres both print as four digits; year 0 does not exist in Postgres.
const plainYear = (iso: string) => {
  const year = new Date(iso).getUTCFullYear();
  return year >= 1 && year <= 9999;
};

/** An ISO-8601 instant with an offset that Postgres can store (zod already refuses 2024-02-30). */
export const instant = () => z.iso.datetime({ offset: true }).refine(plainYear, 'must be between the years 0001 and 9999');

// A timestamptz as Postgres prints it: "2026-03-08 07:00:00.123456+00" (offsets to ±15:59:59).
const PG_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-5])(:[0-5]\d){0,2}$/;

/** A timestamp a cursor may carry: Postgres's own text for a real calendar day. */
export function isPgTimestamp(text: unknown): text is string {
  const match = typeof text === 'string' ? PG_TIMESTAMP.exec(text) : null;
  if (!match) return false;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const isUuid = (text: unknown): text is string => typeof text === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

/** The JSON array inside a base64url cursor, or null for anything else. */
export function cursorParts(cursor: string): unknown[] | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

export const badCursor = (message = 'not a cursor this API returned') => invalid([{ field: 'cursor', message }]);
