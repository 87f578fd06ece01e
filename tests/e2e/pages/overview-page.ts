import type { Locator, Page } from '@playwright/test';

export class OverviewPage {
  readonly heading: Locator;
  readonly workers: Locator;
  readonly workerStatus: Locator;
  readonly workerRows: Locator;
  readonly queue: Locator;
  readonly queueStatus: Locator;
  readonly nextRuns: Locator;
  readonly failingTasks: Locator;
  readonly openIncidents: Locator;
  readonly recentRuns: Locator;
  readonly dailyRuns: Locator;
  readonly pauseAll: Locator;
  readonly pausedBadge: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Overview' });
    this.workers = page.getByRole('region', { name: 'Workers' });
    this.workerStatus = this.workers.getByRole('status');
    this.workerRows = this.workers.getByRole('row').filter({ hasText: 'pid' });
    this.queue = page.getByRole('region', { name: 'Queue' });
    this.queueStatus = this.queue.getByRole('status');
    this.nextRuns = page.getByRole('region', { name: 'Next runs' });
    this.failingTasks = page.getByRole('region', { name: 'Failing tasks' });
    this.openIncidents = page.getByRole('region', { name: 'Open incidents' });
    this.recentRuns = page.getByRole('region', { name: 'Recent runs' });
    this.dailyRuns = page.getByRole('region', { name: 'Runs per day' });
    this.pauseAll = page.getByRole('switch', { name: 'Pause all' });
    this.pausedBadge = page.getByText('All schedules paused');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
  }
}
