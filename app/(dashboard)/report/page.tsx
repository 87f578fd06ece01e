import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/lib/db';
import { SendReportNow } from '@/components/admin/report/send-report-now';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ReportScheduleForm } from '@/components/admin/report/report-schedule-form';
import { channelChoices } from '@/db/queries/task-channels';
import { weeklyReportPreview } from '@/lib/report/preview';
import { readWeeklySchedule } from '@/lib/report/schedule';
import { requireRole } from '../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Weekly report · Sundial' };

export default async function WeeklyReportPage() {
  const user = await requireRole('viewer');
  const preview = await weeklyReportPreview(getDb());
  const canChange = user.role !== 'viewer';
  const when = preview.task && readWeeklySchedule(preview.task.schedule);
  const channels = canChange && when ? await channelChoices(getDb()) : [];
  return (
    <div className="space-y-6">
      <PageHeader
        title="Weekly report"
        description={
          preview.task ? (
            <>
              Sent by the built-in task{' '}
              <Link href={`/tasks/${preview.task.id}`} className="underline underline-offset-4">
                {preview.task.name}
              </Link>
              {preview.task.enabled ? '' : ' (paused)'}: its schedule sets the day, time and zone, its config the channels (none: the default channels), and its
              history shows every report sent.
            </>
          ) : (
            <>The built-in report task was deleted. A task with the &ldquo;Weekly report&rdquo; handler sends it again.</>
          )
        }
      />
      {preview.task && canChange && <SendReportNow />}
      {preview.task && canChange && (
        <Card>
          <CardHeader>
            <CardTitle>When and to whom</CardTitle>
            <CardDescription>
              {when ? 'Saved on the task: its schedule and its channels.' : 'The task now has a schedule of another shape: change it on the task page.'}
            </CardDescription>
          </CardHeader>
          {when && (
            <CardContent>
              <ReportScheduleForm taskId={preview.task.id} initial={when} channels={channels} chosen={preview.task.config.channels ?? []} />
            </CardContent>
          )}
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Preview</CardTitle>
          <CardDescription>
            {preview.from} to {preview.to} (UTC days). Subject: {preview.subject}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <iframe title="Weekly report email preview" sandbox="" srcDoc={preview.html} className="h-[36rem] w-full rounded-md border bg-white" />
          <details>
            <summary className="cursor-pointer text-sm">Plain-text part</summary>
            <pre className="mt-2 whitespace-pre-wrap text-xs">{preview.text}</pre>
          </details>
        </CardContent>
      </Card>
    </div>
  );
}
