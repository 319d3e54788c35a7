import { expect, test } from '../support/fixtures';

test('the overview shows API, MySQL and Redis up and the depth of each queue', async ({ page }) => {
  await page.goto('/');

  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('health-api-state')).toHaveText('Up');
  await expect(page.getByTestId('health-mysql-state')).toHaveText('Up');
  await expect(page.getByTestId('health-redis-state')).toHaveText('Up');
  await expect(page.getByTestId('queue-subscriber-domain-recheck')).toBeVisible();
  await expect(page.getByTestId('status-error')).toHaveCount(0);
});

test('the header navigates between the areas', async ({ page }) => {
  await page.goto('/');

  await page.getByTestId('nav-subscribers').click();
  await expect(page).toHaveURL(/\/subscribers$/);
  await expect(page.getByRole('heading', { name: 'Subscribers', level: 1 })).toBeVisible();

  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('health-mysql-state')).toHaveText('Up');
});

test('the overview charts the real traffic of the API: requests per area, latency, errors and queues', async ({
  page,
}) => {
  for (let sent = 0; sent < 20; sent += 1) {
    expect((await page.request.get('/api/polls?limit=1')).ok()).toBe(true);
  }
  const traffic = await page.request.get('/api/system/traffic?minutes=15');
  expect(traffic.status()).toBe(200);
  const body = (await traffic.json()) as { areas: { area: string; points: { requests: number }[] }[] };
  const polls = body.areas.find((entry) => entry.area === 'polls');
  await page.goto('/');
  await expect(page.getByTestId('traffic-requests').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('traffic-p99').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('traffic-errors').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('traffic-unavailable')).toHaveCount(0);
  expect(polls?.points.length ?? 0).toBeGreaterThan(0);
});

test('the queue board is one click away from the overview', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('queue-board-link')).toHaveAttribute('href', '/admin/queues');
});
