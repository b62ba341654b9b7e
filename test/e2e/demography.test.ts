import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outDir, POLL, startE2e, type E2e } from './harness.ts';
import { projectRoot } from '../../src/config.ts';

// The demography section of the area profile and the typology map, end to end on the Leipzig data
// with the published forecasts imported: an analyst sees Grünau-Mitte's three broad age groups
// marked as estimates, the projection chart with its low–high band, the backtest beside the naive
// baseline and the published forecasts, and the "Bevölkerungsprognose" line filled; anonymous
// visitors are asked to sign in instead.

const USER = 'e2e-demography';
const PASSWORD = 'e2e-geheim-passwort';
const prognose = (f: string) => path.join(process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data'), 'leipzig', 'prognose', f);
let e2e: E2e;
let page: Page;

describe('demography in the browser', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      user: { username: USER, password: PASSWORD, role: 'analyst' },
      async prepare(db) {
        const demography = await import('../../src/modules/demography/service.ts');
        for (const f of ['published-forecasts.csv', 'rbv7-kreisfreie-stadt-leipzig.pdf']) {
          await demography.importPublished(db, { bytes: fs.readFileSync(prognose(f)), file: f, actor: { name: 'e2e' } });
        }
      },
    });
    page = e2e.page;
  }, 300_000);

  afterAll(async () => e2e?.close());

  it('shows age structure, projection with band and backtest in the profile of Grünau-Mitte', async () => {
    await page.goto(`${e2e.url}/#/gebiet/ortsteil/62`);
    await expect.poll(() => page.getByTestId('demography-section').textContent(), POLL).toContain('bitte anmelden');
    await page.getByRole('button', { name: 'Anmelden' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
    await dialog.getByLabel('Benutzername').fill(USER);
    await dialog.getByLabel('Passwort').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByTestId('demography-ready').waitFor({ timeout: POLL.timeout });
    const age = page.getByTestId('demo-age');
    expect(await age.locator('tbody tr[data-estimated="true"]').count()).toBe(3);
    expect(await age.textContent()).toContain('Geschätzt aus Jugend- und Altenquote, 2020');
    expect(await page.getByTestId('demography-section').textContent()).toContain('Bevölkerungspyramide');
    await expect.poll(() => page.getByTestId('demo-band').count()).toBe(1);
    const proj = page.getByTestId('demo-projection');
    expect(await proj.locator('tr[data-year="2040"]').count()).toBe(1);
    const bt = await page.getByTestId('demo-backtest').textContent();
    expect(bt).toContain('2012 → 2020');
    expect(bt).toContain('7,4 %'); // MAPE of the chosen method over 63 Ortsteile, 2012 → 2020
    expect(bt).toContain('11,1 %'); // the naive constant baseline
    expect(bt).toContain('Wegweiser');
    expect(bt).toContain('Band um +2,6 % verfehlt');
    // The key-figures line is no longer "keine Daten".
    expect(await page.getByTestId('profile-forecast').textContent()).toMatch(/\d{1,3}\.\d{3}.*Prognose/);
    await page.getByTestId('demography-section').screenshot({ path: path.join(outDir, 'demography-section.png') });
    expect(e2e.pageErrors).toEqual([]);
  });

  it('draws the typology map with its types', async () => {
    await page.goto(`${e2e.url}/#/demografie/typen`);
    await page.getByTestId('typology-profiles').waitFor({ timeout: POLL.timeout });
    await page.waitForFunction(() => (window as unknown as { __lernortMapReady?: boolean }).__lernortMapReady === true, undefined, { timeout: POLL.timeout });
    expect(await page.getByTestId('typology-quality').textContent()).toMatch(/k = \d; Silhouette 0,\d\d/);
    expect(await page.locator('.typ-legend li').count()).toBeGreaterThanOrEqual(2);
    await e2e.shot('demography-typology');
    expect(e2e.pageErrors).toEqual([]);
  });
});
