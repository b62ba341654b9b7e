import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2e, WAIT, type E2e } from './harness.ts';

// The uptake page end to end: an analyst signs in and sees, for a service with two age bands whose
// counts were imported for every Leipzig Ortsteil, the map of the rate and of the standardised ratio,
// the table with intervals and the under-served focus area. Keyboard only: the view is switched with
// the arrow keys of the radio group.

const USER = 'e2e-analyst';
const PASSWORD = 'e2e-geheim-passwort';
let e2e: E2e;
let page: Page;

// a seeded generator, so the picture is the same on every run
function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296);
}

describe('uptake in the browser', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      user: { username: USER, password: PASSWORD, role: 'analyst' },
      async prepare(db) {
        const indicators = await import('../../src/modules/indicators/service.ts');
        const imports = await import('../../src/modules/imports/service.ts');
        const uptake = await import('../../src/modules/uptake/service.ts');
        const indices = await import('../../src/modules/indices/service.ts');
        const areas = (await db.pool.query<{ code: string }>(`SELECT a.code FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = 'ortsteil' AND a.valid_to IS NULL ORDER BY a.code`)).rows;
        const rnd = lcg(13);
        const pop = new Map(areas.map((a) => [a.code, [200 + Math.floor(rnd() * 900), 250 + Math.floor(rnd() * 1000)]]));
        for (const [i, band] of ['6_9', '10_14'].entries()) {
          const key = `kinder_${band}`;
          await indicators.saveIndicator(db.pool, { key, name: `Kinder ${band.replace('_', '–')}`, nameEn: `Children ${band.replace('_', '–')}`, unit: 'Personen', unitEn: 'persons', topic: 'bevoelkerung', polarity: 'neutral', kind: 'count', scale: 1, decimals: 0, suppressionK: 2 });
          const records = areas.map((a, n) => ({ area: { code: a.code, name: a.code }, layer: 'ortsteil', indicator: key, period: '2025', value: pop.get(a.code)![i], flags: {}, line: n + 1 }));
          await imports.importObservations(db, { file: `${key}.e2e`, bytes: key, format: 'e2e', read: { records, errors: [], warnings: [], rowsRead: records.length }, actor: { userId: null, name: 'e2e' }, dryRun: false, resolve: { layer: 'ortsteil' } });
        }
        await uptake.saveService(db.pool, 'ferienpass', {
          name: 'Ferienpass', nameEn: 'Holiday pass', domain: 'kulturelle_bildung', ageBands: [
            { label: '6-9', min: 6, max: 9, populationIndicator: 'kinder_6_9' }, { label: '10-14', min: 10, max: 14, populationIndicator: 'kinder_10_14' },
          ],
        });
        for (const period of ['2024', '2025']) {
          const lines = ['Gebiet;Altersgruppe;Teilnehmende'];
          for (const a of areas) {
            const [p1, p2] = pop.get(a.code)!;
            const low = a.code.startsWith('6') ? 0.4 : 1; // Grünau and the west reach fewer children
            lines.push(`${a.code};6-9;${Math.round(p1 * (0.1 + rnd() * 0.15) * low)}`, `${a.code};10-14;${Math.round(p2 * (0.05 + rnd() * 0.1) * low)}`);
          }
          await uptake.importParticipants(db, 'ferienpass', { upload: { file: 'ferienpass.csv', bytes: Buffer.from(lines.join('\n')) }, options: { layer: 'ortsteil', period, dryRun: false }, actor: { userId: null, name: 'e2e' }, dataRoot: '' });
        }
        await indices.designateFocusAreas(db, { layer: 'ortsteil', codes: ['62', '63'], validFrom: '2020-01-01', reason: 'e2e' }, { name: 'e2e' });
      },
    });
    page = e2e.page;
  }, 300_000);

  afterAll(async () => e2e?.close());

  it('shows the map, the intervals and the under-served focus areas to a signed-in analyst', async () => {
    await page.goto(`${e2e.url}/#/inanspruchnahme`);
    await expect.poll(() => page.locator('main').textContent()).toContain('Bitte melden Sie sich an');
    await page.getByRole('button', { name: 'Anmelden' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
    await dialog.getByLabel('Benutzername').fill(USER);
    await dialog.getByLabel('Passwort').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Anmelden' }).click();
    const rows = page.locator('table.uptake-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: WAIT }).toBe(63);
    await expect.poll(() => page.locator('.uptake-underserved li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Grünau-Mitte')]));
    await page.waitForFunction(() => (window as unknown as { __lernortMapReady?: boolean }).__lernortMapReady === true, undefined, { timeout: WAIT });
    await e2e.shot('uptake-rate');
    // keyboard: focus the first radio and move to the ratio with the arrow key
    await page.getByRole('radio', { name: 'Inanspruchnahme (%)' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /Standardisiertes Verhältnis/ }).isChecked()).toBe(true);
    await page.waitForFunction(() => (window as unknown as { __lernortMap?: { ready: boolean; key: string } }).__lernortMap?.key.endsWith('|ratio') === true, undefined, { timeout: WAIT });
    await e2e.shot('uptake-ratio');
    expect(e2e.pageErrors).toEqual([]);
  });
});
