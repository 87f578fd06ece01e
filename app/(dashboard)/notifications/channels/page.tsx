import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/lib/db';
import { ChannelsTable } from '@/components/admin/channels/channels-table';
import { CreateChannel } from '@/components/admin/channels/create-channel';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { jsonify } from '@/lib/client/json';
import { listChannels } from '@/lib/notify/channels';
import { requireRole } from '../../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Channels · Sundial' };

export default async function ChannelsPage() {
  await requireRole('admin');
  const channels = jsonify(await listChannels(getDb()));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications · Channels"
        description={
          <>
            Named places alerts go: email (through the SMTP server in{' '}
            <Link href="/settings/email" className="underline underline-offset-4">
              Settings → Email
            </Link>
            ), Slack, or a signed webhook. Every message is queued first; see{' '}
            <Link href="/notifications/deliveries" className="underline underline-offset-4">
              Deliveries
            </Link>
            .
          </>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>New channel</CardTitle>
          <CardDescription>A webhook channel gets a signing secret, shown once after saving.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateChannel />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>All channels</CardTitle>
        </CardHeader>
        <CardContent>
          <ChannelsTable initial={channels} />
        </CardContent>
      </Card>
    </div>
  );
}
