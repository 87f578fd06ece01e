'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useViewerZone } from '@/components/time';
import { api, errorText } from '@/lib/client/api';
import { formatInZone } from '@/lib/format/time';
import { count } from '@/lib/format/count';
import type { LogLine, LogPage } from './types';

const PAGE = 500;
// The page keeps the newest lines; the whole log stays readable through the API.
const KEEP = 5000;

type Props = { runId: number; zone: string | undefined; initial: LogLine[]; initialFinished: boolean; onFinished: () => void; stepNames?: string[] };

/** Polls the log every second from the last seq, follows new lines unless scrolled up, and stops when the run has ended. */
export function LogTail({ runId, zone, initial, initialFinished, onFinished, stepNames = [] }: Props) {
  const viewer = useViewerZone();
  const shownZone = zone ?? viewer;
  const [lines, setLines] = useState(initial);
  const [finished, setFinished] = useState(initialFinished);
  const [error, setError] = useState<string | null>(null);
  const after = useRef(initial.at(-1)?.seq ?? 0);
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const finishedCallback = useRef(onFinished);
  useEffect(() => {
    finishedCallback.current = onFinished;
  });

  useEffect(() => {
    if (finished) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      let full = false;
      try {
        const page = await api<LogPage>(`/api/v1/runs/${runId}/logs?after=${after.current}&limit=${PAGE}`, { signal: controller.signal });
        full = page.lines.length === PAGE;
        if (page.lines.length > 0) {
          after.current = page.nextAfter;
          setLines((old) => [...old, ...page.lines].slice(-KEEP));
        }
        setError(null);
        if (page.finished && !full) {
          setFinished(true);
          finishedCallback.current();
          return;
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        setError(errorText(err));
      }
      timer = setTimeout(() => void tick(), full ? 0 : 1000);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [runId, finished]);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  const onScroll = () => {
    const el = box.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };

  return (
    <section aria-labelledby="run-log-heading" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="run-log-heading" className="text-lg font-semibold">
          Log
        </h2>
        <p className="text-sm text-muted-foreground" aria-live="polite">
          {error ? <span className="text-destructive">Could not read the log: {error}</span> : finished ? `${count(lines.length, 'line')}; the run has ended.` : 'Following live…'}{' '}
          Times in {shownZone}.
        </p>
      </div>
      {/* The list sits inside the log region: role="log" on the <ol> itself would orphan its items. */}
      <div
        ref={box}
        onScroll={onScroll}
        role="log"
        aria-label="Run log"
        tabIndex={0}
        className="max-h-[28rem] min-h-24 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <ol>
          {lines.length === 0 && <li className="text-muted-foreground">{finished ? 'No log lines.' : 'Waiting for log lines…'}</li>}
          {lines.map((l) => (
            <li key={l.seq} data-level={l.level} className={`whitespace-pre-wrap break-words ${l.level === 'error' ? 'text-destructive' : ''}`}>
              <time dateTime={l.at} title={formatInZone(l.at, shownZone)} className="mr-2 text-muted-foreground" suppressHydrationWarning>
                {formatInZone(l.at, shownZone).slice(11, 19)}
              </time>
              {l.level !== 'info' && <span className="mr-2 uppercase">{l.level}</span>}
              {l.step != null && <span className="mr-2 text-muted-foreground">[{stepNames[l.step] ?? `step ${l.step + 1}`}]</span>}
              <span data-testid="log-message">{l.message}</span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
