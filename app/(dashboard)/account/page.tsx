import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ChangePasswordForm } from '@/components/change-password-form';
import { SignOutEverywhere } from '@/components/sign-out-everywhere';
import { EmailPreferences } from '@/components/email-preferences';
import { users } from '@/db/schema';
import { getDb } from '@/lib/db';
import { eq } from 'drizzle-orm';
import { currentUser } from '../current-user';

export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const me = await currentUser();
  const [row] = await getDb().select({ email: users.email, notifyEvents: users.notifyEvents }).from(users).where(eq(users.id, me.id));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
      <Card>
        <CardHeader>
          <CardTitle>Password</CardTitle>
          <CardDescription>At least 12 characters. Only a slow hash of it is stored.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Email</CardTitle>
          <CardDescription>For every task, besides the channels each task notifies. Admins see who gets what on the Users page.</CardDescription>
        </CardHeader>
        <CardContent>
          <EmailPreferences email={row?.email ?? ''} initial={row?.notifyEvents ?? []} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>Ends every session of yours, on every device and browser, this one included. A password change does the same.</CardDescription>
        </CardHeader>
        <CardContent>
          <SignOutEverywhere />
        </CardContent>
      </Card>
    </div>
  );
}
