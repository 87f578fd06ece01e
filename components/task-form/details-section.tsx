'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { CheckField, Field } from './field';
import type { SectionProps } from './types';

/** Name, description, tags, and whether the schedule is on. */
export function DetailsSection({ state, update }: SectionProps) {
  return (
    <div className="space-y-4">
      <Field path="name" label="Name" help="Unique across tasks.">
        {(c) => <Input {...c} value={state.name} maxLength={200} autoComplete="off" onChange={(e) => update('name', (s) => ({ ...s, name: e.target.value }))} />}
      </Field>
      <Field path="description" label="Description">
        {(c) => <Textarea {...c} rows={2} value={state.description} onChange={(e) => update('description', (s) => ({ ...s, description: e.target.value }))} />}
      </Field>
      <Field path="tags" label="Tags" help="Separate tags with commas, such as: import, nightly">
        {(c) => <Input {...c} value={state.tags} autoComplete="off" onChange={(e) => update('tags', (s) => ({ ...s, tags: e.target.value }))} />}
      </Field>
      <CheckField path="enabled" label="Enabled" help="A disabled task keeps its settings and does not fire; Run now still works.">
        {(c) => <Checkbox {...c} checked={state.enabled} onChange={(e) => update('enabled', (s) => ({ ...s, enabled: e.target.checked }))} />}
      </CheckField>
    </div>
  );
}
