import { SunIcon } from 'lucide-react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { SignInForm } from '@/components/sign-in-form';
import { localPath } from '@/lib/auth/local-path';

export const dynamic = 'force-dynamic';

// Fixed texts by key, so the address bar cannot put words on the page.
const notices: Record<string, string> = {
  'password-changed': 'Password changed, and every session ended. Sign in with the new password.',
  'signed-out-everywhere': 'Signed out everywhere: every session of yours has ended.',
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only a path on this site is returned to, so the form cannot send anyone elsewhere.
  const callbackUrl = localPath(first(params.callbackUrl));
  const notice = notices[first(params.notice) ?? ''];
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-6">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="flex items-center gap-2 text-xl">
            <SunIcon className="size-5 text-warning" aria-hidden />
            <h1>Sign in to Sundial</h1>
          </CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          {notice && (
            <p role="status" className="text-sm text-muted-foreground">
              {notice}
            </p>
          )}
          <SignInForm callbackUrl={callbackUrl} />
        </CardContent>
      </Card>
    </main>
  );
}
