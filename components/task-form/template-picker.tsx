import Link from 'next/link';
import type { Template } from '@/lib/templates/catalog';

/** "From a template": each preset is a link that opens the form filled with it. */
export function TemplatePicker({ templates, chosen }: { templates: Pick<Template, 'key' | 'title' | 'description'>[]; chosen: string | null }) {
  return (
    <details className="mx-auto mb-6 max-w-3xl rounded-xl border bg-card p-4 text-card-foreground shadow-sm sm:p-6" open={chosen === null ? undefined : true}>
      <summary className="cursor-pointer text-lg font-semibold">From a template</summary>
      <p className="mt-2 text-sm text-muted-foreground">The jobs the teams Sundial serves schedule, with their schedules, policies and limits. Pick one, then adjust it.</p>
      <ul className="mt-4 grid gap-2 sm:grid-cols-2" aria-label="Templates">
        {templates.map((t) => (
          <li key={t.key}>
            <Link
              href={`/tasks/new?template=${encodeURIComponent(t.key)}`}
              aria-current={t.key === chosen ? 'true' : undefined}
              className="block h-full rounded-lg border p-3 text-sm hover:bg-accent focus-visible:outline-2 aria-[current=true]:border-primary"
            >
              <span className="font-medium">{t.title}</span>
              <span className="mt-1 block text-muted-foreground">{t.description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
