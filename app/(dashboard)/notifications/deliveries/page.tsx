import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { DeliveriesTable } from '@/components/admin/deliveries/deliveries-table';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent } from '@/components/ui/card';
import { listDeliveries } from '@/lib/api/v1/deliveries';
import { jsonify } from '@/lib/client/json';
import { requireRole } from '../../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Deliveries · Sundial' };

export default async function DeliveriesPage() {
  await requireRole('admin');
  const page = jsonify(await listDeliveries(getDb(), { limit: 50 }));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Deliveries"
        description="Every notification goes through this queue. A failed one is retried with backoff (up to an hour apart) and marked dead after 24 hours; Retry now sends it again at once."
      />
      <Card>
        <CardContent className="pt-6">
          <DeliveriesTable initial={page} />
        </CardContent>
      </Card>
    </div>
  );
}
