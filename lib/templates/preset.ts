import type { Schedule } from '../schedules';
import type { TaskForForm } from '../task-form/form-state';
import type { Template } from './catalog';

/** A template as the form reads a task: a new task's form, filled, not yet saved. */
export function presetOf(template: Template): TaskForForm {
  const t = template.task;
  return {
    id: '',
    name: t.name,
    description: t.description ?? '',
    tags: t.tags ?? [],
    handler: t.handler,
    config: t.config ?? {},
    schedule: t.schedule as Schedule,
    enabled: t.enabled ?? true,
    policy: (t.policy ?? {}) as Record<string, unknown>,
    notify: (t.notify ?? {}) as Record<string, unknown>,
    version: 0,
  };
}
