'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/lib/utils';

export type NavItem = { href: string; label: string };

/** The header's links; the current section is marked for sighted and screen-reader users. */
export function NavLinks({ items }: { items: NavItem[] }) {
  const path = usePathname();
  const current = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto text-sm">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={current(item.href) ? 'page' : undefined}
          className={cn(
            'rounded-md px-2 py-1 whitespace-nowrap text-muted-foreground hover:bg-accent hover:text-foreground',
            current(item.href) && 'bg-accent font-medium text-foreground',
          )}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
