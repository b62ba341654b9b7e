import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, pageReady, startE2e, type E2e } from './harness.ts';

// Facilities end to end: the 221 Leipzig Kitas on the map, a facility's detail page, and a planner
// running E2SFCA accessibility per Ortsteil. Real server (Leipzig recipe, temporary
// data directory), built client, Debian chromium. LERNORT_E2E_URL uses a running server instead
// (then LERNORT_E2E_USER / LERNORT_E2E_PASSWORD name a planner there).

const USER = process.env.LERNORT_E2E_USER ?? 'e2e-planner';
const PASSWORD = process.env.LERNORT_E2E_PASSWORD ?? 'e2e-geheim-passwort';

interface DrawReport { key: string; areas: number; colours: number; fills: string[]; points: number }

let e2e: E2e;
let app: { url: string };
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

const shot = (name: string) => e2e.shot(name);

describe('facilities in the browser', () => {
  beforeAll(async () => {
    e2e = await startE2e({ user: { username: USER, password: PASSWORD, role: 'planner' } });
    app = { url: e2e.url };
    browser = e2e.browser;
    page = e2e.page;
    pageErrors = e2e.pageErrors;
  });

  afterAll(async () => e2e?.close());

  it('draws the 221 Kitas over the Ortsteile', async () => {
    await page.goto(`${app.url}/#/einrichtungen`);
    await pageReady(page, '__lernortFacilitiesReady');
    const drawn = await page.evaluate(() => (window as unknown as { __lernortFacilities: { count: number; areas: number } }).__lernortFacilities);
    expect(drawn.count).toBe(221);
    expect(drawn.areas).toBe(63);
    await expect.poll(() => page.locator('table.facility-table tbody tr').count(), POLL).toBe(221);
    expect(await page.getByRole('link', { name: /HSDS-JSON/ }).getAttribute('href')).toBe('/api/facilities/export/hsds');
    await shot('facilities-map');
  });

  it('opens a facility detail page', async () => {
    const link = page.locator('table.facility-table tbody tr').first().getByRole('link');
    const name = (await link.textContent())!.trim();
    await link.click();
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe(name);
    expect(page.url()).toMatch(/#\/einrichtungen\/\d+$/);
    await expect.poll(() => page.locator('.facility-facts').textContent(), POLL).toContain('Kindertageseinrichtung');
    await page.waitForSelector('.facility-detail .map[data-map-ready]');
    await shot('facility-detail');
    await page.getByRole('link', { name: '← Alle Einrichtungen' }).click();
  });

  it('lets a planner compute E2SFCA accessibility per Ortsteil', async () => {
    await page.getByRole('button', { name: 'Anmelden' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
    await dialog.getByLabel('Benutzername').fill(USER);
    await dialog.getByLabel('Passwort').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.locator('.account-role').textContent(), POLL).toBe('Planung');
    expect(await page.getByRole('note').filter({ hasText: 'Kein Straßennetz verfügbar' }).count()).toBe(1);
    await page.getByLabel('Verfahren', { exact: true }).selectOption('e2sfca');
    await page.getByRole('button', { name: 'Erreichbarkeit berechnen' }).click();
    const rows = page.locator('table.access-table tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(63);
    const values = await rows.locator('td:last-child').allTextContents();
    expect(values.filter((v) => /^\d+,\d{3}$/.test(v)).length).toBeGreaterThan(55);
    expect(await page.locator('.access-summary').textContent()).toContain('ΣP·A');
    await pageReady(page, '__lernortFacilitiesReady');
    await shot('facilities-access');
    expect(pageErrors).toEqual([]);
  });
});
