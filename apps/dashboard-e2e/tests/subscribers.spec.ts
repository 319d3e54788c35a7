import type { Page } from '@playwright/test';
import { ADMIN_TOKEN } from '../support/e2e-env';
import { expect, test, uniqueEmail } from '../support/fixtures';

async function fillForm(page: Page, email: string): Promise<void> {
  const form = page.getByTestId('subscriber-form');
  await form.getByTestId('input-email').fill(email);
  await form.getByTestId('input-name').fill('Ada');
  await form.getByTestId('input-lastName').fill('Lovelace');
}

const rowEmails = (page: Page): Promise<string[]> => page.getByTestId('subscriber-row-email').allTextContents();

test.describe('subscribers page', () => {
  test('adds a subscriber through the form and lists it first in the table', async ({ page }) => {
    const email = uniqueEmail('added');
    await page.goto('/subscribers');

    await fillForm(page, email);
    await page.getByTestId('input-status').selectOption('active');
    await page.getByTestId('submit-subscriber').click();

    await expect(page.getByTestId('subscriber-form-success')).toContainText(email);
    await expect(page.getByTestId('input-email')).toHaveValue('');
    const row = page.locator(`[data-testid="subscriber-row"][data-email="${email}"]`);
    await expect(row).toContainText('Ada Lovelace');
    await expect(row).toContainText('Active');
  });

  test('finds a subscriber by email and says when there is none', async ({ page, api }) => {
    const subscriber = await api.createSubscriber({ name: 'Katherine', lastName: 'Johnson', status: 'active' });
    await page.goto('/subscribers');

    await page.getByTestId('lookup-email').fill(subscriber.email.toUpperCase());
    await page.getByTestId('lookup-submit').click();
    await expect(page.getByTestId('subscriber-card-email')).toHaveText(subscriber.email);
    await expect(page.getByTestId('subscriber-card')).toContainText('Katherine');

    await page.getByTestId('lookup-email').fill(uniqueEmail('nobody'));
    await page.getByTestId('lookup-submit').click();
    await expect(page.getByTestId('lookup-not-found')).toContainText('No subscriber has the email');
    await expect(page.getByTestId('subscriber-card')).toHaveCount(0);
  });

  test('pages through the table with Next and Previous', async ({ page, api }) => {
    // Bounced is used by no other test, so the filtered list is exactly these 25 whatever else runs.
    for (let index = 0; index < 25; index += 1) {
      await api.createSubscriber({ email: uniqueEmail(`page${String(index).padStart(2, '0')}`), status: 'bounced' });
    }
    await page.goto('/subscribers');
    await page.getByTestId('subscriber-status-filter').selectOption('bounced');

    await expect(page.getByTestId('page-range')).toHaveText('1–20 of 25');
    await expect(page.getByTestId('subscriber-row')).toHaveCount(20);
    await expect(page.getByTestId('page-previous')).toBeDisabled();
    const firstPage = await rowEmails(page);

    await page.getByTestId('page-next').click();
    await expect(page.getByTestId('page-range')).toHaveText('21–25 of 25');
    await expect(page.getByTestId('subscriber-row')).toHaveCount(5);
    await expect(page.getByTestId('page-next')).toBeDisabled();
    const secondPage = await rowEmails(page);
    expect(secondPage.filter((email) => firstPage.includes(email))).toEqual([]);

    await page.getByTestId('page-previous').click();
    await expect(page.getByTestId('page-range')).toHaveText('1–20 of 25');
    expect(await rowEmails(page)).toEqual(firstPage);
  });

  test('shows a client-side message for a bad email without calling the API', async ({ page }) => {
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/subscribers')) posts.push(request.url());
    });
    await page.goto('/subscribers');

    await fillForm(page, 'ada-at-example.com');
    await page.getByTestId('submit-subscriber').click();

    await expect(page.getByTestId('error-email')).toHaveText('must be a valid email address');
    await expect(page.getByTestId('input-email')).toHaveAttribute('aria-invalid', 'true');
    expect(posts).toEqual([]);
  });

  test('shows the API answer for a duplicate email', async ({ page, api }) => {
    const existing = await api.createSubscriber();
    await page.goto('/subscribers');

    await fillForm(page, existing.email);
    await page.getByTestId('submit-subscriber').click();

    await expect(page.getByTestId('subscriber-form-alert')).toHaveText('Subscriber already exists');
    await expect(page.getByTestId('input-email')).toHaveValue(existing.email);
  });

  test('edits a custom field value and deletes the subscriber with the admin token', async ({ page, api }) => {
    const field = await api.createField(`Plan ${Date.now().toString(36)}`, 'string');
    const subscriber = await api.createSubscriber({ name: 'Hedy', lastName: 'Lamarr' });
    await page.goto('/subscribers');
    await page.getByTestId('lookup-email').fill(subscriber.email);
    await page.getByTestId('lookup-submit').click();

    await page.getByTestId('subscriber-card-edit').click();
    const dialog = page.getByTestId('edit-dialog');
    await dialog.getByLabel(field.title).fill('Pro');
    await dialog.getByTestId('edit-save').click();
    await expect(dialog.getByTestId('edit-alert')).toContainText('needs the admin token');

    await dialog.getByTestId('admin-token-input').fill(ADMIN_TOKEN);
    await dialog.getByTestId('admin-token-save').click();
    await expect(page.getByTestId('admin-token-state')).toHaveText('Admin ••••6789');
    await expect(dialog.getByTestId('edit-alert')).toHaveCount(0);

    await dialog.getByTestId('edit-save').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId(`subscriber-card-field-${field.key}`)).toHaveText('Pro');

    await page.getByTestId('subscriber-card-edit').click();
    await dialog.getByTestId('edit-delete').click();
    await dialog.getByTestId('delete-confirm-button').click();
    await expect(page.getByTestId('subscribers-notice')).toContainText(`Deleted ${subscriber.email}`);
    await page.getByTestId('lookup-submit').click();
    await expect(page.getByTestId('lookup-not-found')).toBeVisible();
  });

  test('looks like a product (screenshot for review)', async ({ page, api }) => {
    await api.createField('Birthday', 'date');
    await api.createSubscriber({ name: 'Margaret', lastName: 'Hamilton', status: 'active', fields: { birthday: '1936-08-17' } });
    await page.goto('/subscribers');
    await expect(page.getByTestId('subscriber-row').first()).toBeVisible();
    await expect(page.getByTestId('fields-list')).toBeVisible();

    await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });
  });

  test('keeps the filters, search and looked-up subscriber in the URL across a reload', async ({ page, api }) => {
    const subscriber = await api.createSubscriber({ name: 'Dorothy', lastName: 'Vaughan', status: 'unsubscribed' });
    await page.goto('/subscribers');
    await page.getByTestId('subscriber-status-filter').selectOption('unsubscribed');
    await page.getByTestId('subscriber-search').fill(subscriber.email.slice(0, 12));
    await page.getByTestId('subscriber-search').press('Enter');
    await page.getByTestId('lookup-email').fill(subscriber.email);
    await page.getByTestId('lookup-submit').click();
    await expect(page).toHaveURL(/status=unsubscribed/);
    await expect(page).toHaveURL(/search=/);
    await expect(page).toHaveURL(/email=/);

    await page.reload();
    await expect(page.getByTestId('subscriber-status-filter')).toHaveValue('unsubscribed');
    await expect(page.getByTestId('subscriber-search')).toHaveValue(subscriber.email.slice(0, 12));
    await expect(page.locator(`[data-testid="subscriber-row"][data-email="${subscriber.email}"]`)).toBeVisible();
    await expect(page.getByTestId('subscriber-card-email')).toHaveText(subscriber.email);
  });

  test('checks the admin token when it is entered, and the card stops asking for it once set', async ({ page, api }) => {
    const subscriber = await api.createSubscriber();
    await page.goto(`/subscribers?email=${encodeURIComponent(subscriber.email)}`);
    await expect(page.getByTestId('subscriber-card-token-hint')).toBeVisible();

    await page.getByTestId('admin-token-toggle').click();
    await page.getByTestId('admin-token-input').fill('not-the-admin-token');
    await page.getByTestId('admin-token-save').click();
    await expect(page.getByTestId('admin-token-invalid')).toContainText('does not accept this token');

    await page.getByTestId('admin-token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('admin-token-save').click();
    await expect(page.getByTestId('admin-token-form')).toHaveCount(0);
    await expect(page.getByTestId('admin-token-refused')).toHaveCount(0);
    await expect(page.getByTestId('subscriber-card-token-hint')).toHaveCount(0);
  });
});
