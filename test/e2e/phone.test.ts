// Phone and keyboard (issue 19 §6, §7): at 390 px no page scrolls sideways (WCAG 1.4.10), the
// sign-in button is on screen, and a keyboard user gets from a table row to "Steckbrief öffnen" in
// a few Tab presses. Screenshots at 390 px land in test-output/e2e.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2e, WAIT, type E2e } from './harness.ts';
import { mapDrawn } from './map.ts';

const ANALYST = { username: 'e2e-phone-analyst', password: 'e2e-phone-passwort', role: 'analyst' };

let e2e: E2e;
let page: Page;

/** The page's width and the elements that stick out to the right, for a readable failure. */
async function overflow(p: Page): Promise<{ width: number; culprits: string[] }> {
  return p.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const culprits: string[] = [];
    // Elements inside a scrolling box (a wide data table) scroll there, not the page.
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      if (clipped(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 1 && culprits.length < 8) culprits.push(`${el.tagName.toLowerCase()}.${(el as HTMLElement).className || ''} → ${Math.round(r.right)}`);
    }
    return { width: document.documentElement.scrollWidth, culprits };
  });
}

async function expectNoSidewaysScroll(p: Page): Promise<void> {
  const result = await overflow(p);
  expect(result.width <= 390 ? [] : result.culprits, `scrollWidth ${result.width}`).toEqual([]);
  expect(result.width).toBeLessThanOrEqual(390);
}

describe('the client on a 390 px phone', () => {
  beforeAll(async () => {
    e2e = await startE2e({ user: ANALYST });
    page = e2e.page;
    await page.setViewportSize({ width: 390, height: 844 });
  }, 240_000);

  afterAll(async () => e2e?.close());

  it('shows the atlas without sideways scrolling, the sign-in button on screen', async () => {
    await page.goto(`${e2e.url}/#/?indicator=einwohner&layer=ortsteil&period=2024&areas=62`);
    await mapDrawn(page, 'einwohner|ortsteil|2024|');
    await page.locator('[data-testid=series-chart] svg').first().waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(page);
    const signIn = page.locator('.account-button', { hasText: 'Anmelden' });
    const box = (await signIn.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await e2e.shot('phone-atlas');
  });

  it('shows the profile without sideways scrolling', async () => {
    await page.goto(`${e2e.url}/#/gebiet/ortsteil/62`);
    await page.locator('#profile-title').waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(page);
    await e2e.shot('phone-profile');
  });

  it('shows the facilities without sideways scrolling', async () => {
    await page.goto(`${e2e.url}/#/einrichtungen`);
    await page.locator('main h2').first().waitFor({ timeout: WAIT });
    await page.waitForTimeout(1500);
    await expectNoSidewaysScroll(page);
    await e2e.shot('phone-facilities');
  });

  it('shows the index page without sideways scrolling, signed in', async () => {
    await page.request.post(`${e2e.url}/api/auth/login`, { data: { username: ANALYST.username, password: ANALYST.password } });
    await page.goto('about:blank');
    await page.goto(`${e2e.url}/#/index`);
    await page.locator('main h2').first().waitFor({ timeout: WAIT });
    await page.waitForTimeout(1500);
    await expectNoSidewaysScroll(page);
    await e2e.shot('phone-index');
    await page.request.post(`${e2e.url}/api/auth/logout`, { headers: { 'x-csrf-token': (await (await page.request.get(`${e2e.url}/api/auth/me`)).json()).csrfToken } });
  });

  it('reaches "Steckbrief öffnen" from a table row in a few Tab presses', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('about:blank');
    await page.goto(`${e2e.url}/#/?indicator=einwohner&layer=ortsteil&period=2024`);
    await mapDrawn(page, 'einwohner|ortsteil|2024|');
    const row = page.getByRole('button', { name: 'Grünau-Mitte', exact: true });
    await row.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr.selected th').textContent()).toContain('Grünau-Mitte');
    let presses = 0;
    for (; presses < 20; presses++) {
      const name = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (name.includes('Steckbrief öffnen')) break;
      await page.keyboard.press('Tab');
    }
    expect(presses).toBeLessThanOrEqual(3);
    await page.keyboard.press('Enter');
    await page.locator('#profile-title').waitFor({ timeout: WAIT });
    expect(await page.locator('#profile-title').textContent()).toBe('Steckbrief: Grünau-Mitte');
  });

  it('offers skip links to the map and the table, and landmarks with names', async () => {
    await page.goto('about:blank');
    await page.goto(`${e2e.url}/#/?indicator=einwohner&layer=ortsteil&period=2024`);
    await mapDrawn(page, 'einwohner|ortsteil|2024|');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(first).toBe('Zum Inhalt springen');
    const skipTargets = await page.locator('.skip-links a').allTextContents();
    expect(skipTargets).toEqual(expect.arrayContaining(['Zur Karte', 'Zur Tabelle']));
    // "Zur Tabelle" moves the focus into the table without changing the atlas's address.
    const before = await page.evaluate(() => location.hash);
    await page.locator('.skip-links a', { hasText: 'Zur Tabelle' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe(before);
    expect(await page.evaluate(() => document.activeElement?.closest('.atlas-side') !== null)).toBe(true);
    for (const selector of ['main', 'nav[aria-label]', 'aside[aria-label]']) expect(await page.locator(selector).count(), selector).toBeGreaterThan(0);
    expect(e2e.pageErrors).toEqual([]);
  });
});
