import type { Locator, Page } from '@playwright/test';

/** The task form at /tasks/new and /tasks/<id>/edit. */
export class TaskFormPage {
  readonly form: Locator;
  readonly name: Locator;
  readonly handler: Locator;
  readonly cronExpression: Locator;
  readonly timeZone: Locator;
  /** The interval's anchor: a date and time, with seconds, read in the time zone. */
  readonly anchor: Locator;
  readonly preview: Locator;
  /** The next fires, one list item each. */
  readonly previewItems: Locator;
  /** The schedule in words, above the fires. */
  readonly scheduleWords: Locator;
  readonly saveButton: Locator;
  readonly conflict: Locator;
  readonly reloadButton: Locator;
  readonly status: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('form#task-form');
    this.name = page.getByLabel('Name', { exact: true });
    this.handler = page.getByLabel('Handler', { exact: true });
    this.cronExpression = page.getByLabel('Cron expression');
    this.timeZone = page.getByLabel('Time zone');
    this.anchor = page.getByLabel('Anchor', { exact: true });
    this.preview = page.getByRole('region', { name: 'Next fires' });
    this.previewItems = this.preview.getByRole('listitem');
    this.scheduleWords = page.getByTestId('schedule-words');
    this.saveButton = this.form.getByRole('button', { name: /^(Create task|Save changes|Saving…)$/ });
    this.conflict = this.form.getByRole('alert').filter({ hasText: 'changed by someone else' });
    this.reloadButton = this.form.getByRole('button', { name: 'Reload' });
    this.status = this.form.getByRole('status').last();
  }

  async goto(): Promise<void> {
    await this.page.goto('/tasks/new');
    await this.name.waitFor();
  }

  async gotoEdit(id: string): Promise<void> {
    await this.page.goto(`/tasks/${id}/edit`);
    await this.name.waitFor();
  }

  async fillName(name: string): Promise<void> {
    await this.name.fill(name);
  }

  /** Pick a handler by its key (http, sleep, noop); its config inputs replace the previous ones. */
  async chooseHandler(key: string): Promise<void> {
    await this.handler.selectOption(key);
  }

  /** The input for a config property, by its key in the handler's JSON Schema. */
  configInput(key: string): Locator {
    return this.page.locator(`[id="tf-config-${key}"]`);
  }

  async fillConfig(key: string, value: string): Promise<void> {
    await this.configInput(key).fill(value);
  }

  async chooseMode(mode: 'Cron' | 'Interval' | 'Daily' | 'Weekly' | 'Once' | 'Manual'): Promise<void> {
    await this.page.getByRole('radio', { name: mode, exact: true }).check();
  }

  async setCron(expression: string, zone?: string): Promise<void> {
    await this.chooseMode('Cron');
    await this.cronExpression.fill(expression);
    if (zone !== undefined) await this.timeZone.fill(zone);
  }

  /** An interval schedule of `seconds` (the deployment's minimum applies). */
  async setInterval(seconds: number): Promise<void> {
    await this.chooseMode('Interval');
    await this.page.getByLabel('Unit').selectOption('seconds');
    await this.page.getByLabel('Every', { exact: true }).fill(String(seconds));
  }

  /** The preview's fires as the instants they stand for. */
  async previewInstants(): Promise<string[]> {
    return this.previewItems.locator('time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
  }

  async save(): Promise<void> {
    await this.saveButton.click();
  }

  /** The error shown under the input labelled `label` (empty when there is none). */
  fieldError(label: string): Locator {
    return this.page.locator('[data-field]').filter({ has: this.page.getByLabel(label, { exact: true }) }).locator('[data-error]');
  }

  /** The warning shown under the input labelled `label`: valid, but it will fail as the deployment stands. */
  fieldWarning(label: string): Locator {
    return this.page.locator('[data-field]').filter({ has: this.page.getByLabel(label, { exact: true }) }).locator('[data-warning]');
  }
}
