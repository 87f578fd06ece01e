import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import type { AuditEntry as Entry } from '@/db/schema';
import { jsonDiff, showValue } from '@/lib/admin/json-diff';
import type { Jsonify } from '@/lib/client/json';

export type AuditRow = Jsonify<Entry>;

function Changes({ before, after }: { before: unknown; after: unknown }) {
  const changes = jsonDiff(before, after);
  if (before == null && after == null) return <p className="text-sm text-muted-foreground">No details were recorded.</p>;
  return (
    <div className="space-y-3">
      {changes.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing changed.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-xs">
            <caption className="sr-only">Changed fields</caption>
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 pr-3 font-medium">Field</th>
                <th className="py-1 pr-3 font-medium">Before</th>
                <th className="py-1 font-medium">After</th>
              </tr>
            </thead>
            <tbody className="font-mono">
              {changes.map((c) => (
                <tr key={c.path} className="border-t align-top">
                  <td className="py-1 pr-3">{c.path || '(value)'}</td>
                  <td className="py-1 pr-3 break-all text-destructive">{showValue(c.before)}</td>
                  <td className="py-1 break-all text-success">{showValue(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="grid gap-2 md:grid-cols-2">
        {(['before', 'after'] as const).map((side) => (
          <div key={side} className="min-w-0">
            <p className="text-xs font-medium text-muted-foreground capitalize">{side}</p>
            <pre className="max-h-64 overflow-auto rounded-md bg-muted p-2 text-xs">{JSON.stringify(side === 'before' ? before : after, null, 2) ?? 'null'}</pre>
          </div>
        ))}
      </div>
    </div>
  );
}

export function AuditEntry({ entry }: { entry: AuditRow }) {
  return (
    <li className="space-y-2 py-3" data-testid="audit-entry">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
        <Time value={entry.createdAt} className="whitespace-nowrap text-muted-foreground" />
        <Badge variant="outline" className="font-mono">
          {entry.action}
        </Badge>
        <span>
          <span className="sr-only">Actor: </span>
          {entry.actorLabel}
          <span className="text-muted-foreground"> ({entry.actorType.replace('_', ' ')})</span>
        </span>
        <span className="min-w-0 break-all">
          <span className="text-muted-foreground">on </span>
          {entry.targetType}
          {entry.targetId && <span className="font-mono text-xs"> {entry.targetId}</span>}
        </span>
        {entry.ip && <span className="text-muted-foreground">from {entry.ip}</span>}
      </div>
      <details className="rounded-md border px-3 py-2">
        <summary className="cursor-pointer text-sm font-medium">Before and after</summary>
        <div className="pt-2">
          <Changes before={entry.before} after={entry.after} />
        </div>
      </details>
    </li>
  );
}
