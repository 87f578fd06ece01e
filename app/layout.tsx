import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { THEME_SCRIPT } from '@/components/theme-toggle';
import './globals.css';

export const metadata: Metadata = {
  title: 'Sundial',
  description: 'Self-hosted scheduled tasks',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts allows inline scripts by this request's nonce only.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // The theme script sets class="dark" before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
