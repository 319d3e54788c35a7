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
