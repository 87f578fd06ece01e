import { expect, type Locator, type Page } from '@playwright/test';

/** /runs/{id}: the run's live status, facts, log tail and Cancel. */
export class RunDetailPage {
  readonly heading: Locator;
  /** The status badge and reason under the title; updates live. */
  readonly status: Locator;
  readonly facts: Locator;
  readonly log: Locator;
  /** Each log line's message text, in order. */
  readonly logLines: Locator;
  readonly attemptChain: Locator;
  readonly cancelButton: Locator;
  readonly result: Locator;
  readonly params: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /^Run #\d+$/ });
    this.status = page.getByTestId('run-status');
    this.facts = page.getByTestId('run-facts');
    this.log = page.getByRole('log', { name: 'Run log' });
    this.logLines = this.log.getByTestId('log-message');
    this.attemptChain = page.getByRole('list', { name: 'Attempt chain' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel run' });
    this.result = page.getByLabel('Result', { exact: true });
    this.params = page.getByLabel('Params', { exact: true });
  }

  async goto(runId: number): Promise<void> {
    await this.page.goto(`/runs/${runId}`);
    await expect(this.heading).toHaveText(`Run #${runId}`);
  }

  /** The run id from the URL. */
  id(): number {
    return Number(new URL(this.page.url()).pathname.split('/').at(-1));
  }

  async expectStatus(status: string, timeout = 15_000): Promise<void> {
    await expect(this.status.locator(`[data-status="${status}"]`)).toBeVisible({ timeout });
  }

  /** Cancel through the confirmation dialog. */
  async cancel(): Promise<void> {
    await this.cancelButton.click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel run' }).click();
    await expect(dialog).toBeHidden();
  }
}
