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
    // The look-up input follows the domain the events were sent for, and so does the URL.
    await expect(page.getByTestId('domain-lookup-input')).toHaveValue(domain);
    await expect(page).toHaveURL(new RegExp(`domain=${domain.replace(/\./g, '\\.')}`));
    // The catch-all list refreshes on its own and names the domain unbroken (no wrap at its hyphens).
    const row = page.getByTestId(`domain-row-${domain}`);
    await expect(row).toBeVisible({ timeout: 10_000 });
    const lineHeight = await row.evaluate(
      (element) => parseFloat(getComputedStyle(element).lineHeight) || 20,
    );
    expect((await row.boundingBox())?.height ?? 0).toBeLessThan(lineHeight * 1.5);

    // A single bounce rules it out.
    await sendEvents(page, domain, 'bounced', 1);
    await expect(card.getByTestId('domain-bounced')).toHaveText('1');
    await expect(card.getByTestId('domain-status')).toHaveText('Not catch-all');

    // A fresh look-up, typed as a fully qualified name in capitals, finds the same counts.
    // Another API process may answer from its memory for up to DOMAIN_STATUS_LOCAL_TTL_MS (2 s), so a look-up
    // right after the events can be that old: looking up again within the bound shows the counts.
    await page.reload();
    await expect(async () => {
      await page.getByTestId('domain-lookup-input').fill(`${domain.toUpperCase()}.`);
      await page.getByTestId('domain-lookup-submit').click();
      await expect(card.getByTestId('domain-name')).toHaveText(domain, { timeout: 1000 });
      await expect(card.getByTestId('domain-delivered')).toHaveText('1,001', { timeout: 1000 });
      await expect(card.getByTestId('domain-bounced')).toHaveText('1', { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
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

  test('lists each status page by page, opens a listed domain, and keeps the counts fresh on its own', async ({
    page,
    request,
  }) => {
    await page.goto('/deliverability');
    await expect(page.getByTestId('domain-summary-unknown')).not.toHaveText('–');
    const before = Number(
      (await page.getByTestId('domain-summary-unknown').textContent())?.replace(/\D/g, ''),
    );

    const tag = uniqueDomain('page');
    const domains = Array.from({ length: 12 }, (_, index) => `d${String(index).padStart(2, '0')}-${tag}`);
    const sent = await request.post('/api/events', {
      data: domains.map((domain) => ({ domain, type: 'delivered' })),
    });
    expect(sent.status()).toBe(202);

    // No click on Refresh: the counts move on their own.
    await expect(page.getByTestId('domain-summary-unknown')).not.toHaveText(String(before), {
      timeout: 15_000,
    });

    await page.getByTestId('domain-list-tab-unknown').click();
    await expect(page).toHaveURL(/status=unknown/);
    await expect(page.getByTestId('domain-row')).toHaveCount(10);
    await page.getByTestId('domain-page-next').click();
    await expect(page.getByTestId('domain-page-range')).toContainText('11–');
    await expect(page).toHaveURL(/cursor=/);

    // A reload shows the same status and page.
    await page.reload();
    await expect(page.getByTestId('domain-page-range')).toContainText('11–');
    await expect(page.getByTestId('domain-list-tab-unknown')).toHaveAttribute('aria-selected', 'true');

    const listed = page.getByTestId('domain-row').first().getByRole('button');
    const name = (await listed.textContent())?.trim() ?? '';
    await listed.click();
    await expect(page.getByTestId('domain-card').getByTestId('domain-name')).toHaveText(name);
    await expect(page.getByTestId('domain-lookup-input')).toHaveValue(name);
  });
});
