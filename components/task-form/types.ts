import type { FormState } from '@/lib/task-form/form-state';

/** Change the form's state; `path` names the input that changed (its server error is cleared). */
export type Update = (path: string, change: (state: FormState) => FormState) => void;

export type SectionProps = { state: FormState; update: Update };
