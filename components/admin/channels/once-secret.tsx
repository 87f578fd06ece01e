/** A webhook signing secret, shown this once: the server keeps it sealed and never returns it again. */
export function OnceSecret({ name, secret }: { name: string; secret: string }) {
  return (
    <div role="status" className="space-y-1 rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
      <p>
        Signing secret of <strong>{name}</strong>. Copy it now: it is not shown again. Your receiver verifies each request with it (see the README).
      </p>
      <code data-testid="signing-secret" className="block font-mono text-xs break-all select-all">
        {secret}
      </code>
    </div>
  );
}
