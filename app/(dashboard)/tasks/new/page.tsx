import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { channelChoices } from '@/db/queries/task-channels';
import { PageHeader } from '@/components/page-header';
import { TaskForm } from '@/components/task-form/task-form';
import { TemplatePicker } from '@/components/task-form/template-picker';
import { listHandlers } from '@/lib/api/v1/catalog';
import { jsonify } from '@/lib/client/json';
import { env } from '@/lib/env';
import { describeAllowList } from '@/lib/outbound/rule';
import { presetOf } from '@/lib/templates/preset';
import { TEMPLATES, templateByKey } from '@/lib/templates/catalog';
import { limitsFromEnv } from '@/lib/tasks/service';
import { requireRole } from '../../current-user';

export const metadata: Metadata = { title: 'New task · Sundial' };

export default async function NewTaskPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('operator');
  const key = (await searchParams).template;
  const template = typeof key === 'string' ? templateByKey(key) : undefined;
  const db = getDb();
  const [catalog, channels] = await Promise.all([listHandlers(db), channelChoices(db)]);
  return (
    <>
      <PageHeader title="New task" description="What runs, when, and what happens when it fails." />
      <TemplatePicker templates={TEMPLATES.map(({ key, title, description }) => ({ key, title, description }))} chosen={template?.key ?? null} />
      <TaskForm
        // A new key remounts the form, so choosing another template fills it afresh.
        key={template?.key ?? 'blank'}
        task={null}
        preset={template ? presetOf(template) : null}
        handlers={jsonify(catalog)}
        channels={channels}
        minIntervalSeconds={limitsFromEnv().minIntervalSeconds}
        outboundAllow={describeAllowList(env().SUNDIAL_OUTBOUND_ALLOW)}
      />
    </>
  );
}
