import { Time } from '@/components/time';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { Policy } from '@/lib/tasks/policy';
import { count } from '@/lib/format/count';

type Props = { summary: string; zone: string | undefined; enabled: boolean; fires: string[]; policy: Policy };


/** The policies in words, one line each. */
export function policyLines(p: Policy): [string, string][] {
  const misfire = { coalesce: 'one run for the latest missed slot', skip: 'skip missed slots', catch_up: `catch up, at most ${p.catchUpMax} slots` }[p.misfire];
  const concurrency = {
    forbid: 'a fire while a run is active is skipped',
    queue: 'a fire waits for the active run',
    allow: `allow up to ${p.maxConcurrent} at once`,
    replace: 'a fire replaces the active run',
  }[p.concurrency];
  return [
    ['Misfire', `${misfire} (grace ${count(p.misfireGraceSeconds, 'second')})`],
    ['Concurrency', concurrency],
    ['Retries', p.maxAttempts <= 1 ? 'none' : `${p.maxAttempts} attempts, backoff ${p.backoffSeconds} s up to ${p.backoffMaxSeconds} s`],
    ['Timeout', count(p.timeoutSeconds, 'second')],
    ['Rate limit', p.rateLimit ? `${p.rateLimit.max} per ${count(p.rateLimit.perSeconds, 'second')} (key "${p.rateLimit.key}")` : 'none'],
  ];
}

/** The schedule in words with its zone, the next 5 fires, and the policies. */
export function ScheduleCard({ summary, zone, enabled, fires, policy }: Props) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Schedule</CardTitle>
        <CardDescription>
          <span data-testid="schedule-summary">{summary}</span>
          <span className="block">Time zone: {zone ?? 'none (this kind of schedule has none); times shown in yours'}</span>
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <section aria-labelledby="next-fires-heading">
          <h3 id="next-fires-heading" className="mb-1 font-medium">
            {enabled ? 'Next fires' : 'Next fires once enabled'}
          </h3>
          {fires.length === 0 ? (
            <p className="text-muted-foreground">No upcoming fires.</p>
          ) : (
            <ol className="space-y-0.5 font-mono text-xs sm:text-sm" aria-label="Next fires">
              {fires.map((f) => (
                <li key={f}>
                  <Time value={f} zone={zone} />
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="policies-heading">
          <h3 id="policies-heading" className="mb-1 font-medium">
            Policies
          </h3>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
            {policyLines(policy).map(([term, text]) => (
              <div key={term} className="contents">
                <dt className="text-muted-foreground">{term}</dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
        </section>
      </CardContent>
    </Card>
  );
}
