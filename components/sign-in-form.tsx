'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/**
 * Posts to next-auth's credentials callback directly (rather than through signIn()) so a
 * 429 from the sign-in throttle can be shown with its wait time.
 */
async function signIn(email: string, password: string, callbackUrl: string): Promise<string | null> {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl, json: 'true' }),
  });
  if (res.status === 429) return ((await res.json()) as { error: { message: string } }).error.message;
  const data = (await res.json().catch(() => ({}))) as { url?: string };
  if (!res.ok || !data.url || new URL(data.url, window.location.origin).searchParams.get('error')) return 'Wrong email or password.';
  return null;
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const problem = await signIn(String(form.get('email')), String(form.get('password')), callbackUrl).catch(() => 'Could not reach the server.');
    setBusy(false);
    if (problem) setError(problem);
    else window.location.assign(callbackUrl);
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <label className="block space-y-1 text-sm font-medium">
        <span>Email</span>
        <Input name="email" type="email" autoComplete="username" required />
      </label>
      <label className="block space-y-1 text-sm font-medium">
        <span>Password</span>
        <Input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
