import type { Locator, Page } from '@playwright/test';

export class OverviewPage {
  readonly heading: Locator;
  readonly workerStatus: Locator;
  readonly workerRows: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Overview' });
    this.workerStatus = page.getByRole('status');
    this.workerRows = page.getByRole('row').filter({ hasText: 'pid' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
  }
}
