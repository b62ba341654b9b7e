// What a first-time visitor sees (issue 19, §1–§3, §5): the landing map the deployment chose, no
// colours under another indicator's name, implausible all-zero series flagged, every source listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2e, WAIT, type E2e } from './harness.ts';
import { mapDrawn } from './map.ts';
import { publish } from '../../src/modules/publication/service.ts';

let e2e: E2e;
let page: Page;

describe('what a visitor sees on the atlas', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      // A published indicator that has no values yet (like supply before anyone computes it).
      prepare: async (db) => {
        await db.pool.query(
          "INSERT INTO indicators (key, name_de, name_en, unit, topic, kind) VALUES ('plaetze_test', 'Plätze: Testeinrichtung', 'Places: test facility', 'Plätze', 'versorgung', 'count')",
        );
        await publish(db.pool, { indicator: 'plaetze_test' }, 'e2e');
      },
    });
    page = e2e.page;
  }, 240_000);

  afterAll(async () => e2e?.close());

  it('opens on the recipe\'s default indicator in its latest year, not the first alphabetically', async () => {
    await page.goto(`${e2e.url}/#/`);
    const report = await mapDrawn(page, 'sgb2_quote|ortsteil|2019|');
    expect(await page.locator('#ctl-indicator').inputValue()).toBe('sgb2_quote');
    expect(report.colours).toBeGreaterThan(1);
    expect(await page.locator('#map-heading').textContent()).toContain('SGB-II-Quote');
  });

  it('clears the colours and says "keine Werte" for an indicator without values', async () => {
    const before = await mapDrawn(page, 'sgb2_quote|');
    await page.selectOption('#ctl-indicator', 'plaetze_test');
    const report = await mapDrawn(page, 'plaetze_test|ortsteil|');
    // Every area in the "no data" grey: none of the SGB II class colours survives.
    expect(report.features).toBe(63);
    expect(report.fills).toEqual(['#d9d9d9']);
    expect(before.fills.filter((f) => f !== '#d9d9d9').length).toBeGreaterThan(1);
    expect(await page.locator('#map-heading').textContent()).toContain('Plätze: Testeinrichtung');
    expect(await page.locator('#atlas-legend').textContent()).toMatch(/keine Werte/i);
    // No table of old values beside an empty map either.
    expect(await page.locator('.area-table tbody').textContent()).not.toMatch(/\d+,\d/);
  });

  it('flags a period in which every area is 0 as implausible (Langzeitarbeitslose 2018)', async () => {
    await page.goto(`${e2e.url}/#/?indicator=alo_langzeit&layer=ortsteil&period=2018`);
    await mapDrawn(page, 'alo_langzeit|ortsteil|2018|');
    const warning = page.locator('[data-testid=implausible]');
    await warning.waitFor({ timeout: WAIT });
    expect(await warning.textContent()).toContain('Unplausibel');
    // A year with real values carries no such warning.
    await page.goto(`${e2e.url}/#/?indicator=alo_langzeit&layer=ortsteil&period=2015`);
    await mapDrawn(page, 'alo_langzeit|ortsteil|2015|');
    expect(await page.locator('[data-testid=implausible]').count()).toBe(0);
  });

  it('loads the atlas anonymously without a single 401 or console error (GET /api/auth/me says "nobody")', async () => {
    const failures: string[] = [];
    const consoleErrors: string[] = [];
    const me: number[] = [];
    const onResponse = (r: import('playwright-core').Response) => {
      if (r.url().includes('/api/auth/me')) me.push(r.status());
      if (r.status() >= 400) failures.push(`${r.status()} ${new URL(r.url()).pathname}`);
    };
    const onConsole = (m: import('playwright-core').ConsoleMessage) => { if (m.type() === 'error') consoleErrors.push(m.text()); };
    await page.goto('about:blank'); // a real page load, not a change of the address's hash
    page.on('response', onResponse);
    page.on('console', onConsole);
    await page.goto(`${e2e.url}/#/?indicator=einwohner&layer=ortsteil&period=2024&areas=62`);
    await mapDrawn(page, 'einwohner|ortsteil|2024|');
    await page.locator('[data-testid=series-chart] svg').first().waitFor({ timeout: WAIT });
    page.off('response', onResponse);
    page.off('console', onConsole);
    expect(me.length).toBeGreaterThan(0);
    expect(me.every((s) => s === 200)).toBe(true);
    expect(failures).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // Still anonymous: the sign-in button is offered.
    expect(await page.locator('.account-button', { hasText: 'Anmelden' }).count()).toBe(1);
  });

  it('sends compressed answers, caches hashed assets for a year and loads no map code on the sources page', async () => {
    await page.goto('about:blank');
    const responses: import('playwright-core').Response[] = [];
    const onResponse = (r: import('playwright-core').Response) => { responses.push(r); };
    page.on('response', onResponse);
    await page.goto(`${e2e.url}/#/quellen`);
    await page.locator('.source-list li').first().waitFor({ timeout: WAIT });
    page.off('response', onResponse);
    const shell = responses.find((r) => new URL(r.url()).pathname === '/')!;
    expect(shell.headers()['cache-control']).toBe('no-cache');
    const scripts = responses.filter((r) => /\/assets\/.+\.js$/.test(new URL(r.url()).pathname));
    expect(scripts.length).toBeGreaterThan(0);
    for (const r of scripts) {
      expect(r.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
      if (Number(r.headers()['content-length'] ?? 2000) > 1024) expect(['br', 'gzip']).toContain(r.headers()['content-encoding']);
    }
    // Code splitting: the sources page runs without MapLibre (the whole client was 1.48 MB).
    const jsBytes = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || e.name.endsWith('.js'))
      .reduce((sum, e) => sum + (e as PerformanceResourceTiming).decodedBodySize, 0));
    expect(jsBytes).toBeGreaterThan(0);
    expect(jsBytes).toBeLessThan(500_000);
    // API answers are compressed too (the outlines are the biggest).
    const areas = await page.request.get(`${e2e.url}/api/areas?layer=ortsteil&simplify=20`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(areas.headers()['content-encoding']).toBe('br');
    expect((await areas.json()).features.length).toBe(63);
  });

  it('finds an area by name in the search box and selects it (§11)', async () => {
    await page.goto(`${e2e.url}/#/?indicator=einwohner&layer=ortsteil&period=2024`);
    await mapDrawn(page, 'einwohner|ortsteil|2024|');
    const search = page.getByTestId('area-search');
    await search.fill('lausen');
    await search.press('Enter');
    await expect.poll(() => page.locator('tr.selected th').textContent()).toContain('Lausen-Grünau');
    await search.fill('Grünau');
    await search.press('Enter');
    await expect.poll(() => page.locator('.area-search [role=status]').textContent()).toContain('Treffer');
  });

  it('lists every source of the recipe on "Datenquellen", Kitas, playgrounds and schools included', async () => {
    await page.goto(`${e2e.url}/#/quellen`);
    await page.locator('.source-list li').first().waitFor({ timeout: WAIT });
    const titles = await page.locator('.source-list li').allTextContents();
    const all = titles.join('\n');
    for (const expected of ['Kindertageseinrichtungen', 'Spielplätze', 'Schulen', 'Planungsräume der Jugendhilfe', 'Einwohner 2000–2024']) expect(all).toContain(expected);
    expect(all).toContain('mrzmyr/leipzig-maps');
    expect(e2e.pageErrors).toEqual([]);
  });
});
