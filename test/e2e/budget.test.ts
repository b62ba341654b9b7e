import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { root, startE2e, WAIT, type E2e } from './harness.ts';

// The budget page end to end: a fresh server with the Leipzig recipe, an MSS index run, a pot with
// last year's amounts and two damped scenarios prepared through the services; a planner signs in,
// compares the scenarios, reads why Grünau-Mitte gets its amount, and freezes one from the keyboard.

const USER = 'e2e-budget-planner';
const PASSWORD = 'e2e-budget-geheim';
let e2e: E2e;
let page: Page;

describe('budget page in the browser', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      user: { username: USER, password: PASSWORD, role: 'planner' },
      prepare: async (db) => {
        const indices = await import('../../src/modules/indices/service.ts');
        const pots = await import('../../src/modules/budget/pots.ts');
        const models = await import('../../src/modules/budget/models.ts');
        const scenarios = await import('../../src/modules/budget/scenarios.ts');
        const actor = { userId: null, name: 'e2e' };
        const mss = JSON.parse(fs.readFileSync(path.join(root, 'src/modules/indices/templates/mss.json'), 'utf8'));
        const run = await indices.createRun(db, { definition: { ...mss, key: 'mss_e2e' }, layer: 'ortsteil', period: '2019' }, actor);
        const pot = await pots.createPot(db.pool, { domain: 'offene_jugendarbeit', fiscalYear: 2026, fundingSource: 'Kommune', name: 'OKJA 2026', totalCents: 2_104_567_89 }, actor);
        const codes = run.results.map((r) => r.areaCode).sort();
        await pots.saveLastYear(db, pot.id, { layer: 'ortsteil', rows: codes.map((code, i) => ({ code, amountCents: (20000 + 400 * i) * 100 })) });
        for (const [key, file] of [['hamburg', 'jew-hamburg-2021.json'], ['rang', 'jew-rangvariante-isa.json']]) {
          await models.saveModel(db.pool, key, JSON.parse(fs.readFileSync(path.join(root, 'src/modules/budget/templates', file), 'utf8')), actor);
        }
        const common = { potId: pot.id, layer: 'ortsteil', period: '2019', population: 'einwohner', parameters: { floor: -0.05, cap: 0.1 } };
        await scenarios.createScenario(db, { ...common, name: 'Hamburg 0,8/0,2', model: { key: 'hamburg' }, need: { source: 'index-run', runId: run.id!, field: 'class-indicator' } }, actor);
        await scenarios.createScenario(db, { ...common, name: 'Rangvariante', model: { key: 'rang' }, need: { source: 'index-run', runId: run.id!, field: 'rank-score' } }, actor);
      },
    });
    page = e2e.page;
  }, 300_000);

  afterAll(async () => e2e?.close());

  it('lets a planner compare two scenarios, read the reasons for Grünau-Mitte and freeze one', async () => {
    await page.goto(`${e2e.url}/#/budget`);
    await page.getByRole('button', { name: 'Anmelden' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
    await dialog.getByLabel('Benutzername').fill(USER);
    await dialog.getByLabel('Passwort').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.locator('#budget-title').textContent(), { timeout: WAIT }).toBe('Mittelverteilung');
    await expect.poll(() => page.locator('table.budget-pots tbody tr').count()).toBe(1);
    const rows = page.locator('.budget-compare > table tbody tr');
    await expect.poll(() => rows.count(), { timeout: WAIT }).toBe(64);
    expect(await page.locator('.budget-compare tr.sum').first().textContent()).toContain('2.104.567,89');
    await expect.poll(() => page.locator('.budget-map img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.waitForSelector('.budget-chart svg');

    const why = page.getByRole('button', { name: 'Warum bekommt Grünau-Mitte diesen Betrag?' });
    await why.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.budget-why').textContent()).toContain('Die Teile ergeben den Betrag auf den Cent.');
    expect(await page.locator('.budget-why tbody tr').count()).toBe(8);
    await e2e.shot('budget-compare');

    await page.getByRole('button', { name: 'Als Beschluss einfrieren' }).first().focus();
    await page.keyboard.press('Enter');
    const freeze = page.getByRole('dialog', { name: /Vorschlag als Beschluss einfrieren/ });
    await freeze.getByLabel('Beschluss (Nummer der Vorlage)').fill('JHA-2026/017');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.budget-actions').first().textContent()).toContain('Beschlossen: JHA-2026/017');
    expect(await page.getByRole('link', { name: 'PDF' }).first().getAttribute('href')).toMatch(/export\.pdf\?lang=de$/);
    await e2e.shot('budget-frozen');
    expect(e2e.pageErrors).toEqual([]);
  });
});
