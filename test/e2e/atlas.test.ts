import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, WAIT, outDir, startE2e, type E2e } from './harness.ts';

// The atlas end to end: the real server on a fresh data directory with the Leipzig recipe, the
// built client, Debian chromium. LERNORT_E2E_URL points the test at an already running server
// instead (useful while developing the client); LERNORT_E2E_SKIP_BUILD=1 reuses web/dist.


interface MapReport { ready: boolean; key: string; features: number; colours: number; fills: string[] }

let e2e: E2e;
let app: { url: string };
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

/** Waits until the map reports that it has drawn exactly this selection. */
async function mapDrawn(prefix: string): Promise<MapReport> {
  await page.waitForFunction(
    (p) => {
      const report = (window as unknown as { __lernortMap?: MapReport }).__lernortMap;
      return Boolean((window as unknown as { __lernortMapReady?: boolean }).__lernortMapReady && report?.key.startsWith(p));
    },
    prefix,
    { timeout: WAIT },
  );
  return page.evaluate(() => (window as unknown as { __lernortMap: MapReport }).__lernortMap);
}

const shot = (name: string) => e2e.shot(name);

describe('atlas in the browser', () => {
  beforeAll(async () => {
    e2e = await startE2e();
    app = { url: e2e.url };
    browser = e2e.browser;
    page = e2e.page;
    pageErrors = e2e.pageErrors;
  });

  afterAll(async () => e2e?.close());

  it('draws the residents of every Ortsteil in 2024 in several colours', async () => {
    await page.goto(`${app.url}/#/`);
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Lernort');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expect.poll(() => page.getByText('Sozialräumliches Bildungsmanagement').count(), POLL).toBeGreaterThan(0);

    await page.selectOption('#ctl-indicator', 'einwohner');
    await page.selectOption('#ctl-layer', 'ortsteil');
    expect(await page.locator('label[for=ctl-indicator]').textContent()).toBe('Indikator');
    // The period is a slider: End jumps to the latest year, Home to the first.
    const slider = page.locator('#ctl-period');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => slider.getAttribute('aria-valuetext'), POLL).toBe('2000');
    await page.keyboard.press('End');
    await expect.poll(() => slider.getAttribute('aria-valuetext'), POLL).toBe('2024');

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
    await page.locator('.map-tooltip').waitFor();
    await shot('atlas-de');
  });

  it('shows the time series of Grünau-Mitte when its table row is clicked', async () => {
    await page.getByRole('button', { name: 'Grünau-Mitte', exact: true }).click();
    await page.locator('[data-testid=series-chart] svg').first().waitFor();
    expect(await page.locator('.series-head h3').textContent()).toBe('Zeitreihe: Grünau-Mitte');
    expect(await page.locator('tr.selected th').textContent()).toContain('Grünau-Mitte');
    // Years on the axis are years, not "2.024".
    const ticks = await page.locator('[data-testid=series-chart] svg text').allTextContents();
    expect(ticks.some((t) => /^20\d\d$/.test(t.trim()))).toBe(true);
    expect(ticks.some((t) => /^2[.,]0\d\d$/.test(t.trim()))).toBe(false);
    await page.locator('.series-panel').scrollIntoViewIfNeeded();
    await shot('atlas-series-de');
  });

  it('aggregates a selection of areas on the server as Σ numerator / Σ denominator', async () => {
    await page.selectOption('#ctl-indicator', 'auslaenderanteil');
    await mapDrawn('auslaenderanteil|ortsteil|2024|');
    // Grünau-Mitte stays selected; the checkboxes add the other Grünau Ortsteile.
    for (const name of ['Grünau-Ost', 'Grünau-Nord', 'Grünau-Siedlung', 'Lausen-Grünau']) {
      await page.getByRole('checkbox', { name: `${name} zur Auswahl hinzufügen` }).check();
    }
    await expect.poll(() => page.locator('.series-head h3').textContent(), POLL).toBe('Zeitreihen: 5 Gebiete');
    const box = page.locator('[data-testid=aggregate]');
    await expect.poll(() => box.textContent(), POLL).toContain('Ausländeranteil der Auswahl 2024');
    // 10,314 foreign nationals of 49,595 residents (sum of the five Ortsteile) = 20.8 %.
    expect(await box.textContent()).toContain('20,8');
    expect(await box.textContent()).toContain('kein Mittelwert von Quoten');
    await page.locator('[data-testid=series-chart] svg').first().waitFor();
    await page.locator('.series-panel').scrollIntoViewIfNeeded();
    await shot('atlas-selection-de');
  });

  it('draws a change map between two periods', async () => {
    await page.selectOption('#ctl-compare', '2014');
    await page.getByRole('radio', { name: 'Veränderung' }).check();
    const report = await mapDrawn('auslaenderanteil|ortsteil|2024|quantile|change|2014|');
    expect(report.features).toBe(63);
    expect(report.colours).toBeGreaterThan(1);
    expect(await page.locator('#atlas-legend').textContent()).toContain('Veränderung 2014 → 2024');
    expect(await page.locator('.area-table thead').textContent()).toContain('Δ seit 2014');
    await shot('atlas-change-de');
    await page.getByRole('radio', { name: 'Werte' }).check();
    await page.selectOption('#ctl-compare', '');
  });

  it('opens the profile of Grünau-Mitte with its sections and honest gaps', async () => {
    await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
    await page.selectOption('#ctl-area', '62');
    await page.getByRole('link', { name: 'Steckbrief öffnen' }).click();
    await page.locator('#profile-title').waitFor();
    expect(await page.locator('#profile-title').textContent()).toBe('Steckbrief: Grünau-Mitte');
    const text = (await page.locator('.profile').textContent()) ?? '';
    for (const heading of ['Eckdaten', 'Bevölkerung nach Altersgruppen', 'Soziale Lage', 'Jugend', 'Bildung']) expect(text).toContain(heading);
    // Residents 2024 as in the table, with the city to compare.
    expect(await page.locator('tr[data-slot=residents]').textContent()).toContain('14.046');
    // Leipzig's bundle has no age bands: the profile says so instead of inventing numbers.
    expect(await page.locator('tr[data-slot=age_u6]').textContent()).toContain('keine Daten');
    expect(text).toContain('keine Altersgruppen');
    await shot('profile-de');
  });

  it('shows where the area lies, reads its sparklines by their axes and prints without overlaps (§12)', async () => {
    // The profile of the previous test: a locator map with this area highlighted among the others.
    await page.locator('[data-testid=locator-map] path.here').waitFor({ timeout: WAIT });
    expect(await page.locator('[data-testid=locator-map] path').count()).toBeGreaterThan(50);
    expect(await page.locator('[data-testid=locator-map] svg').getAttribute('aria-label')).toContain('Grünau-Mitte');
    // Sparklines carry their first and last year and their value range.
    const spark = page.locator('tr[data-slot=residents] svg.spark');
    expect(await spark.locator('.ax-first').textContent()).toMatch(/^20\d\d$/);
    expect(await spark.locator('.ax-last').textContent()).toBe('2024');
    expect(await spark.locator('.ax-max').textContent()).toMatch(/\d/);
    // Browser print on A4 (794 px): columns line up across sections, and no cell's content runs
    // into its neighbour (the city's 632.562 Personen did before the value could wrap).
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    try {
      const layout = await page.evaluate(() => {
        const tables = [...document.querySelectorAll('.profile-table')];
        const columnStarts = tables.map((t) => [...t.querySelectorAll('thead th')].map((th) => Math.round(th.getBoundingClientRect().left)).join(','));
        const overflowing = [...document.querySelectorAll('.profile-table td, .profile-table th')]
          .filter((c) => c.scrollWidth > c.clientWidth + 1)
          .map((c) => `${c.closest('tr')?.getAttribute('data-slot')}: ${c.textContent?.trim().slice(0, 40)}`);
        return { columnStarts: [...new Set(columnStarts)], overflowing, pageWidth: document.documentElement.scrollWidth };
      });
      expect(layout.columnStarts).toHaveLength(1);
      expect(layout.overflowing).toEqual([]);
      expect(layout.pageWidth).toBeLessThanOrEqual(794);
      await shot('profile-print');
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('downloads the CSV of the map on screen (German dialect)', async () => {
    await page.goto(`${app.url}/#/?indicator=auslaenderanteil&layer=ortsteil&period=2024`);
    await mapDrawn('auslaenderanteil|ortsteil|2024|');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-download=csv-de]').click()]);
    const file = path.join(outDir, 'download.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Gebietsschlüssel;Gebiet;Ebene;Zeitraum;Indikator;Wert;Einheit;Zähler;Nenner;Hinweise');
    expect(lines.length).toBe(64);
    const gm = lines.find((l) => l.startsWith('62;'))!;
    // An anonymous visitor gets the public table: the value, never the numerator/denominator pair.
    expect(gm).toMatch(/^62;Grünau-Mitte;Ortsteile;2024;Ausländeranteil;\d+,\d+;%;;;$/);
  });

  it('serves the profile as a PDF with pages', async () => {
    const res = await page.request.get(`${app.url}/api/areas/ortsteil/62/profile.pdf`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    writeFileSync(path.join(outDir, 'profile-gruenau-mitte.pdf'), pdf);
  });

  it('switches to English', async () => {
    await page.goto(`${app.url}/#/?indicator=einwohner&layer=ortsteil&period=2024&areas=62`);
    await mapDrawn('einwohner|ortsteil|2024|');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('label[for=ctl-indicator]').textContent()).toBe('Indicator');
    expect(await page.locator('label[for=ctl-layer]').textContent()).toBe('Area level');
    expect(await page.locator('label[for=ctl-period]').textContent()).toContain('Period');
    expect(await page.getByText('Socio-spatial education management').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Data sources' }).count()).toBe(1);
    expect(await page.locator('.legend-title').textContent()).toContain('Legend');
    // The choice survives a reload; the selected area is part of the address.
    await page.reload();
    await mapDrawn('einwohner|ortsteil|2024|');
    expect(await page.locator('label[for=ctl-indicator]').textContent()).toBe('Indicator');
    await page.locator('[data-testid=series-chart] svg').first().waitFor();
    expect(await page.locator('.series-head h3').textContent()).toBe('Time series: Grünau-Mitte');
    await shot('atlas-en');
    await page.getByRole('link', { name: 'Open area profile' }).click();
    await page.locator('#profile-title').waitFor();
    expect(await page.locator('#profile-title').textContent()).toBe('Area profile: Grünau-Mitte');
    expect(await page.locator('tr[data-slot=age_u6]').textContent()).toContain('no data');
    await shot('profile-en');
  });

  it('shows an indicator page and lists the data sources', async () => {
    await page.goto(`${app.url}/#/indikator/auslaenderanteil`);
    await page.locator('#indicator-title').waitFor();
    const facts = (await page.locator('.facts').textContent()) ?? '';
    expect(facts).toContain('Licence');
    expect(facts).toContain('2024');
    await shot('indicator-en');
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
