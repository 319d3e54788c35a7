import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

/** The figure a tile shows, as a number ("1,234" → 1234, "15.50 EUR" → 15.5); null while it shows "—". */
async function tileNumber(page: Page, tile: string): Promise<number | null> {
  const text = (await page.getByTestId(`payment-tile-${tile}-value`).textContent())?.trim() ?? '';
  if (text === '—' || text === '') return null;
  return Number(text.replace(/[^0-9.]/g, ''));
}

test.describe('payments page', () => {
  test('pays through the form and shows the payment in the tiles, first in the list', async ({ page }) => {
    await page.goto('/payments');
    await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
    await expect(page.getByTestId('payment-tile-count-value')).not.toHaveText('—');
    const countBefore = (await tileNumber(page, 'count')) ?? 0;
    const totalBefore = (await tileNumber(page, 'total')) ?? 0;

    await page.getByTestId('payment-amount').fill('12.34');
    await page.getByTestId('payment-submit').click();
    await expect(page.getByTestId('payment-form-success')).toContainText('Paid 12.34 EUR');
    await expect(page.getByTestId('payment-amount')).toHaveValue('');
    await expect(page.getByTestId('payment-row-amount').first()).toHaveText('12.34');

    // The tiles refresh on their own (every 5 s, and shortly after a payment).
    await expect(page.getByTestId('payment-tile-count-value')).toHaveText(
      String(countBefore + 1).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
      {
        timeout: 8000,
      },
    );
    expect(await tileNumber(page, 'total')).toBeCloseTo(totalBefore + 12.34, 2);
    await expect(page.getByTestId('payment-tile-max-value')).toContainText('EUR');
    await expect(page.getByTestId('payment-chart').locator('canvas')).toBeVisible();
  });

  test('explains a wrong amount next to the field and pays nothing', async ({ page }) => {
    await page.goto('/payments');
    await expect(page.getByTestId('payment-tile-count-value')).not.toHaveText('—');
    const rowsBefore = await page.getByTestId('payment-row').count();

    await page.getByTestId('payment-amount').fill('1.005');
    await page.getByTestId('payment-currency').fill('E1');
    await page.getByTestId('payment-submit').click();
    await expect(page.getByTestId('error-amount')).toHaveText('must have at most 2 decimal places');
    await expect(page.getByTestId('error-currency')).toHaveText('must be a 3-letter currency code');
    await expect(page.getByTestId('payment-form-success')).toHaveCount(0);
    expect(await page.getByTestId('payment-row').count()).toBe(rowsBefore);
  });

  test('is reachable from the header', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('nav-payments').click();
    await expect(page).toHaveURL(/\/payments$/);
    await expect(page.getByTestId('payment-form')).toBeVisible();
  });

  test('picks a currency and a window, pages through payments, and keeps it all in the URL', async ({
    page,
    request,
  }) => {
    for (let index = 0; index < 11; index++) {
      const paid = await request.post('/api/payments', { data: { amount: `${index + 1}.00`, currency: 'CHF' } });
      expect(paid.status()).toBe(201);
    }
    await page.goto('/payments');
    await page.getByTestId('payment-stats-currency').selectOption('CHF');
    await page.getByTestId('payment-window').selectOption('3600');
    await expect(page).toHaveURL(/currency=CHF/);
    await expect(page).toHaveURL(/window=3600/);
    await expect(page.getByTestId('payment-tile-max-value')).toHaveText('11.00 CHF');
    // One payment is "1 payment": the tiles name the count alone; the tooltip says "in 1 payment" (unit-tested).
    await expect(page.getByTestId('payment-tile-count-hint')).toContainText('Last 1 h');

    await page.getByTestId('payment-page-next').click();
    await expect(page.getByTestId('payment-page-range')).toContainText('11–');
    await expect(page).toHaveURL(/cursor=/);

    await page.reload();
    await expect(page.getByTestId('payment-stats-currency')).toHaveValue('CHF');
    await expect(page.getByTestId('payment-window')).toHaveValue('3600');
    await expect(page.getByTestId('payment-page-range')).toContainText('11–');
    await expect(page.getByTestId('payment-tile-total-value')).toContainText('CHF');
    // Figures are set in the page's font, not a terminal one.
    const font = await page.getByTestId('payment-tile-total-value').evaluate((element) => getComputedStyle(element).fontFamily);
    expect(font).not.toMatch(/mono/i);
  });

  test('keeps the window select usable on a phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/payments');
    const box = await page.getByTestId('payment-window').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(120);
  });
});
