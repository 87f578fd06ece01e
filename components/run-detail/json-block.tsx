/** Pretty JSON, preformatted and scrollable, with a heading-level label. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <figure className="min-w-0 space-y-1">
      <figcaption className="text-sm font-medium">{label}</figcaption>
      <pre aria-label={label} tabIndex={0} className="max-h-80 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
        {value === null || value === undefined ? 'none' : JSON.stringify(value, null, 2)}
      </pre>
    </figure>
  );
}
