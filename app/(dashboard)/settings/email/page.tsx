import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { EmailSettingsForm } from '@/components/admin/email/email-settings-form';
import { SmtpTest } from '@/components/admin/email/smtp-test';
import { TemplatePreviews } from '@/components/admin/email/template-previews';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { readEmailSettings } from '@/lib/api/v1/smtp';
import { publicUrl } from '@/lib/public-url';
import { templates } from '@/lib/notify/templates';
import { requireRole } from '../../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Email · Settings · Sundial' };

export default async function EmailSettingsPage() {
  const user = await requireRole('admin');
  const settings = await readEmailSettings(getDb());
  const ctx = { baseUrl: publicUrl(), subjectPrefix: settings.subjectPrefix, footer: settings.footer };
  const previews = await Promise.all(
    Object.entries(templates).map(async ([event, t]) => {
      const r = await t.render(t.sample, ctx);
      return { event, subject: r.subject, html: r.html, text: r.text };
    }),
  );
  return (
    <div className="space-y-6">
      <PageHeader title="Settings · Email" description="The SMTP server that email channels send through, and how every message looks." />
      <Card>
        <CardHeader>
          <CardTitle>SMTP server</CardTitle>
          <CardDescription>The password is stored encrypted and never shown again.</CardDescription>
        </CardHeader>
        <CardContent>
          <EmailSettingsForm initial={settings} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Send test email</CardTitle>
          <CardDescription>Uses the saved settings and answers within 15 seconds with the server&rsquo;s reply or what went wrong.</CardDescription>
        </CardHeader>
        <CardContent>
          <SmtpTest defaultTo={'email' in user ? String(user.email) : ''} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Templates</CardTitle>
          <CardDescription>Each message as it will look, with sample data.</CardDescription>
        </CardHeader>
        <CardContent>
          <TemplatePreviews previews={previews} />
        </CardContent>
      </Card>
    </div>
  );
}
