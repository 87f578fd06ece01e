import type { ReactNode } from 'react';
import Link from 'next/link';
import { SunIcon } from 'lucide-react';
import { allows } from '@/lib/auth/roles';
import { NavLinks, type NavItem } from '@/components/nav-links';
import { SignOutButton } from '@/components/sign-out-button';
import { ThemeToggle } from '@/components/theme-toggle';
import { currentUser } from './current-user';

export const dynamic = 'force-dynamic';

const everyone: NavItem[] = [
  { href: '/', label: 'Overview' },
  { href: '/tasks', label: 'Tasks' },
  { href: '/report', label: 'Weekly report' },
];
const admins: NavItem[] = [
  { href: '/users', label: 'Users' },
  { href: '/api-keys', label: 'API keys' },
  { href: '/notifications/channels', label: 'Notifications' },
  { href: '/notifications/deliveries', label: 'Deliveries' },
  { href: '/settings', label: 'Settings' },
  { href: '/audit', label: 'Audit log' },
];
const last: NavItem[] = [
  { href: '/api-docs', label: 'API' },
  { href: '/account', label: 'Account' },
];

/** Every dashboard page needs a signed-in, enabled user; without one, go to sign-in. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const items = [...everyone, ...(allows(user.role, 'admin') ? admins : []), ...last];
  return (
    <div className="min-h-screen bg-muted/40">
      <header className="border-b bg-background">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6">
          <Link href="/" className="flex items-center gap-2 font-semibold">
            <SunIcon className="size-5 text-warning" aria-hidden />
            Sundial
          </Link>
          <NavLinks items={items} />
          <div className="ml-auto flex items-center gap-1">
            <span className="hidden text-sm text-muted-foreground md:inline" data-testid="current-user">
              {user.email} ({user.role})
            </span>
            <ThemeToggle />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
