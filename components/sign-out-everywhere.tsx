'use client';

import { useState } from 'react';
import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';

export function SignOutEverywhere() {
  const [problem, setProblem] = useState<string | null>(null);
  async function onClick() {
    setProblem(null);
    const res = await fetch('/api/v1/me/sessions', { method: 'DELETE' }).catch(() => null);
    if (res?.status !== 204) {
      setProblem('Could not end your sessions. Try again.');
      return;
    }
    await signOut({ callbackUrl: '/sign-in?notice=signed-out-everywhere' });
  }
  return (
    <div className="space-y-2">
      <Button variant="outline" onClick={() => void onClick()}>
        Sign out everywhere
      </Button>
      {problem && (
        <p role="alert" className="text-sm text-destructive">
          {problem}
        </p>
      )}
    </div>
  );
}
