'use client';

import { useContext } from 'react';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import type { ConfigField, FieldValue } from '@/lib/task-form/config-fields';
import { configFromJson, configFromValues, configToJson, valuesFromConfig } from '@/lib/task-form/config-values';
import { configState, type HandlerEntry } from '@/lib/task-form/form-state';
import { ConfigInput } from './config-input';
import { Field, FormErrorsContext } from './field';
import { SecretHint } from './secret-hint';
import type { SectionProps } from './types';

type Props = SectionProps & { handlers: HandlerEntry[]; fields: ConfigField[] | null };

/** The handler picker and its config: a form from the handler's JSON Schema, or JSON text. */
export function HandlerSection({ state, update, handlers, fields }: Props) {
  const { touch } = useContext(FormErrorsContext);
  const entry = handlers.find((h) => h.key === state.handler);
  const known = !state.handler || entry;
  const json = state.configMode === 'json' || !fields;

  function toJson() {
    const { config } = configFromValues(fields ?? [], state.configValues, state.configBase);
    update('config', (s) => ({ ...s, configMode: 'json', configJson: configToJson(config) }));
  }
  function toFields() {
    const parsed = configFromJson(state.configJson);
    // Bad JSON stays in the text area, with its error shown.
    if ('error' in parsed || !fields) return touch('config');
    const shown = new Set(fields.map((f) => f.key));
    const configBase = Object.fromEntries(Object.entries(parsed.config).filter(([k]) => !shown.has(k)));
    update('config', (s) => ({ ...s, configMode: 'fields', configValues: valuesFromConfig(fields, parsed.config), configBase }));
  }
  const setValue = (key: string) => (value: FieldValue) => update(`config.${key}`, (s) => ({ ...s, configValues: { ...s.configValues, [key]: value } }));

  return (
    <div className="space-y-4">
      <Field path="handler" label="Handler" help={entry?.description || (known ? 'What the task does when it runs.' : 'No running worker offers this handler now; its config is kept as JSON.')}>
        {(c) => (
          <NativeSelect
            {...c}
            value={state.handler}
            onChange={(e) => {
              const key = e.target.value;
              update('handler', (s) => ({ ...s, handler: key, ...configState(handlers.find((h) => h.key === key)) }));
            }}
          >
            <option value="">Choose a handler…</option>
            {handlers.map((h) => (
              <option key={h.key} value={h.key}>
                {h.title} ({h.key})
              </option>
            ))}
            {!known && <option value={state.handler}>{state.handler} (not published)</option>}
          </NativeSelect>
        )}
      </Field>
      {state.handler && (
        <div className="space-y-4 rounded-lg border p-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">Configuration</h3>
            {fields && (
              <Button type="button" variant="outline" size="sm" onClick={json ? toFields : toJson}>
                {json ? 'Edit as form' : 'Edit as JSON'}
              </Button>
            )}
          </div>
          {json ? (
            <Field path="config" label="Configuration (JSON)" help="A JSON object, checked against the handler's schema when you save.">
              {(c) => <Textarea {...c} rows={10} spellCheck={false} className="font-mono" value={state.configJson} onChange={(e) => update('config', (s) => ({ ...s, configJson: e.target.value }))} />}
            </Field>
          ) : fields.length === 0 ? (
            <p className="text-sm text-muted-foreground">This handler takes no configuration.</p>
          ) : (
            fields.map((f) => <ConfigInput key={f.key} field={f} value={state.configValues[f.key]} onChange={setValue(f.key)} />)
          )}
          <SecretHint />
        </div>
      )}
    </div>
  );
}
