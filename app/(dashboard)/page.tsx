import { getDb, getPool } from '@/db/client';
import { getHealth } from '@/lib/health';
import { WorkerStatus, type HealthJson } from '@/components/worker-status';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const health = JSON.parse(JSON.stringify(await getHealth(getPool(), getDb()))) as HealthJson;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
      <WorkerStatus initial={health} />
    </div>
  );
}
