'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { formatInZone, relativeTime } from '@/lib/format/time';

const noop = () => () => {};

/** The browser's zone; "UTC" while rendering on the server, so the first paint matches. */
export function useViewerZone(): string {
  return useSyncExternalStore(noop, () => Intl.DateTimeFormat().resolvedOptions().timeZone, () => 'UTC');
}

/** The current time, ticking every `everyMs`. */
export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

type Props = {
  value: string | Date | null | undefined;
  /** The zone to show the time in; the viewer's when absent. The tooltip adds the other. */
  zone?: string;
  /** Show "in 3 min" and put the absolute times in the tooltip. */
  relative?: boolean;
  /** With `relative`, what to say once the time has passed (a countdown says "due"). */
  pastLabel?: string;
  className?: string;
};

/** A timestamp that always says its zone; hover shows it in the viewer's zone (and UTC). */
export function Time({ value, zone, relative, pastLabel, className }: Props) {
  const viewer = useViewerZone();
  const now = useNow(relative ? 1000 : 60_000);
  if (!value) return <span className={className}>—</span>;
  const date = typeof value === 'string' ? new Date(value) : value;
  const shown = formatInZone(date, zone ?? viewer);
  const others = [...new Set([zone ?? viewer, viewer, 'UTC'])].map((z) => formatInZone(date, z));
  return (
    <time dateTime={date.toISOString()} title={others.join('\n')} className={className} suppressHydrationWarning>
      {relative ? (pastLabel && date <= now ? pastLabel : relativeTime(date, now)) : shown}
    </time>
  );
}
