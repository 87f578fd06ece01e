import type { Locator, Page } from '@playwright/test';

export class TaskListPage {
  readonly heading: Locator;
  readonly search: Locator;
  readonly state: Locator;
  readonly lastStatus: Locator;
  readonly tag: Locator;
  readonly sort: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly newTask: Locator;
  readonly selectAll: Locator;
  readonly enableSelected: Locator;
  readonly disableSelected: Locator;
  readonly bulkStatus: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Tasks', exact: true });
    this.search = page.getByRole('searchbox', { name: 'Search' });
    this.state = page.getByLabel('State');
    this.lastStatus = page.getByLabel('Last status');
    this.tag = page.getByLabel('Tag');
    this.sort = page.getByLabel('Sort by');
    this.table = page.getByRole('table', { name: 'Tasks' });
    this.rows = this.table.locator('tbody tr[data-task-id]');
    this.newTask = page.getByRole('link', { name: 'New task' });
    this.selectAll = page.getByRole('checkbox', { name: 'Select all tasks on this page' });
    this.enableSelected = page.getByRole('button', { name: 'Enable selected' });
    this.disableSelected = page.getByRole('button', { name: 'Disable selected' });
    this.bulkStatus = page.getByRole('main').getByRole('status');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/tasks${query}`);
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async filter(values: { search?: string; state?: string; lastStatus?: string; tag?: string; sort?: string }): Promise<void> {
    if (values.search !== undefined) await this.search.fill(values.search);
    if (values.state !== undefined) await this.state.selectOption(values.state);
    if (values.lastStatus !== undefined) await this.lastStatus.selectOption(values.lastStatus);
    if (values.tag !== undefined) await this.tag.selectOption(values.tag);
    if (values.sort !== undefined) await this.sort.selectOption(values.sort);
    await this.page.getByRole('button', { name: 'Apply' }).click();
  }
}
