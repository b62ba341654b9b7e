import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

// The atlas end to end: the real server on a fresh data directory with the Leipzig recipe, the
// built client, Debian chromium. LERNORT_E2E_URL points the test at an already running server
// instead (useful while developing the client); LERNORT_E2E_SKIP_BUILD=1 reuses web/dist.

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = path.join(root, 'test-output', 'e2e');

interface MapReport { ready: boolean; key: string; features: number; colours: number; fills: string[] }
interface Running { url: string; close(): Promise<void> }

let app: Running;
let browser: Browser;
let page: Page;
let dataDir: string | null = null;
const pageErrors: string[] = [];

async function startServer(): Promise<Running> {
  const external = process.env.LERNORT_E2E_URL;
  if (external) return { url: external.replace(/\/$/, ''), close: async () => {} };
  dataDir = mkdtempSync(path.join(tmpdir(), 'lernort-e2e-'));
  const { startLernort } = await import('../../src/main.ts');
  const running = await startLernort({ port: 0, dataDir, initialRecipe: 'leipzig' });
  return { url: running.url.replace(/\/$/, ''), close: () => running.close() };
}

async function buildClient(): Promise<void> {
  if (process.env.LERNORT_E2E_SKIP_BUILD === '1' && existsSync(path.join(root, 'web/dist/index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

function shot(name: string) {
  return page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}

/** Waits until the map reports that it has drawn exactly this selection. */
async function mapDrawn(prefix: string): Promise<MapReport> {
  await page.waitForFunction(
    (p) => {
      const report = (window as unknown as { __lernortMap?: MapReport }).__lernortMap;
      return Boolean((window as unknown as { __lernortMapReady?: boolean }).__lernortMapReady && report?.key.startsWith(p));
    },
    prefix,
    { timeout: 30_000 },
  );
  return page.evaluate(() => (window as unknown as { __lernortMap: MapReport }).__lernortMap);
}

describe('atlas in the browser', () => {
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    await buildClient();
    app = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws the residents of every Ortsteil in 2024 in several colours', async () => {
    await page.goto(`${app.url}/#/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Lernort');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expect.poll(() => page.getByText('Sozialräumliches Bildungsmanagement').count()).toBeGreaterThan(0);

    await page.selectOption('#ctl-indicator', 'einwohner');
    await page.selectOption('#ctl-layer', 'ortsteil');
    await page.selectOption('#ctl-period', '2024');
    expect(await page.locator('label[for=ctl-indicator]').textContent()).toBe('Indikator');

    const report = await mapDrawn('einwohner|ortsteil|2024|');
    expect(report.features).toBe(63);
    expect(report.colours).toBeGreaterThan(1);
    // German number format in the legend: thousands dot, never a comma for thousands.
    const legend = (await page.locator('#atlas-legend').textContent()) ?? '';
    expect(legend).toMatch(/\d{1,3}\.\d{3}/);
    expect(legend).toContain('Personen');

    // Hover an area in the middle of the map: the tooltip names it.
    const box = (await page.locator('.map').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.map-tooltip').waitFor({ timeout: 5_000 });
    await shot('atlas-de');
  });

  it('shows the time series of Grünau-Mitte when its table row is clicked', async () => {
    await page.getByRole('button', { name: 'Grünau-Mitte', exact: true }).click();
    await page.locator('[data-testid=series-chart] svg').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.series-head h3').textContent()).toBe('Zeitreihe: Grünau-Mitte');
    expect(await page.locator('tr.selected th').textContent()).toContain('Grünau-Mitte');
    // Years on the axis are years, not "2.024".
    const ticks = await page.locator('[data-testid=series-chart] svg text').allTextContents();
    expect(ticks.some((t) => /^20\d\d$/.test(t.trim()))).toBe(true);
    expect(ticks.some((t) => /^2[.,]0\d\d$/.test(t.trim()))).toBe(false);
    await page.locator('.series-panel').scrollIntoViewIfNeeded();
    await shot('atlas-series-de');
  });

  it('selects an area by clicking the map', async () => {
    await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
    const box = (await page.locator('.map').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.45);
    await page.locator('.series-head h3').waitFor({ timeout: 5_000 });
    expect(await page.locator('.series-head h3').textContent()).toMatch(/^Zeitreihe: .+/);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('label[for=ctl-indicator]').textContent()).toBe('Indicator');
    expect(await page.locator('label[for=ctl-layer]').textContent()).toBe('Area level');
    expect(await page.locator('label[for=ctl-period]').textContent()).toBe('Period');
    expect(await page.getByText('Socio-spatial education management').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Data sources' }).count()).toBe(1);
    expect(await page.locator('.series-head h3').textContent()).toMatch(/^Time series: /);
    expect(await page.locator('.legend-title').textContent()).toContain('Legend');
    // The choice survives a reload.
    await page.reload();
    await mapDrawn('einwohner|ortsteil|2024|');
    expect(await page.locator('label[for=ctl-indicator]').textContent()).toBe('Indicator');
    // The selected area is part of the address, so its series comes back too.
    await page.locator('[data-testid=series-chart] svg').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.series-head h3').textContent()).toMatch(/^Time series: /);
    await shot('atlas-en');
  });

  it('lists the data sources', async () => {
    await page.getByRole('link', { name: 'Data sources' }).click();
    await page.locator('#sources-title').waitFor();
    expect(await page.locator('#sources-title').textContent()).toBe('Data sources');
    await page.locator('.source-list li, .sources .error, .sources p').first().waitFor();
    await shot('sources-en');
    // Back to German for whoever opens the browser profile next.
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    expect(pageErrors).toEqual([]);
  });
});
