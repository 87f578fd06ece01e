import fs from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { RunDetailPage } from './run-detail-page';

type RunFilter = { status?: string; trigger?: string };

/** /tasks/{id}: header controls, schedule, stats, and the live run history. */
export class TaskDetailPage {
  readonly status: Locator;
  readonly enabledSwitch: Locator;
  readonly runNowButton: Locator;
  readonly editLink: Locator;
  readonly deleteButton: Locator;
  readonly scheduleSummary: Locator;
  readonly nextFires: Locator;
  readonly stats: Locator;
  readonly history: Locator;
  /** Every run row on the current history page, newest first. */
  readonly historyRows: Locator;
  readonly statusFilter: Locator;
  readonly triggerFilter: Locator;
  readonly exportLink: Locator;

  constructor(private readonly page: Page) {
    this.status = page.getByTestId('task-status');
    this.enabledSwitch = page.getByRole('switch', { name: 'Enabled' });
    this.runNowButton = page.getByRole('button', { name: 'Run now' });
    this.editLink = page.getByRole('link', { name: 'Edit' });
    this.deleteButton = page.getByRole('button', { name: 'Delete' });
    this.scheduleSummary = page.getByTestId('schedule-summary');
    this.nextFires = page.getByRole('list', { name: 'Next fires' }).getByRole('listitem');
    this.stats = page.getByTestId('task-stats');
    this.history = page.getByRole('table', { name: 'Run history' });
    this.historyRows = this.history.locator('tbody tr[data-run-id]');
    this.statusFilter = page.getByLabel('Status', { exact: true });
    this.triggerFilter = page.getByLabel('Trigger', { exact: true });
    this.exportLink = page.getByRole('link', { name: 'Export CSV' });
  }

  /** The next fires as the instants they stand for. */
  async nextFireInstants(): Promise<string[]> {
    return this.nextFires.locator('time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
  }

  async goto(taskId: string): Promise<void> {
    await this.page.goto(`/tasks/${taskId}`);
    await expect(this.history).toBeVisible();
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /** History rows with this status and/or trigger (run statuses as the API spells them: timed_out). */
  runs({ status, trigger }: RunFilter = {}): Locator {
    return this.history.locator(`tbody tr[data-run-id]${status ? `[data-status="${status}"]` : ''}${trigger ? `[data-trigger="${trigger}"]` : ''}`);
  }

  /** Waits until the (polled) history shows such a run; returns the newest one's id. */
  async waitForRun(filter: RunFilter, timeout = 10_000): Promise<number> {
    const row = this.runs(filter).first();
    await expect(row).toBeVisible({ timeout });
    return Number(await row.getAttribute('data-run-id'));
  }

  /** The newest run id in the history, or null when it is empty. */
  async newestRunId(filter: RunFilter = {}): Promise<number | null> {
    const row = this.runs(filter).first();
    return (await row.count()) ? Number(await row.getAttribute('data-run-id')) : null;
  }

  async openRun(runId: number): Promise<RunDetailPage> {
    await this.history.getByRole('link', { name: `Run ${runId}`, exact: true }).click();
    const run = new RunDetailPage(this.page);
    await expect(run.heading).toHaveText(`Run #${runId}`);
    return run;
  }

  /** Fills the Run now dialog and submits it. Without an expected error, returns the queued run id. */
  async runNow(opts: { testMode?: boolean; params?: string; expectError?: RegExp | string } = {}): Promise<number | null> {
    await this.runNowButton.click();
    const dialog = this.page.getByRole('dialog', { name: 'Run now' });
    if (opts.params !== undefined) await dialog.getByLabel('Params').fill(opts.params);
    await dialog.getByRole('checkbox', { name: /Test mode/ }).setChecked(opts.testMode ?? false);
    await dialog.getByRole('button', { name: 'Queue run' }).click();
    if (opts.expectError) {
      await expect(dialog.getByRole('alert')).toHaveText(opts.expectError);
      await dialog.getByRole('button', { name: 'Close' }).click();
      return null;
    }
    await expect(dialog).toBeHidden();
    const queued = this.page.getByRole('status').filter({ hasText: /Run #\d+ queued/ });
    await expect(queued).toBeVisible();
    return Number(/#(\d+)/.exec((await queued.textContent()) ?? '')![1]);
  }

  /** Flips the Enabled switch and waits for the header to agree; returns the new state. */
  async toggle(): Promise<boolean> {
    const next = (await this.enabledSwitch.getAttribute('aria-checked')) !== 'true';
    await this.enabledSwitch.click();
    await expect(this.enabledSwitch).toHaveAttribute('aria-checked', String(next));
    await expect(this.status).toContainText(next ? 'Enabled' : 'Paused');
    return next;
  }

  async filter({ status = '', trigger = '' }: RunFilter): Promise<void> {
    await this.statusFilter.selectOption(status);
    await this.triggerFilter.selectOption(trigger);
  }

  /** Downloads the CSV export with the current filters. */
  async exportCsv(): Promise<{ filename: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportLink.click()]);
    const file = await download.path();
    return { filename: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
  }

  /** Deletes through the dialog, typing the name to confirm, and waits for the task list. */
  async deleteTask(name: string): Promise<void> {
    await this.deleteButton.click();
    const dialog = this.page.getByRole('dialog', { name: 'Delete this task?' });
    const confirm = dialog.getByRole('button', { name: 'Delete' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill(name);
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await this.page.waitForURL(/\/tasks$/);
  }
}
