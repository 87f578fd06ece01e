'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTransition, type FormEvent } from 'react';
import { useViewerZone } from '@/components/time';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { endOfMinute, fromLocalInput, knownAuditActions, toLocalInput, type AuditFilters } from '@/lib/admin/audit-filters';
import { qs } from '@/lib/client/api';

/** Filters live in the URL, so a filtered view can be reloaded and shared. */
export function AuditFilterForm({ filters }: { filters: AuditFilters }) {
  const router = useRouter();
  const zone = useViewerZone();
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const query = qs({
      actor: text('actor'),
      action: text('action'),
      targetType: text('targetType'),
      targetId: text('targetId'),
      from: fromLocalInput(text('from'), zone),
      to: endOfMinute(fromLocalInput(text('to'), zone)),
    });
    startTransition(() => router.push(`/audit${query}`));
  }

  const field = 'space-y-1 text-sm font-medium';
  return (
    <form onSubmit={onSubmit} aria-label="Audit filters" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" key={`${zone} ${JSON.stringify(filters)}`}>
      <label className={field}>
        <span className="block">Actor</span>
        <Input name="actor" defaultValue={filters.actor} placeholder="email, or key name or prefix" />
      </label>
      <label className={field}>
        <span className="block">Action</span>
        <Input name="action" defaultValue={filters.action} list="audit-actions" placeholder="such as task.update" />
        <datalist id="audit-actions">
          {knownAuditActions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <label className={field}>
        <span className="block">Target type</span>
        <Input name="targetType" defaultValue={filters.targetType} placeholder="task, user, api_key, settings" />
      </label>
      <label className={field}>
        <span className="block">Target id</span>
        <Input name="targetId" defaultValue={filters.targetId} />
      </label>
      {/* The time inputs speak the viewer's zone (UTC until hydrated, then the form remounts); the URL carries exact instants. */}
      <label className={field}>
        <span className="block">From ({zone})</span>
        <Input name="from" type="datetime-local" defaultValue={toLocalInput(filters.from, zone)} />
      </label>
      <label className={field}>
        <span className="block">To ({zone})</span>
        <Input name="to" type="datetime-local" defaultValue={toLocalInput(filters.to, zone)} />
      </label>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Filtering…' : 'Apply filters'}
        </Button>
        <Button variant="outline" asChild>
          <Link href="/audit">Clear</Link>
        </Button>
      </div>
    </form>
  );
}
