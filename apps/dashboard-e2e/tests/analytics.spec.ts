import type { Locator, Page } from '@playwright/test';
import { HOUR_MS, hourOf } from '@hotpath/contracts';
import { expect, test } from '../support/fixtures';

/** A user name no other test or earlier run has used. */
const uniqueUser = (label: string): string =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** A figure as the page shows it ("1,234"), read back as a number. */
async function figure(locator: Locator): Promise<number> {
  return Number((await locator.innerText()).replace(/,/g, ''));
}

const current = (page: Page, key: 'unique-users' | 'clicks' | 'impressions'): Locator =>
  page.getByTestId(`analytics-current-${key}`);
const picked = (page: Page, key: 'unique-users' | 'clicks' | 'impressions'): Locator =>
  page.getByTestId(`analytics-picked-${key}`);

async function sendFromForm(page: Page, user: string, kind: 'click' | 'impression', hoursAgo = 0): Promise<void> {
  const form = page.getByTestId('analytics-event-form');
  await form.getByTestId('analytics-input-user').fill(user);
  await form.getByTestId('analytics-input-kind').selectOption(kind);
  await form.getByTestId('analytics-input-hours-ago').fill(String(hoursAgo));
  await form.getByTestId('analytics-submit').click();
  await expect(page.getByTestId('analytics-event-success')).toContainText(user);
}

test.describe('analytics page', () => {
  test('sends events from the form and shows them in the current hour', async ({ page }) => {
    await page.goto('/analytics');
    await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
    await expect(current(page, 'clicks')).toBeVisible();
    const before = {
      users: await figure(current(page, 'unique-users')),
      clicks: await figure(current(page, 'clicks')),
      impressions: await figure(current(page, 'impressions')),
    };
    const user = uniqueUser('clicker');

    await sendFromForm(page, user, 'click');
    await expect.poll(() => figure(current(page, 'clicks'))).toBe(before.clicks + 1);
    await expect.poll(() => figure(current(page, 'unique-users'))).toBe(before.users + 1);

    // The same user again: one more impression, no new unique user.
    await sendFromForm(page, user, 'impression');
    await expect.poll(() => figure(current(page, 'impressions'))).toBe(before.impressions + 1);
    expect(await figure(current(page, 'unique-users'))).toBe(before.users + 1);
    await expect(page.getByTestId('analytics-chart')).toHaveAttribute('data-hours', '24');
  });

  test('reads a past hour with the hour picker, a late event counted in its own hour', async ({ page, request }) => {
    // An hour between two and six months back that no other run is likely to have written to.
    const hoursAgo = 1500 + Math.floor(Math.random() * 3000);
    const start = (hourOf(Date.now()) - hoursAgo) * HOUR_MS;
    const response = await request.post(`/api/analytics?timestamp=${start + 1234}&user=${uniqueUser('late')}&impression`);
    expect(response.status(), await response.text()).toBe(204);

    await page.goto('/analytics');
    await page.getByTestId('analytics-pick-date').fill(new Date(start).toISOString().slice(0, 10));
    await page.getByTestId('analytics-pick-hour').selectOption(String(new Date(start).getUTCHours()));
    await expect(page.getByTestId('analytics-picked-hour')).toContainText(new Date(start).toISOString().slice(11, 16));
    await expect.poll(() => figure(picked(page, 'impressions'))).toBe(1);
    expect(await figure(picked(page, 'unique-users'))).toBe(1);
    expect(await figure(picked(page, 'clicks'))).toBe(0);

    // A late click sent from the form lands in that same hour.
    await sendFromForm(page, uniqueUser('late-form'), 'click', hoursAgo);
    await expect.poll(() => figure(picked(page, 'clicks'))).toBe(1);
    await expect.poll(() => figure(picked(page, 'unique-users'))).toBe(2);

    // The picked hour is in the URL: a reload (or a shared link) shows it again.
    const hourParam = new Date(start).toISOString().slice(0, 13);
    await expect(page).toHaveURL(new RegExp(`hour=${hourParam}`));
    await page.reload();
    await expect(page.getByTestId('analytics-picked-hour')).toContainText(new Date(start).toISOString().slice(0, 10));
    await expect.poll(() => figure(picked(page, 'clicks'))).toBe(1);

    await page.getByTestId('analytics-pick-current').click();
    await expect(page.getByTestId('analytics-pick-current')).toBeDisabled();
    await expect(page).not.toHaveURL(/hour=/);
  });

  test('shows the current hour tiles once, and offers no future date', async ({ page }) => {
    await page.goto('/analytics');
    await expect(current(page, 'clicks')).toBeVisible();
    // Following the current hour, the lower card does not repeat the same three tiles.
    await expect(page.getByTestId('analytics-picked-is-current')).toBeVisible();
    await expect(page.getByTestId('analytics-picked')).toHaveCount(0);
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.getByTestId('analytics-pick-date')).toHaveAttribute('max', today);
    // A future hour typed into the URL is not shown as if it had figures.
    await page.goto(`/analytics?hour=${new Date(Date.now() + 48 * HOUR_MS).toISOString().slice(0, 13)}`);
    await expect(page.getByTestId('analytics-picked-is-current')).toBeVisible();
  });

  test('says what is wrong with a test event instead of sending it', async ({ page }) => {
    await page.goto('/analytics');
    await page.getByTestId('analytics-input-user').fill('');
    await page.getByTestId('analytics-submit').click();
    await expect(page.getByTestId('error-analytics-user')).toHaveText('is required');
    await expect(page.getByTestId('analytics-event-success')).toHaveCount(0);
  });
});
