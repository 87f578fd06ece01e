'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { useNow, useViewerZone } from '@/components/time';
import { api, ApiError, errorText } from '@/lib/client/api';
import { fieldsFromSchema } from '@/lib/task-form/config-fields';
import { stateFromTask, type ChannelOption, type FormState, type HandlerEntry, type TaskForForm } from '@/lib/task-form/form-state';
import { modeHasZone, scheduleFromDraft } from '@/lib/task-form/schedule-draft';
import { inputPaths, taskInputFromState } from '@/lib/task-form/task-input';
import { allowListFromText, formWarnings } from '@/lib/task-form/warnings';
import { DetailsSection } from './details-section';
import { FormErrorsContext } from './field';
import { HandlerSection } from './handler-section';
import { NotifySection } from './notify-section';
import { PolicySection } from './policy-section';
import { SaveBar } from './save-bar';
import { SchedulePreview } from './schedule-preview';
import { ScheduleSection } from './schedule-section';
import type { Update } from './types';
import { useFormErrors } from './use-form-errors';
import { useLeaveWarning } from './use-leave-warning';
import { useSchedulePreview } from './use-schedule-preview';

/** outboundAllow: SUNDIAL_OUTBOUND_ALLOW as text, for the warnings about URLs the worker will refuse. */
/** channels: what the notification policy can pick, read from the database by the page. */
/** preset: a new task's form filled from a template (task stays null: saving creates). */
type Props = { task: TaskForForm | null; preset?: TaskForForm | null; handlers: HandlerEntry[]; channels: ChannelOption[]; minIntervalSeconds: number; outboundAllow: string };

const noop = () => () => {};

/** Create or edit a task. Rendered in the browser only: its defaults need the viewer's zone. */
export function TaskForm(props: Props) {
  const mounted = useSyncExternalStore(noop, () => true, () => false);
  const zone = useViewerZone();
  if (!mounted) return <p className="text-sm text-muted-foreground">Loading the form…</p>;
  return <TaskFormBody {...props} viewerZone={zone} />;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-4 rounded-xl border bg-card p-4 text-card-foreground shadow-sm sm:p-6">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function TaskFormBody({ task, preset, handlers, channels, minIntervalSeconds, outboundAllow, viewerZone }: Props & { viewerZone: string }) {
  const router = useRouter();
  const now = useNow(30_000);
  const [state, setState] = useState<FormState>(() => stateFromTask(task ?? preset ?? null, handlers, viewerZone));
  const [version, setVersion] = useState(task?.version);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [focusAsked, setFocusAsked] = useState(0);
  const [dirty, setDirty] = useState(false);
  useLeaveWarning(dirty);

  const entry = handlers.find((h) => h.key === state.handler);
  const fields = useMemo(() => (entry ? fieldsFromSchema(entry.configSchema) : null), [entry]);
  const limits = useMemo(() => ({ minIntervalSeconds, now }), [minIntervalSeconds, now]);
  const result = useMemo(() => taskInputFromState(state, fields, limits), [state, fields, limits]);
  const built = useMemo(() => scheduleFromDraft(state.schedule, limits), [state.schedule, limits]);
  const schedule = 'schedule' in built ? built.schedule : null;
  const preview = useSchedulePreview(schedule);
  const known = useMemo(() => inputPaths(state, fields), [state, fields]);
  const errors = useFormErrors({ client: 'errors' in result ? result.errors : [], preview: preview.errors, known });
  const allow = useMemo(() => allowListFromText(outboundAllow), [outboundAllow]);
  const warnings = useMemo(() => formWarnings(state, entry?.configSchema, allow), [state, entry, allow]);

  const { changed } = errors;
  const update: Update = useCallback(
    (path, change) => {
      setState(change);
      setDirty(true);
      changed(path);
      setNotice(null);
    },
    [changed],
  );

  // After a refused save, take the keyboard to the first field that needs attention.
  useEffect(() => {
    if (focusAsked === 0) return;
    const first = document.querySelector<HTMLElement>('#task-form [aria-invalid="true"]');
    const target = first?.matches('fieldset') ? first.querySelector<HTMLElement>('input, select, textarea') : first;
    target?.focus();
  }, [focusAsked]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    errors.setSubmitted(true);
    setFailure(null);
    if ('errors' in result) return setFocusAsked((n) => n + 1);
    setSaving(true);
    try {
      const saved = task
        ? await api<{ id: string }>(`/api/v1/tasks/${task.id}`, { method: 'PUT', body: { ...result.body, version } })
        : await api<{ id: string }>('/api/v1/tasks', { method: 'POST', body: result.body });
      setDirty(false);
      router.push(`/tasks/${saved.id}`);
    } catch (err) {
      setSaving(false);
      if (err instanceof ApiError && err.status === 409 && err.fields.some((f) => f.field === 'version')) return setConflict(true);
      if (err instanceof ApiError && err.fields.length > 0) {
        errors.setServer(err.fields);
        return setFocusAsked((n) => n + 1);
      }
      setFailure(errorText(err));
    }
  }

  async function reload() {
    if (!task) return;
    try {
      const latest = await api<TaskForForm>(`/api/v1/tasks/${task.id}`);
      setState(stateFromTask(latest, handlers, viewerZone));
      setVersion(latest.version);
      setConflict(false);
      setDirty(false);
      errors.reset();
      setNotice(`Loaded version ${latest.version}. Make your changes again, then save.`);
      router.refresh();
    } catch (err) {
      setFailure(`Could not load the latest version: ${errorText(err)}`);
    }
  }

  const sectionProps = { state, update };
  // scroll-mb: an input reached by keyboard scrolls clear of the sticky save bar.
  return (
    <FormErrorsContext.Provider value={{ errors: errors.shown, warnings, touch: errors.touch }}>
      <form id="task-form" noValidate onSubmit={onSubmit} className="mx-auto max-w-3xl space-y-6 [&_:is(input,select,textarea)]:scroll-mb-40" aria-busy={saving}>
        <Section id="section-details" title="Task">
          <DetailsSection {...sectionProps} />
        </Section>
        <Section id="section-handler" title="What it runs">
          <HandlerSection {...sectionProps} handlers={handlers} fields={fields} />
        </Section>
        <Section id="section-schedule" title="Schedule">
          <ScheduleSection {...sectionProps} />
          <SchedulePreview schedule={schedule} zone={modeHasZone(state.schedule.mode) ? state.schedule.timezone.trim() : null} preview={preview} />
        </Section>
        <Section id="section-policies" title="Policies">
          <PolicySection {...sectionProps} />
        </Section>
        <Section id="section-notify" title="Notifications">
          <NotifySection {...sectionProps} channels={channels} />
        </Section>
        <SaveBar
          editing={!!task}
          saving={saving}
          conflict={conflict}
          onReload={reload}
          problems={errors.submitted ? errors.count : 0}
          unplaced={errors.shown['']}
          failure={failure}
          notice={notice}
          cancel={<Link href={task ? `/tasks/${task.id}` : '/tasks'}>Cancel</Link>}
        />
      </form>
    </FormErrorsContext.Provider>
  );
}
