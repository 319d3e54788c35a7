import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { SEEDED_POLL, type Page as ListPage, type Poll } from '@hotpath/contracts';
import { ADMIN_TOKEN } from '../support/e2e-env';
import { expect, test } from '../support/fixtures';

/** The poll `npm run db:seed` creates; made here through the API when this database does not have it yet. */
async function seededPoll(request: APIRequestContext): Promise<Poll> {
  const listed = await request.get('/api/polls?limit=100');
  expect(listed.status()).toBe(200);
  const found = ((await listed.json()) as ListPage<Poll>).data.find((poll) => poll.question === SEEDED_POLL.question);
  if (found !== undefined) return found;
  const created = await request.post('/api/polls', {
    data: SEEDED_POLL,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { data: Poll }).data;
}

const bar = (page: Page, label: string): Locator => page.locator(`[data-testid="poll-result"][data-label="${label}"]`);

async function barState(page: Page, label: string): Promise<{ votes: number; percent: number }> {
  const result = bar(page, label);
  return {
    votes: Number(await result.getAttribute('data-votes')),
    percent: Number(await result.getByRole('progressbar').getAttribute('aria-valuenow')),
  };
}

test.describe('polls page', () => {
  test('votes on the seeded poll and sees the bar move', async ({ page, request }) => {
    const poll = await seededPoll(request);
    await page.goto('/polls');
    const row = page.locator(`[data-testid="poll-row"][data-poll-id="${poll.id}"]`);
    await expect(row).toContainText(SEEDED_POLL.question);
    await expect(row).toContainText('Multiple choice');
    await row.getByTestId('poll-row-link').click();

    await expect(page).toHaveURL(new RegExp(`/polls/${poll.id}$`));
    await expect(page.getByTestId('poll-question-title')).toHaveText(SEEDED_POLL.question);
    await expect(page.getByTestId('poll-result')).toHaveCount(SEEDED_POLL.options.length);
    await expect(page.getByTestId('poll-results-age')).toHaveText(/^\d s$/);
    const ballotsBefore = Number((await page.getByTestId('poll-ballots').textContent())?.replace(/\D/g, ''));
    const huawei = await barState(page, 'Huawei');
    const pixel = await barState(page, 'Pixel');

    // A multiple-choice poll offers checkboxes.
    const form = page.getByTestId('ballot-form');
    await expect(form.getByRole('radio')).toHaveCount(0);
    await form.getByLabel('Huawei').check();
    await form.getByLabel('Pixel').check();
    await form.getByTestId('ballot-submit').click();
    await expect(page.getByTestId('ballot-accepted')).toBeVisible();
    await expect(form.getByLabel('Huawei')).not.toBeChecked();

    // Counted by the worker, served within 5 s, fetched again by the page every 2 s.
    await expect(bar(page, 'Huawei')).toHaveAttribute('data-votes', String(huawei.votes + 1), { timeout: 15_000 });
    expect(await barState(page, 'Pixel')).toMatchObject({ votes: pixel.votes + 1 });
    await expect(page.getByTestId('poll-ballots')).toHaveText(String(ballotsBefore + 1));
    // Huawei now has a larger share of the ballots than before, so its bar is longer.
    expect((await barState(page, 'Huawei')).percent).toBeGreaterThan(huawei.percent);
  });

  test('creates a single-choice poll as admin and votes on it with a radio button', async ({ page }) => {
    const question = `Tea or coffee? ${Date.now().toString(36)}`;
    await page.goto('/polls');
    await expect(page.getByTestId('poll-token-hint')).toBeVisible();
    await page.getByTestId('admin-token-toggle').click();
    await page.getByTestId('admin-token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('admin-token-save').click();
    await expect(page.getByTestId('poll-token-hint')).toHaveCount(0);

    await page.getByTestId('poll-question').fill(question);
    await page.getByTestId('poll-option-0').fill('Tea');
    await page.getByTestId('poll-option-1').fill('tea');
    await page.getByTestId('poll-submit').click();
    await expect(page.getByTestId('error-options')).toHaveText('must be distinct; repeated: tea');

    await page.getByTestId('poll-option-1').fill('Coffee');
    await page.getByTestId('poll-add-option').click();
    await page.getByTestId('poll-option-2').fill('Neither');
    await page.getByTestId('poll-submit').click();
    // Creating a poll opens it: its page is where it is voted on.
    await expect(page).toHaveURL(/\/polls\/\d+$/);
    await expect(page.getByTestId('poll-question-title')).toHaveText(question);

    const form = page.getByTestId('ballot-form');
    await expect(form.getByRole('radio')).toHaveCount(3);
    await form.getByLabel('Coffee').check();
    await form.getByTestId('ballot-submit').click();
    await expect(page.getByTestId('ballot-accepted')).toBeVisible();
    await expect(bar(page, 'Coffee')).toHaveAttribute('data-votes', '1', { timeout: 15_000 });
    await expect(bar(page, 'Coffee').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  });
});
