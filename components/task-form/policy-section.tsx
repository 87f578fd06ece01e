'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import type { FormState, PolicyNumber } from '@/lib/task-form/form-state';
import { CheckField, Field } from './field';
import type { SectionProps } from './types';

const MISFIRE = {
  coalesce: 'Coalesce: one run for the latest missed slot',
  skip: 'Skip: record missed slots, run none',
  catch_up: 'Catch up: run the latest missed slots, up to a cap',
} as const;
const CONCURRENCY = {
  forbid: 'Forbid: skip a fire while a run is active',
  queue: 'Queue: runs wait their turn',
  allow: 'Allow: up to a number at once',
  replace: 'Replace: cancel the running run, then run',
} as const;

/** Misfire, concurrency, retries with backoff, timeout and rate limit. */
export function PolicySection({ state, update }: SectionProps) {
  const p = state.policy;
  const num = (key: PolicyNumber, label: string, help?: string) => (
    <Field path={`policy.${key}`} label={label} help={help}>
      {(c) => <Input {...c} type="number" inputMode="numeric" min={0} value={p[key]} onChange={(e) => update(`policy.${key}`, (s) => ({ ...s, policy: { ...s.policy, [key]: e.target.value } }))} />}
    </Field>
  );
  const choice = <K extends 'misfire' | 'concurrency'>(key: K, label: string, options: Record<FormState['policy'][K], string>, help: string) => (
    <Field path={`policy.${key}`} label={label} help={help}>
      {(c) => (
        <NativeSelect {...c} value={p[key]} onChange={(e) => update(`policy.${key}`, (s) => ({ ...s, policy: { ...s.policy, [key]: e.target.value } }))}>
          {Object.entries<string>(options).map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </NativeSelect>
      )}
    </Field>
  );
  const setRate = (key: keyof FormState['rateLimit'], path: string) => (value: string | boolean) => update(path, (s) => ({ ...s, rateLimit: { ...s.rateLimit, [key]: value } }));
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2">
        {choice('misfire', 'Misfire', MISFIRE, 'What to do with slots missed while no worker ran.')}
        {num('misfireGraceSeconds', 'Grace (seconds)', 'A slot later than this counts as missed.')}
        {p.misfire === 'catch_up' && num('catchUpMax', 'Catch-up cap', 'At most this many missed slots are run.')}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {choice('concurrency', 'Concurrency', CONCURRENCY, 'When a fire comes while a run is still active.')}
        {p.concurrency === 'allow' && num('maxConcurrent', 'Max concurrent runs')}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {num('maxAttempts', 'Max attempts', '1 means no retries.')}
        {num('backoffSeconds', 'Backoff (seconds)', 'Doubles after each failed attempt, with jitter.')}
        {num('backoffMaxSeconds', 'Backoff cap (seconds)')}
        {num('timeoutSeconds', 'Timeout (seconds)', 'The run is stopped and marked timed out.')}
      </div>
      <div className="space-y-4">
        <CheckField path="policy.rateLimit" label="Limit how often it starts" help="Runs over the limit wait; they never fail.">
          {(c) => <Checkbox {...c} checked={state.rateLimit.on} onChange={(e) => setRate('on', 'policy.rateLimit')(e.target.checked)} />}
        </CheckField>
        {state.rateLimit.on && (
          <div className="grid gap-4 sm:grid-cols-3">
            <Field path="policy.rateLimit.key" label="Rate limit key" help="Tasks naming the same key share the limit.">
              {(c) => <Input {...c} value={state.rateLimit.key} onChange={(e) => setRate('key', 'policy.rateLimit.key')(e.target.value)} />}
            </Field>
            <Field path="policy.rateLimit.max" label="Max starts">
              {(c) => <Input {...c} type="number" min={1} value={state.rateLimit.max} onChange={(e) => setRate('max', 'policy.rateLimit.max')(e.target.value)} />}
            </Field>
            <Field path="policy.rateLimit.perSeconds" label="Per (seconds)">
              {(c) => <Input {...c} type="number" min={1} value={state.rateLimit.perSeconds} onChange={(e) => setRate('perSeconds', 'policy.rateLimit.perSeconds')(e.target.value)} />}
            </Field>
          </div>
        )}
      </div>
    </div>
  );
}
