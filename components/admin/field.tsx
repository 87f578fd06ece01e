'use client';

import { cloneElement, useId, type ReactElement } from 'react';
import { cn } from '@/lib/utils';

type ControlProps = { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** A labelled control with an optional hint and an error tied to it for screen readers. */
export function Field({ label, hint, error, className, children }: { label: string; hint?: string; error?: string; className?: string; children: ReactElement<ControlProps> }) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}

/** The message under a form: an alert for a failure, a polite status for success or progress. */
export function FormStatus({ error, message }: { error?: string | null; message?: string | null }) {
  if (error)
    return (
      <p role="alert" className="text-sm text-destructive">
        {error}
      </p>
    );
  return (
    <p role="status" aria-live="polite" className="min-h-5 text-sm text-muted-foreground">
      {message}
    </p>
  );
}
