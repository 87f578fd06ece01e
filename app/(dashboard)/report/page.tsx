import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/lib/db';
import { SendReportNow } from '@/components/admin/report/send-report-now';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { weeklyReportPreview } from '@/lib/report/preview';
import { requireRole } from '../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Weekly report · Sundial' };

export default async function WeeklyReportPage() {
  const user = await requireRole('viewer');
  const preview = await weeklyReportPreview(getDb());
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
      {preview.task && user.role !== 'viewer' && <SendReportNow taskId={preview.task.id} />}
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
