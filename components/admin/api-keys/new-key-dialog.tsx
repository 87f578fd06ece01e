'use client';

import { CopyIcon } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';

/** The one and only showing of a new key's secret. */
export function NewKeyDialog({ created, onClose }: { created: { name: string; key: string } | null; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(created!.key);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <Dialog
      open={created !== null}
      onOpenChange={(open) => {
        if (open) return;
        setCopied(null);
        onClose();
      }}
    >
      {/* A stray click outside must not throw the secret away; Escape and the buttons still close. */}
      <DialogContent onInteractOutside={(e) => e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>API key “{created?.name}” created</DialogTitle>
          <DialogDescription>Copy it now. You won’t see it again: only a hash of it is stored.</DialogDescription>
        </DialogHeader>
        <div className="space-y-2">
          <label htmlFor="new-api-key" className="block text-sm font-medium">
            Secret key
          </label>
          <input
            id="new-api-key"
            readOnly
            value={created?.key ?? ''}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all"
          />
          <p className="text-xs text-muted-foreground">
            Send it as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code>.
          </p>
          <p role="status" aria-live="polite" className="min-h-5 text-sm">
            {copied === 'yes' && <span className="text-success">Copied to the clipboard.</span>}
            {copied === 'failed' && <span className="text-destructive">Could not copy; select the key and copy it by hand.</span>}
          </p>
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={copy}>
            <CopyIcon aria-hidden />
            Copy
          </Button>
          <DialogClose asChild>
            <Button>I have stored it</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
