'use client';

import { useState, type FormEvent } from 'react';
import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

type Problem = { error: { message: string; fields?: { field: string; message: string }[] } };

export function ChangePasswordForm() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const res = await fetch('/api/v1/me/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') }),
    });
    if (res.status === 204) {
      // The server ended every session of this user, this one too.
      formElement.reset();
      await signOut({ callbackUrl: '/sign-in?notice=password-changed' });
      return;
    }
    const problem = (await res.json().catch(() => null)) as Problem | null;
    const field = problem?.error.fields?.[0];
    setMessage({ ok: false, text: field ? `${field.field === 'currentPassword' ? 'Current password' : 'New password'} ${field.message}.` : (problem?.error.message ?? 'Something went wrong.') });
  }
  return (
    <form onSubmit={onSubmit} className="max-w-sm space-y-4">
      <label className="block space-y-1 text-sm font-medium">
        <span>Current password</span>
        <Input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label className="block space-y-1 text-sm font-medium">
        <span>New password</span>
        <Input name="newPassword" type="password" autoComplete="new-password" minLength={12} required />
      </label>
      {message && (
        <p role="status" className={message.ok ? 'text-sm text-success' : 'text-sm text-destructive'}>
          {message.text}
        </p>
      )}
      <Button type="submit">Change password</Button>
    </form>
  );
}
