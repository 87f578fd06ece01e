import Link from 'next/link';
import { getDb } from '@/lib/db';
import { SettingsPanel } from '@/components/admin/settings/settings-panel';
import { PageHeader } from '@/components/page-header';
import { readSettings } from '@/lib/api/v1/admin';
import { requireRole } from '../current-user';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  await requireRole('admin');
  const settings = await readSettings(getDb());
  return (
    <div>
      <PageHeader
        title="Settings"
        description={
          <>
            Every change here is written to the audit log. Credentials that tasks use live under{' '}
            <Link href="/settings/secrets" className="underline underline-offset-4">
              Secrets
            </Link>
            ; the SMTP server and email templates under{' '}
            <Link href="/settings/email" className="underline underline-offset-4">
              Email
            </Link>
            ; the day, time, zone and channels of the{' '}
            <Link href="/report" className="underline underline-offset-4">
              weekly report
            </Link>{' '}
            on its page.
          </>
        }
      />
      <SettingsPanel initial={settings} />
    </div>
  );
}
