'use client';

import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/client/api';

/** Which stored secrets a config may name; operators may list them (never their values). */
export function SecretHint() {
  const { data } = useQuery({
    queryKey: ['secrets'],
    queryFn: () => api<{ items: { name: string }[] }>('/api/v1/secrets').then((r) => r.items.map((s) => s.name)),
    staleTime: 60_000,
  });
  return (
    <p className="text-xs text-muted-foreground" data-testid="secret-hint">
      Keep credentials in a stored secret and write <code className="font-mono">{'{{secrets.NAME}}'}</code> in any field: only the worker reads the value,
      when the run starts.
      {data && data.length > 0 ? (
        <>
          {' '}
          Stored: <span className="font-mono">{data.join(', ')}</span>.
        </>
      ) : (
        ' An admin adds secrets under Settings → Secrets.'
      )}
    </p>
  );
}
