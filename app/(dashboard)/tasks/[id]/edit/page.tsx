import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db';
import { channelChoices } from '@/db/queries/task-channels';
import { findTaskWithState } from '@/db/queries/tasks';
import { PageHeader } from '@/components/page-header';
import { TaskForm } from '@/components/task-form/task-form';
import { listHandlers } from '@/lib/api/v1/catalog';
import { taskJson } from '@/lib/api/v1/task-json';
import { jsonify } from '@/lib/client/json';
import type { TaskForForm } from '@/lib/task-form/form-state';
import { env } from '@/lib/env';
import { describeAllowList } from '@/lib/outbound/rule';
import { limitsFromEnv } from '@/lib/tasks/service';
import { requireRole } from '../../../current-user';

export const metadata: Metadata = { title: 'Edit task · Sundial' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditTaskPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('operator');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const db = getDb();
  const [task, catalog, channels] = await Promise.all([findTaskWithState(db, id), listHandlers(db), channelChoices(db)]);
  if (!task) notFound();
  // The task exactly as GET /api/v1/tasks/{id} returns it; its version guards the save.
  const json = jsonify(taskJson(task)) as unknown as TaskForForm;
  return (
    <>
      <PageHeader
        title={`Edit ${task.name}`}
        description={
          <>
            Version {task.version}. <Link href={`/tasks/${task.id}`} className="underline underline-offset-4">Back to the task</Link>
          </>
        }
      />
      <TaskForm key={task.id} task={json} handlers={jsonify(catalog)} channels={channels} minIntervalSeconds={limitsFromEnv().minIntervalSeconds} outboundAllow={describeAllowList(env().SUNDIAL_OUTBOUND_ALLOW)} />
    </>
  );
}
