'use client';

import { useState } from 'react';
import { NativeSelect } from '@/components/ui/native-select';

export type TemplatePreview = { event: string; subject: string; html: string; text: string };

/**
 * Each template rendered with its sample data. The HTML sits in a sandboxed srcdoc frame:
 * no scripts, no same-origin access, so an email's markup cannot touch the dashboard.
 */
export function TemplatePreviews({ previews }: { previews: TemplatePreview[] }) {
  const [event, setEvent] = useState(previews[0]?.event ?? '');
  const [plain, setPlain] = useState(false);
  const shown = previews.find((p) => p.event === event);
  if (!shown) return <p className="text-sm text-muted-foreground">No templates.</p>;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          Template
          <NativeSelect value={event} onChange={(e) => setEvent(e.target.value)} className="w-56">
            {previews.map((p) => (
              <option key={p.event} value={p.event}>
                {p.event}
              </option>
            ))}
          </NativeSelect>
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={plain} onChange={(e) => setPlain(e.target.checked)} /> Plain-text part
        </label>
      </div>
      <p className="text-sm">
        <span className="text-muted-foreground">Subject:</span> <span data-testid="preview-subject">{shown.subject}</span>
      </p>
      {plain ? (
        <pre className="max-h-[32rem] overflow-auto rounded-md border bg-background p-3 text-xs whitespace-pre-wrap">{shown.text}</pre>
      ) : (
        <iframe title={`Preview of ${shown.event}`} sandbox="" srcDoc={shown.html} className="h-[32rem] w-full rounded-md border bg-white" />
      )}
    </div>
  );
}
