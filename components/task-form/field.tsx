'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { inputId } from '@/lib/task-form/errors';
import { cn } from '@/lib/utils';

/** The messages to show now, by input path, and a way to say an input was visited. Warnings do not stop a save. */
export type FormErrors = { errors: Record<string, string>; warnings?: Record<string, string>; touch: (path: string) => void };
export const FormErrorsContext = createContext<FormErrors>({ errors: {}, touch: () => {} });

/** What an input needs to be labelled, described and marked invalid. */
export type Control = { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; onBlur: () => void };

type Messages = { help?: ReactNode; helpId: string; error?: string; errorId: string; warning?: string; warningId: string };

function useControl(path: string, help: boolean): { control: Control } & Omit<Messages, 'help'> {
  const { errors, warnings, touch } = useContext(FormErrorsContext);
  const id = inputId(path);
  const error = errors[path];
  const warning = error ? undefined : warnings?.[path];
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : '', warning ? `${id}-warning` : ''].filter(Boolean).join(' ');
  return {
    control: { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined, onBlur: () => touch(path) },
    error,
    warning,
    helpId: `${id}-help`,
    errorId: `${id}-error`,
    warningId: `${id}-warning`,
  };
}

function Messages({ help, helpId, error, errorId, warning, warningId }: Messages) {
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
      {warning && (
        <p id={warningId} data-warning className="text-sm text-amber-700 dark:text-amber-400">
          Warning: {warning}
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
