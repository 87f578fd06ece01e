import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { channelChoices } from '@/db/queries/task-channels';
import { PageHeader } from '@/components/page-header';
import { TaskForm } from '@/components/task-form/task-form';
import { listHandlers } from '@/lib/api/v1/catalog';
import { jsonify } from '@/lib/client/json';
import { env } from '@/lib/env';
import { describeAllowList } from '@/lib/outbound/rule';
import { limitsFromEnv } from '@/lib/tasks/service';
import { requireRole } from '../../current-user';

export const metadata: Metadata = { title: 'New task · Sundial' };

export default async function NewTaskPage() {
  await requireRole('operator');
  const db = getDb();
  const [catalog, channels] = await Promise.all([listHandlers(db), channelChoices(db)]);
  return (
    <>
      <PageHeader title="New task" description="What runs, when, and what happens when it fails." />
      <TaskForm task={null} handlers={jsonify(catalog)} channels={channels} minIntervalSeconds={limitsFromEnv().minIntervalSeconds} outboundAllow={describeAllowList(env().SUNDIAL_OUTBOUND_ALLOW)} />
    </>
  );
}
