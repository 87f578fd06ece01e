import type { Locator, Page } from '@playwright/test';

export class SecretsPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly dialog: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Secrets', exact: true });
    this.form = page.getByRole('form', { name: 'New secret' });
    this.dialog = page.getByRole('dialog');
  }
  goto() {
    return this.page.goto('/settings/secrets');
  }
  async add(name: string, value: string): Promise<void> {
    await this.form.getByLabel('Name').fill(name);
    await this.form.getByLabel('Value').fill(value);
    await this.form.getByRole('button', { name: 'Add secret' }).click();
  }
  row(name: string): Locator {
    return this.page.getByTestId('secret-row').filter({ hasText: name });
  }
  async replace(name: string, value: string): Promise<void> {
    await this.page.getByRole('button', { name: `Replace ${name}` }).click();
    await this.dialog.getByLabel('New value').fill(value);
    await this.dialog.getByRole('button', { name: 'Save value' }).click();
  }
  async delete(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Delete ${name}` }).click();
    await this.dialog.getByRole('button', { name: 'Delete secret' }).click();
  }
}
