import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, outDir, pageReady, startE2e, type E2e } from './harness.ts';

// The index builder end to end: an analyst signs in, builds the MSS index for the Leipzig
// Ortsteile 2019 from the template, sees classes on the map and rank intervals in the table, marks
// a focus area with a reason and downloads the run as CSV. Real server (Leipzig recipe, temporary
// data directory), built client, Debian chromium. LERNORT_E2E_URL uses a running server instead
// (then LERNORT_E2E_USER / LERNORT_E2E_PASSWORD name an analyst there).

const USER = process.env.LERNORT_E2E_USER ?? 'e2e-analyst';
const PASSWORD = process.env.LERNORT_E2E_PASSWORD ?? 'e2e-geheim-passwort';

interface DrawReport { key: string; areas: number; colours: number; fills: string[]; points: number }

let e2e: E2e;
let app: { url: string };
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

const shot = (name: string) => e2e.shot(name);

describe('index builder in the browser', () => {
  beforeAll(async () => {
    e2e = await startE2e({ user: { username: USER, password: PASSWORD, role: 'analyst' } });
    app = { url: e2e.url };
    browser = e2e.browser;
    page = e2e.page;
    pageErrors = e2e.pageErrors;
  });

  afterAll(async () => e2e?.close());

  it('signs in; a wrong password shows the server message in German', async () => {
    await page.goto(`${app.url}/#/index`);
    await page.getByRole('button', { name: 'Anmelden' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
    await dialog.getByLabel('Benutzername').fill(USER);
    await dialog.getByLabel('Passwort').fill('falsch-falsch-falsch');
    await dialog.getByLabel('Passwort').press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent(), POLL).toContain('Benutzername oder Passwort ist falsch');
    await dialog.getByLabel('Passwort').fill(PASSWORD);
    await dialog.getByLabel('Passwort').press('Enter');
    await expect.poll(() => page.locator('.account-role').textContent(), POLL).toBe('Analyse');
    await shot('index-signed-in');
  });

  it('builds the MSS index for the Ortsteile 2019 and shows classes and rank intervals', async () => {
    await page.getByLabel('Ausgangspunkt: Vorlage oder gespeicherte Definition').selectOption('tpl:mss');
    await expect.poll(() => page.getByLabel('Schlüssel', { exact: true }).inputValue(), POLL).toBe('mss');
    await page.getByLabel('Gebietsebene', { exact: true }).selectOption('ortsteil');
    await page.getByLabel('Zeitraum', { exact: true }).selectOption('2019');
    await page.getByRole('button', { name: 'Index berechnen' }).click();
    await pageReady(page, '__lernortIndexMapReady', { name: '__lernortIndexMap', startsWith: 'run-' });
    const report = await page.evaluate(() => (window as unknown as { __lernortIndexMap: DrawReport }).__lernortIndexMap);
    expect(report.areas).toBe(63);
    expect(report.colours).toBeGreaterThan(1);
    const table = page.locator('table.result-table');
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(63);
    expect(await table.locator('thead').textContent()).toContain('Rangintervall 5–95 %');
    expect(await table.locator('svg.interval-bar').count()).toBeGreaterThan(50);
    expect(await table.locator('tbody tr').first().locator('.interval-text').textContent()).toMatch(/^\d+–\d+$/);
    await shot('index-result');
  });

  it('marks one area as focus area with a reason and lists it', async () => {
    const first = page.locator('table.result-table tbody tr').first();
    const name = (await first.locator('th .row-button').textContent())!.trim();
    await first.getByRole('checkbox').check();
    await page.getByLabel('Begründung', { exact: true }).fill('Sehr niedriger Status (E2E-Test)');
    await page.getByLabel('Beschluss').fill('VII-DS-0000');
    await page.getByRole('button', { name: 'Als Schwerpunktgebiet festlegen' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Schwerpunktgebiet(e) festgelegt' }).count(), POLL).toBe(1);
    const list = page.locator('table.focus-table');
    await expect.poll(() => list.locator('tbody tr').count(), POLL).toBe(1);
    expect(await list.textContent()).toContain(name);
    expect(await list.textContent()).toContain('Sehr niedriger Status (E2E-Test)');
    // The map's draw key ends with the number of designated areas: wait for the redraw with one.
    await pageReady(page, '__lernortIndexMapReady', { name: '__lernortIndexMap', endsWith: '|1' });
    await shot('index-focus');
  });

  it('downloads the run as CSV with the contract columns', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV (Excel, deutsch)' }).click()]);
    const file = path.join(outDir, 'index-run.csv');
    await download.saveAs(file);
    const header = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    expect(header.split(';').slice(0, 11)).toEqual(['code', 'name', 'score', 'rank', 'class', 'class_label', 'dynamics_score', 'dynamics_class', 'dynamics_class_label', 'focus', 'excluded_reason']);
    expect(header).toContain('rank_p05');
    expect(pageErrors).toEqual([]);
  });
});
