import type { Locator, Page } from '@playwright/test';

export class UsersPage {
  readonly heading: Locator;
  readonly form: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Users', exact: true });
    this.form = page.getByRole('form', { name: 'New user' });
  }
  goto() {
    return this.page.goto('/users');
  }
  async create(user: { email: string; name: string; role: string; password: string }): Promise<void> {
    await this.form.getByLabel('Email').fill(user.email);
    await this.form.getByLabel('Name').fill(user.name);
    await this.form.getByLabel('Role').selectOption(user.role);
    await this.form.getByLabel('Initial password').fill(user.password);
    await this.form.getByRole('button', { name: 'Create user' }).click();
  }
  row(email: string): Locator {
    return this.page.getByTestId('user-row').filter({ hasText: email });
  }
  roleOf(email: string): Locator {
    return this.page.getByLabel(`Role of ${email}`);
  }
  toggle(email: string, action: 'Disable' | 'Enable'): Locator {
    return this.page.getByRole('button', { name: `${action} ${email}` });
  }
}

export class ApiKeysPage {
  readonly form: Locator;
  readonly dialog: Locator;
  readonly secret: Locator;
  constructor(private readonly page: Page) {
    this.form = page.getByRole('form', { name: 'New API key' });
    this.dialog = page.getByRole('dialog');
    this.secret = this.dialog.getByLabel('Secret key');
  }
  goto() {
    return this.page.goto('/api-keys');
  }
  async create(name: string, role: string, queues?: string): Promise<void> {
    await this.form.getByLabel('Name').fill(name);
    await this.form.getByLabel('Role').selectOption(role);
    if (queues !== undefined) await this.form.getByLabel('Queues').fill(queues);
    await this.form.getByRole('button', { name: 'Create key' }).click();
  }
  row(name: string): Locator {
    return this.page.getByTestId('api-key-row').filter({ hasText: name });
  }
  async revoke(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Revoke ${name}` }).click();
    await this.dialog.getByRole('button', { name: 'Revoke key' }).click();
  }
}

export class SettingsPage {
  readonly runsDays: Locator;
  readonly logsDays: Locator;
  readonly save: Locator;
  readonly pauseAll: Locator;
  readonly retention: Locator;
  constructor(private readonly page: Page) {
    this.retention = page.getByRole('form', { name: 'Retention' });
    this.runsDays = page.getByLabel('Days of run history');
    this.logsDays = page.getByLabel('Days of run logs');
    this.save = page.getByRole('button', { name: 'Save retention' });
    this.pauseAll = page.getByRole('switch', { name: 'Pause all scheduled tasks' });
  }
  goto() {
    return this.page.goto('/settings');
  }
  async setRetention(runsDays: string, logsDays: string): Promise<void> {
    await this.runsDays.fill(runsDays);
    await this.logsDays.fill(logsDays);
    await this.save.click();
  }
}

export class AuditPage {
  readonly filters: Locator;
  readonly entries: Locator;
  constructor(private readonly page: Page) {
    this.filters = page.getByRole('form', { name: 'Audit filters' });
    this.entries = page.getByTestId('audit-entry');
  }
  goto(query = '') {
    return this.page.goto(`/audit${query}`);
  }
  async filter(values: { action?: string; actor?: string; targetId?: string }): Promise<void> {
    if (values.action !== undefined) await this.filters.getByLabel('Action').fill(values.action);
    if (values.actor !== undefined) await this.filters.getByLabel('Actor').fill(values.actor);
    if (values.targetId !== undefined) await this.filters.getByLabel('Target id').fill(values.targetId);
    await this.filters.getByRole('button', { name: 'Apply filters' }).click();
  }
}
