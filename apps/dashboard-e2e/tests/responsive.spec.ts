import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Poll } from '@hotpath/contracts';
import { arrangeDemoData } from '../support/demo-data';
import { WORKSPACE_ROOT } from '../support/e2e-env';
import { expect, test } from '../support/fixtures';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 1024, height: 768 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

/** The README's screenshots: written by this run, one per page and viewport. */
const SCREENSHOTS = join(WORKSPACE_ROOT, 'docs', 'screenshots');

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  /** Elements reaching past either side of the viewport that no scrolling box of theirs contains. */
  cutOff: string[];
}

/** Measures, in the page, whether anything needs sideways scrolling or sticks out of the viewport. */
async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    /**
     * Inside a box that scrolls or clips sideways (a table in its card): its own overflow is allowed. An
     * absolutely placed element escapes such a box unless the box also places it, so only that one counts.
     */
    const contained = (element: Element): boolean => {
      const absolute = getComputedStyle(element).position === 'absolute';
      let placedBy: Element | null = absolute ? null : element.parentElement;
      for (
        let parent = element.parentElement;
        parent !== null && parent !== document.body;
        parent = parent.parentElement
      ) {
        const style = getComputedStyle(parent);
        if (absolute && placedBy === null && style.position !== 'static') placedBy = parent;
        if (style.overflowX !== 'visible' && (!absolute || placedBy !== null)) return true;
      }
      return false;
    };
    const describe = (element: Element): string => {
      const id = element.getAttribute('data-testid');
      const classes =
        typeof element.className === 'string' ? element.className.trim().split(/\s+/).join('.') : '';
      const rect = element.getBoundingClientRect();
      return `${element.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${classes ? `.${classes}` : ''} (${Math.round(rect.left)}–${Math.round(rect.right)} px)`;
    };
    const cutOff: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      if ((rect.right > width + 1 || rect.left < -1) && !contained(element)) cutOff.push(describe(element));
    }
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, cutOff };
  });
}

let poll: Poll;

const PAGES: Array<{ name: string; path: () => string; ready: (page: Page) => Promise<void> }> = [
  {
    name: 'overview',
    path: () => '/',
    ready: async (page) => {
      await expect(page.getByTestId('health-api-state')).toHaveText('Up');
      await expect(page.getByTestId('traffic-requests').locator('canvas')).toBeVisible();
    },
  },
  {
    name: 'subscribers',
    path: () => '/subscribers',
    ready: async (page) => {
      await expect(page.getByTestId('subscriber-row').first()).toBeVisible();
    },
  },
  {
    name: 'polls',
    path: () => '/polls',
    ready: async (page) => {
      await expect(page.getByTestId('poll-row').first()).toBeVisible();
    },
  },
  {
    name: 'poll',
    path: () => `/polls/${poll.id}`,
    ready: async (page) => {
      await expect(page.getByTestId('poll-result').first()).toBeVisible();
    },
  },
  {
    name: 'deliverability',
    path: () => '/deliverability',
    ready: async (page) => {
      await expect(page.getByTestId('domain-row').first()).toBeVisible();
      await expect(page.getByTestId('domain-status-chart').locator('canvas')).toBeVisible();
    },
  },
  {
    name: 'payments',
    path: () => '/payments',
    ready: async (page) => {
      await expect(page.getByTestId('payment-row').first()).toBeVisible();
      await expect(page.getByTestId('payment-chart').locator('canvas')).toBeVisible();
    },
  },
  {
    name: 'analytics',
    path: () => '/analytics',
    ready: async (page) => {
      await expect(page.getByTestId('analytics-current-clicks')).toBeVisible();
      await expect(page.getByTestId('analytics-chart').locator('canvas')).toBeVisible();
    },
  },
];

test.describe('every page at phone, tablet and desktop width', () => {
  test.beforeAll(async ({ request }) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ poll } = await arrangeDemoData(request));
  });

  for (const viewport of VIEWPORTS) {
    for (const shown of PAGES) {
      test(`${shown.name} at ${viewport.width} × ${viewport.height}: no sideways scroll, nothing cut off`, async ({
        page,
      }) => {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await page.goto(shown.path());
        await shown.ready(page);
        const measured = await layout(page);
        expect
          .soft(measured.scrollWidth, `${shown.name} scrolls sideways`)
          .toBeLessThanOrEqual(measured.clientWidth);
        expect(measured.cutOff, `${shown.name} has elements outside the viewport`).toEqual([]);
        await page.screenshot({
          path: join(SCREENSHOTS, `${shown.name}-${viewport.width}.png`),
          fullPage: viewport.name !== 'tablet',
        });
      });
    }
  }

  test('the phone menu folds the navigation and opens it on demand', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await expect(page.getByTestId('nav-payments')).toBeHidden();
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-payments').click();
    await expect(page).toHaveURL(/\/payments/);
    await expect(page.getByTestId('nav-payments')).toBeHidden();
  });

  test('a skip link leads past the header, and hints are readable (contrast at least 4.5:1)', async ({
    page,
  }) => {
    await page.goto('/payments');
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip-link');
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();

    const ratios = await page.evaluate(() => {
      const luminance = (css: string): number => {
        const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0'])
          .slice(0, 3)
          .map(Number)
          .map((channel) => {
            const value = channel / 255;
            return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
          });
        return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
      };
      const background = (element: Element | null): string => {
        for (let at = element; at !== null; at = at.parentElement) {
          const colour = getComputedStyle(at).backgroundColor;
          if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
        }
        return 'rgb(255, 255, 255)';
      };
      return Array.from(
        document.querySelectorAll('.field__hint, .stat-card__hint, .muted, .subtle, .cell-secondary'),
      ).map((element) => {
        const fore = luminance(getComputedStyle(element).color);
        const back = luminance(background(element));
        return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
      });
    });
    expect(ratios.length).toBeGreaterThan(5);
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(4.5);
  });
});
