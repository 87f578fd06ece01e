'use client';

import { PlusIcon, XIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import { REDACTED } from '@/lib/redact';
import type { ConfigField, FieldValue } from '@/lib/task-form/config-fields';
import { CheckField, Field, GroupField } from './field';

type Props = { field: ConfigField; value: FieldValue | undefined; onChange: (value: FieldValue) => void };

function range(f: ConfigField): string {
  if (f.kind !== 'number') return '';
  if (f.minimum !== undefined && f.maximum !== undefined) return ` (${f.minimum} to ${f.maximum})`;
  if (f.minimum !== undefined) return ` (at least ${f.minimum})`;
  return f.maximum !== undefined ? ` (at most ${f.maximum})` : '';
}

/** One config property, as the input its JSON Schema type calls for. */
export function ConfigInput({ field, value, onChange }: Props) {
  const path = `config.${field.key}`;
  const text = typeof value === 'string' ? value : '';
  const label = `${field.label}${field.required ? ' (required)' : ''}`;
  const help = field.description ? `${field.description}${range(field)}` : range(field).trim() || undefined;
  switch (field.kind) {
    case 'boolean':
      return <CheckField path={path} label={field.label} help={field.description}>{(c) => <Checkbox {...c} checked={value === true} onChange={(e) => onChange(e.target.checked)} />}</CheckField>;
    case 'select':
      return (
        <Field path={path} label={label} help={help}>
          {(c) => (
            <NativeSelect {...c} value={text} onChange={(e) => onChange(e.target.value)}>
              {!field.required && <option value="">(not set)</option>}
              {field.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </NativeSelect>
          )}
        </Field>
      );
    case 'map':
      return <MapRows field={field} rows={Array.isArray(value) ? value : []} onChange={onChange} />;
    case 'json':
      return <Field path={path} label={`${label}, as JSON`} help={help}>{(c) => <Textarea {...c} className="font-mono" rows={4} value={text} onChange={(e) => onChange(e.target.value)} />}</Field>;
    case 'list':
      return (
        <Field path={path} label={label} help={`${help ? `${help}. ` : ''}Separate values with commas.`}>
          {(c) => <Input {...c} value={text} placeholder={field.items === 'string' ? 'a, b' : '200, 204'} onChange={(e) => onChange(e.target.value)} />}
        </Field>
      );
    case 'number':
      return (
        <Field path={path} label={label} help={help}>
          {(c) => <Input {...c} type="number" inputMode="decimal" step={field.integer ? 1 : 'any'} value={text} onChange={(e) => onChange(e.target.value)} className="max-w-48" />}
        </Field>
      );
    case 'text':
      if (field.secret) return <SecretInput path={path} label={label} help={help} text={text} onChange={onChange} />;
      return (
        <Field path={path} label={label} help={help}>
          {(c) => <Input {...c} value={text} inputMode={field.format === 'uri' ? 'url' : undefined} spellCheck={false} onChange={(e) => onChange(e.target.value)} />}
        </Field>
      );
  }
}

/** A write-only field: the API sends "[redacted]" when it is set, and sending that back keeps the stored value. */
function SecretInput({ path, label, help, text, onChange }: { path: string; label: string; help?: string; text: string; onChange: (value: string) => void }) {
  const state = text === REDACTED ? 'Set; type a new value to replace it.' : text ? 'A new value, sealed when you save.' : 'Not set.';
  return (
    <Field path={path} label={label} help={`${help ? `${help}. ` : ''}${state}`}>
      {(c) => <Input {...c} type="password" autoComplete="new-password" value={text} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** String-to-string objects (such as HTTP headers) as name and value rows. */
function MapRows({ field, rows, onChange }: { field: ConfigField; rows: [string, string][]; onChange: (rows: [string, string][]) => void }) {
  const set = (i: number, cell: 0 | 1, text: string) => onChange(rows.map((r, j) => (j === i ? (cell === 0 ? [text, r[1]] : [r[0], text]) : r)));
  return (
    <GroupField path={`config.${field.key}`} legend={field.label} help={field.description}>
      {rows.length === 0 && <p className="text-sm text-muted-foreground">None.</p>}
      <ul className="space-y-2">
        {rows.map(([name, value], i) => (
          <li key={i} className="flex flex-wrap gap-2 sm:flex-nowrap">
            <Input aria-label={`${field.label} ${i + 1} name`} placeholder="Name" value={name} onChange={(e) => set(i, 0, e.target.value)} className="sm:max-w-56" />
            <Input aria-label={`${field.label} ${i + 1} value`} placeholder="Value" value={value} onChange={(e) => set(i, 1, e.target.value)} className="flex-1" />
            <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${field.label.toLowerCase()} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              <XIcon aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rows, ['', '']])}>
        <PlusIcon aria-hidden /> Add {field.label.toLowerCase()} row
      </Button>
    </GroupField>
  );
}
