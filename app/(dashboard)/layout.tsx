import type { ReactNode } from 'react';
import Link from 'next/link';
import { SunIcon } from 'lucide-react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { authenticate } from '@/lib/auth/principal';
import { SignOutButton } from '@/components/sign-out-button';

export const dynamic = 'force-dynamic';

/** Every dashboard page needs a signed-in, enabled user; without one, go to sign-in. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await authenticate(await headers(), getDb());
  if (user?.kind !== 'user') redirect('/sign-in');
  return (
    <div className="min-h-screen bg-muted/40">
      <header className="border-b bg-background">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-6">
          <SunIcon className="size-5 text-warning" aria-hidden />
          <Link href="/" className="font-semibold">
            Sundial
          </Link>
          <nav className="ml-6 flex gap-4 text-sm text-muted-foreground">
            <Link href="/">Overview</Link>
            <Link href="/api-docs">API</Link>
            <Link href="/account">Account</Link>
          </nav>
          <span className="ml-auto text-sm text-muted-foreground">
            {user.email} ({user.role})
          </span>
          <SignOutButton />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
