'use client';

import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';

type Props = {
  editing: boolean;
  saving: boolean;
  conflict: boolean;
  onReload: () => Promise<void>;
  /** How many inputs show an error after a save was tried. */
  problems: number;
  /** Server messages no input answers for. */
  unplaced?: string;
  failure: string | null;
  notice: string | null;
  cancel: ReactNode;
};

/** Save and Cancel, and what the last save said: progress, problems, a conflict, a failure. */
export function SaveBar({ editing, saving, conflict, onReload, problems, unplaced, failure, notice, cancel }: Props) {
  const [reloading, setReloading] = useState(false);
  return (
    <div className="sticky bottom-0 z-10 -mx-4 space-y-3 border-t bg-background/95 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-xl sm:border">
      {conflict && (
        <div role="alert" className="space-y-2 rounded-md border border-destructive/50 p-3 text-sm">
          <p className="font-medium text-destructive">This task was changed by someone else since you opened it.</p>
          <p className="text-muted-foreground">Nothing was saved. Reload to get the latest version; your unsaved edits here will be lost.</p>
          <Button
            type="button"
            variant="outline"
            size="sm"
            disabled={reloading}
            onClick={async () => {
              setReloading(true);
              await onReload();
              setReloading(false);
            }}
          >
            {reloading ? 'Reloading…' : 'Reload'}
          </Button>
        </div>
      )}
      {problems > 0 && !conflict && (
        <p role="alert" className="text-sm text-destructive">
          {problems === 1 ? 'One field needs attention' : `${problems} fields need attention`}; nothing was saved.
          {unplaced && <span className="block">{unplaced}</span>}
        </p>
      )}
      {failure && (
        <p role="alert" className="text-sm text-destructive">
          {failure}
        </p>
      )}
      <p role="status" className="text-sm text-muted-foreground empty:hidden">
        {saving ? 'Saving…' : notice}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={saving || conflict}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Create task'}
        </Button>
        <Button variant="ghost" asChild>
          {cancel}
        </Button>
      </div>
    </div>
  );
}
