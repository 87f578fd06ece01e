import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { PageHeader } from '@/components/page-header';
import { TaskForm } from '@/components/task-form/task-form';
import { listHandlers } from '@/lib/api/v1/catalog';
import { jsonify } from '@/lib/client/json';
import { limitsFromEnv } from '@/lib/tasks/service';
import { requireRole } from '../../current-user';

export const metadata: Metadata = { title: 'New task · Sundial' };

export default async function NewTaskPage() {
  await requireRole('operator');
  const catalog = await listHandlers(getDb());
  return (
    <>
      <PageHeader title="New task" description="What runs, when, and what happens when it fails." />
      <TaskForm task={null} handlers={jsonify(catalog)} minIntervalSeconds={limitsFromEnv().minIntervalSeconds} />
    </>
  );
}
