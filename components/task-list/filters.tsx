import Form from 'next/form';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';

export type ListParams = { q?: string; enabled?: string; status?: string; tag?: string; sort?: string };

const FIELD = 'flex min-w-36 flex-1 flex-col gap-1 text-sm font-medium';
type Option = [value: string, label: string];

const statuses = ['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'missed', 'lost', 'running', 'queued'];

/** A GET form: the filters live in the URL, so a view can be bookmarked, shared and reloaded. */
export function TaskFilters({ params, tags }: { params: ListParams; tags: string[] }) {
  return (
    <Form action="/tasks" className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter tasks">
      <label className={`${FIELD} min-w-56 flex-[2]`}>
        Search
        <Input type="search" name="q" defaultValue={params.q} placeholder="Name or description" />
      </label>
      <Choice label="State" name="enabled" value={params.enabled} options={[['', 'Any'], ['true', 'Enabled'], ['false', 'Paused']]} />
      <Choice label="Last status" name="status" value={params.status} options={[['', 'Any'], ...statuses.map((s): Option => [s, s.replace('_', ' ')])]} />
      <Choice label="Tag" name="tag" value={params.tag} options={[['', 'Any'], ...tags.map((t): Option => [t, t])]} />
      <Choice label="Sort by" name="sort" value={params.sort ?? 'name'} options={[['name', 'Name'], ['nextRun', 'Next run'], ['lastRun', 'Last run']]} />
      <div className="flex gap-2">
        <Button type="submit">Apply</Button>
        <Button variant="ghost" asChild>
          <Link href="/tasks">Clear</Link>
        </Button>
      </div>
    </Form>
  );
}

function Choice({ label, name, value, options }: { label: string; name: string; value: string | undefined; options: Option[] }) {
  return (
    <label className={FIELD}>
      {label}
      <NativeSelect name={name} defaultValue={value ?? ''}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </NativeSelect>
    </label>
  );
}
