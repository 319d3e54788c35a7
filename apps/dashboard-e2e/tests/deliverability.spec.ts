import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

/** A domain no other test (or retry) uses. */
const uniqueDomain = (label: string): string =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.example.com`;

async function sendEvents(
  page: Page,
  domain: string,
  type: 'delivered' | 'bounced',
  count: number,
): Promise<void> {
  const form = page.getByTestId('events-form');
  await form.getByTestId('events-domain').fill(domain);
  await form.getByTestId('events-type').selectOption(type);
  await form.getByTestId('events-count').fill(String(count));
  await form.getByTestId('events-submit').click();
  await expect(page.getByTestId('events-form-success')).toContainText(domain);
}

test.describe('deliverability page', () => {
  test('sends events, follows the domain to catch-all and not catch-all, and looks it up', async ({
    page,
  }) => {
    const domain = uniqueDomain('e2e');
    await page.goto('/deliverability');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deliverability');

    // 1001 deliveries and no bounce: a catch-all once the worker has applied the batch.
    await sendEvents(page, domain, 'delivered', 1001);
    const card = page.getByTestId('domain-card');
    await expect(card.getByTestId('domain-name')).toHaveText(domain);
    await expect(card.getByTestId('domain-delivered')).toHaveText('1,001');
    await expect(card.getByTestId('domain-status')).toHaveText('Catch-all');
    await expect(page.getByTestId('latest-catch-alls')).toContainText(domain);

    // A single bounce rules it out.
    await sendEvents(page, domain, 'bounced', 1);
    await expect(card.getByTestId('domain-bounced')).toHaveText('1');
    await expect(card.getByTestId('domain-status')).toHaveText('Not catch-all');

    // A fresh look-up, typed as a fully qualified name in capitals, finds the same counts.
    await page.reload();
    await page.getByTestId('domain-lookup-input').fill(`${domain.toUpperCase()}.`);
    await page.getByTestId('domain-lookup-submit').click();
    await expect(card.getByTestId('domain-name')).toHaveText(domain);
    await expect(card.getByTestId('domain-delivered')).toHaveText('1,001');
    await expect(card.getByTestId('domain-bounced')).toHaveText('1');
    await expect(card.getByTestId('domain-status')).toHaveText('Not catch-all');
    // The per-status counts are cached for 2 s; Refresh shows the domain counted once that has passed.
    await expect(async () => {
      await page.getByTestId('domain-summary-refresh').click();
      await expect(page.getByTestId('domain-summary-not-catch-all')).not.toHaveText('0', { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
  });

  test('answers unknown for a domain never seen', async ({ page }) => {
    const domain = uniqueDomain('never');
    await page.goto('/deliverability');
    await page.getByTestId('domain-lookup-input').fill(domain);
    await page.getByTestId('domain-lookup-submit').click();
    const card = page.getByTestId('domain-card');
    await expect(card.getByTestId('domain-status')).toHaveText('Unknown');
    await expect(card.getByTestId('domain-delivered')).toHaveText('0');
    await expect(card.getByTestId('domain-bounced')).toHaveText('0');
  });

  test('refuses a domain that is not a host name before calling the API', async ({ page }) => {
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/events')) posts.push(request.url());
    });
    await page.goto('/deliverability');
    const form = page.getByTestId('events-form');
    await form.getByTestId('events-domain').fill('not_a_domain');
    await form.getByTestId('events-count').fill('0');
    await form.getByTestId('events-submit').click();
    await expect(page.getByTestId('error-domain')).toContainText('host name');
    await expect(page.getByTestId('error-count')).toContainText('1 to 10,000');
    await page.getByTestId('domain-lookup-input').fill('bad domain');
    await page.getByTestId('domain-lookup-submit').click();
    await expect(page.getByTestId('domain-lookup-invalid')).toContainText('host name');
    expect(posts).toEqual([]);
  });
});
