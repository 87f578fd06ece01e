import Link from 'next/link';
import { getDb } from '@/lib/db';
import { AuditEntry } from '@/components/admin/audit/audit-entry';
import { AuditFilterForm } from '@/components/admin/audit/audit-filters';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { auditQuery, listAudit } from '@/lib/api/v1/admin';
import { readAuditFilters } from '@/lib/admin/audit-filters';
import { qs } from '@/lib/client/api';
import { jsonify } from '@/lib/client/json';
import { requireRole } from '../current-user';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  await requireRole('admin');
  const params = await searchParams;
  const filters = readAuditFilters(params);
  const cursor = typeof params.cursor === 'string' ? params.cursor : undefined;
  const limit = typeof params.limit === 'string' ? params.limit : undefined;
  const parsed = auditQuery.safeParse({ ...filters, cursor, limit });
  const page = parsed.success ? jsonify(await listAudit(getDb(), parsed.data)) : null;
  const filtered = Object.keys(filters).length > 0;
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every change: who made it, when, from which address, and what it was before and after. Secrets are redacted." />
      <Card>
        <CardContent>
          <AuditFilterForm filters={filters} />
        </CardContent>
      </Card>
      {!parsed.success && (
        <p role="alert" className="text-sm text-destructive">
          These filters are not valid: {parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.
        </p>
      )}
      {page && (
        <Card>
          <CardContent>
            <p role="status" className="text-sm text-muted-foreground">
              {page.items.length === 0 ? (filtered ? 'No entries match these filters.' : 'No entries yet.') : `Showing ${page.items.length} entr${page.items.length === 1 ? 'y' : 'ies'}, newest first${cursor ? ' (older page)' : ''}.`}
            </p>
            <ul className="divide-y" aria-label="Audit entries">
              {page.items.map((entry) => (
                <AuditEntry key={entry.id} entry={entry} />
              ))}
            </ul>
            <nav aria-label="Audit pages" className="flex flex-wrap gap-2 pt-4">
              {cursor && (
                <Button variant="outline" asChild>
                  <Link href={`/audit${qs({ ...filters, limit })}`}>Newest</Link>
                </Button>
              )}
              {page.nextCursor && (
                <Button variant="outline" asChild>
                  <Link href={`/audit${qs({ ...filters, limit, cursor: page.nextCursor })}`}>Older</Link>
                </Button>
              )}
            </nav>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
