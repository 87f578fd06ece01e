'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { inputId } from '@/lib/task-form/errors';
import { cn } from '@/lib/utils';

/** The messages to show now, by input path, and a way to say an input was visited. */
export type FormErrors = { errors: Record<string, string>; touch: (path: string) => void };
export const FormErrorsContext = createContext<FormErrors>({ errors: {}, touch: () => {} });

/** What an input needs to be labelled, described and marked invalid. */
export type Control = { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; onBlur: () => void };

function useControl(path: string, help: boolean): { control: Control; error?: string; helpId: string; errorId: string } {
  const { errors, touch } = useContext(FormErrorsContext);
  const id = inputId(path);
  const error = errors[path];
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    control: { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined, onBlur: () => touch(path) },
    error,
    helpId: `${id}-help`,
    errorId: `${id}-error`,
  };
}

function Messages({ help, helpId, error, errorId }: { help?: ReactNode; helpId: string; error?: string; errorId: string }) {
  return (
    <>
      {help && (
        <p id={helpId} className="text-xs text-muted-foreground">
          {help}
        </p>
      )}
      {error && (
        <p id={errorId} data-error className="text-sm text-destructive">
          {error}
        </p>
      )}
    </>
  );
}

type Props = { path: string; label: ReactNode; help?: ReactNode; className?: string; children: (control: Control) => ReactNode };

/** A labelled input with its help text and its error, tied together for screen readers. */
export function Field({ path, label, help, className, children }: Props) {
  const { control, ...messages } = useControl(path, !!help);
  return (
    <div data-field className={cn('space-y-1.5', className)}>
      <label htmlFor={control.id} className="block text-sm font-medium">
        {label}
      </label>
      {children(control)}
      <Messages help={help} {...messages} />
    </div>
  );
}

/** A checkbox with its label on the right. */
export function CheckField({ path, label, help, className, children }: Props) {
  const { control, ...messages } = useControl(path, !!help);
  return (
    <div data-field className={cn('space-y-1', className)}>
      <div className="flex items-center gap-2">
        {children(control)}
        <label htmlFor={control.id} className="text-sm font-medium">
          {label}
        </label>
      </div>
      <Messages help={help} {...messages} />
    </div>
  );
}

/** A group of inputs (radios, rows) under one legend, with one error for the group. */
export function GroupField({ path, legend, help, className, children }: { path: string; legend: ReactNode; help?: ReactNode; className?: string; children: ReactNode }) {
  const { control, ...messages } = useControl(path, !!help);
  return (
    <fieldset data-field id={control.id} aria-invalid={control['aria-invalid']} aria-describedby={control['aria-describedby']} className={cn('min-w-0 space-y-1.5', className)}>
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      {children}
      <Messages help={help} {...messages} />
    </fieldset>
  );
}
