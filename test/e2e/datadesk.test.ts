// The data desk end to end, as an analyst in Chromium: import the messy kinderarmut.csv with the
// name confirmation, commit and find it on the atlas map; a rejected file changes nothing; the
// catalogue edits an indicator; the publication preview hides exactly the cells that the public
// API hides after publishing. Screenshots go to test-output/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { root, startE2e, WAIT, type E2e } from './harness.ts';
import { sharedDataDir } from '../integration/env.ts';
import type { Database } from '../../src/db/connection.ts';

const USER = 'e2e-analyst';
const PASSWORD = 'e2e-geheim-passwort';
const K = 150; // a high threshold for foreigners so that Leipzig's Ortsteile have cells to hide
const shots = path.join(root, 'test-output', 'screenshots');
const KINDERARMUT = path.join(sharedDataDir(), 'leipzig', 'raw', 'messy', 'kinderarmut.csv');

let e2e: E2e;
let page: Page;
let db: Database;

const shot = (name: string) => page.screenshot({ path: path.join(shots, `datadesk-${name}.png`), fullPage: true });
const count = async (sql: string, params: unknown[] = []) => (await db.pool.query<{ n: number }>(sql, params)).rows[0].n;

describe('data desk in the browser', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2e({
      user: { username: USER, password: PASSWORD, role: 'analyst' },
      prepare: async (database) => {
        db = database;
        await database.pool.query('UPDATE indicators SET suppression_k = $1 WHERE key = $2', [K, 'auslaender']);
        // The recipe publishes the open data; foreigners start unpublished so that publishing is seen.
        await database.pool.query("DELETE FROM publications WHERE indicator_id = (SELECT id FROM indicators WHERE key = 'auslaender')");
      },
    });
    page = e2e.page;
    page.on('dialog', (d) => void d.accept());
  }, 300_000);

  afterAll(async () => e2e?.close());

  it('offers the desk to nobody who is not signed in', async () => {
    await page.goto(`${e2e.url}/#/daten/import`);
    await expect.poll(() => page.locator('main').textContent()).toContain('Für diese Aktion müssen Sie angemeldet sein.');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Datenpflege' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Anmelden' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
    await dialog.getByLabel('Benutzername').fill(USER);
    await dialog.getByLabel('Passwort').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Datenpflege' }).count(), { timeout: WAIT }).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'Datei importieren' }).count(), { timeout: WAIT }).toBe(1);
  });

  it('imports kinderarmut.csv: detects the layout, confirms the suggested names one by one, commits', async () => {
    await page.getByLabel('Datei', { exact: true }).setInputFiles(KINDERARMUT);
    await expect.poll(() => page.getByLabel('Format').inputValue()).toBe('wide');
    expect(await page.getByLabel('Gebietsebene').inputValue()).toBe('ortsteil');
    expect(await page.getByLabel('Indikator-Schlüssel').inputValue()).toBe('kinderarmut');
    expect(await page.locator('.dd-detected').textContent()).toContain('ISO-8859-1');
    await page.getByLabel('Unbekannte Indikatoren mit Standard-Metadaten anlegen').check();
    expect(await page.getByRole('button', { name: 'Importieren' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Probelauf' }).click();
    await expect.poll(() => page.locator('.dd-status').textContent(), { timeout: WAIT }).toContain('Abgelehnt');
    const rows = page.locator('.dd-names tbody tr');
    // kinderarmut.csv has two misspelt Ortsteile (the other 61 match exactly or after normalising).
    const names = await rows.locator('th').allTextContents();
    expect(names).toEqual(['Grzschocher', 'Volksmarsdorf']);
    // Each name's first suggestion is preselected; Volksmarsdorf's is Volkmarsdorf.
    const volks = rows.filter({ hasText: 'Volksmarsdorf' });
    expect(await volks.locator('select option:checked').textContent()).toContain('Volkmarsdorf');
    // The errors carry file, line and field: Volksmarsdorf is on line 16.
    const err = page.locator('.dd-problems.dd-error tbody tr').filter({ hasText: 'Volksmarsdorf' }).first();
    expect(await err.locator('td').allTextContents()).toEqual(expect.arrayContaining(['kinderarmut.csv', '16', 'area']));
    await shot('import-names');

    // Confirm one by keyboard, the others by click.
    await volks.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await volks.getByRole('button').getAttribute('aria-pressed')).toBe('true');
    for (const name of names.filter((n) => n !== 'Volksmarsdorf')) await rows.filter({ hasText: name }).getByRole('button', { name: 'Bestätigen' }).click();
    await expect.poll(() => page.locator('.dd-names [role=status]').textContent()).toContain('Alle Namen sind bestätigt');

    // The mapping for next year's file, as JSON.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Zuordnung herunterladen/ }).click()]);
    expect(download.suggestedFilename()).toBe('namenszuordnung-kinderarmut.json');
    const mapping = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, string>;
    expect(Object.keys(mapping).sort()).toEqual([...names].sort());

    await page.getByRole('button', { name: 'Probelauf' }).click();
    await expect.poll(() => page.locator('.dd-status').textContent(), { timeout: WAIT }).toContain('Probelauf');
    expect(await count("SELECT count(*)::int AS n FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'kinderarmut'")).toBe(0);
    await page.getByRole('button', { name: 'Importieren' }).click();
    await expect.poll(() => page.locator('.dd-status').textContent(), { timeout: WAIT }).toContain('Importiert');
    const facts = await page.locator('.dd-report .dd-facts').textContent();
    expect(facts).toContain('Werte geschrieben189');
    expect(await count("SELECT count(*)::int AS n FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'kinderarmut'")).toBe(189);
    await shot('import-committed');
  });

  it('shows the new indicator on the atlas map', async () => {
    await page.getByRole('link', { name: 'Im Atlas ansehen' }).click();
    await page.waitForFunction(() => (window as unknown as { __lernortMapReady?: boolean }).__lernortMapReady === true, undefined, { timeout: WAIT });
    expect(await page.locator('#ctl-indicator').inputValue()).toBe('kinderarmut');
    expect(await page.locator('#ctl-layer').inputValue()).toBe('ortsteil');
    await shot('atlas-kinderarmut');
  });

  it('changes nothing for a rejected file', async () => {
    const before = await count('SELECT count(*)::int AS n FROM observations');
    const committed = await count("SELECT count(*)::int AS n FROM imports WHERE status = 'committed'");
    await page.goto(`${e2e.url}/#/daten/import`);
    await page.getByLabel('Datei', { exact: true }).setInputFiles({
      name: 'kaputt.csv', mimeType: 'text/csv', buffer: Buffer.from('gebiet;indikator;jahr;wert\n62;einwohner;2031;100\n21;einwohner;2031;200\n50;einwohner;2031;zwölf\n'),
    });
    await page.getByLabel('Gebietsebene').selectOption('ortsteil');
    await page.getByRole('button', { name: 'Probelauf' }).click();
    await expect.poll(() => page.locator('.dd-status').textContent(), { timeout: WAIT }).toContain('Abgelehnt');
    const message = await page.locator('.dd-problems.dd-error tbody tr').first().locator('td').allTextContents();
    expect(message[0]).toBe('kaputt.csv');
    expect(message[1]).toBe('4');
    expect(await page.getByRole('button', { name: 'Importieren' }).isDisabled()).toBe(true);
    await shot('import-rejected');
    expect(await count('SELECT count(*)::int AS n FROM observations')).toBe(before);
    expect(await count("SELECT count(*)::int AS n FROM observations WHERE period = '2031'")).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM imports WHERE status = 'committed'")).toBe(committed);
  });

  it('lists the import records and opens one with its report', async () => {
    await page.getByRole('link', { name: 'Importprotokoll', exact: true }).click();
    const rows = page.locator('table.dd-history tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    const committedRow = rows.filter({ hasText: 'kinderarmut.csv' }).filter({ hasText: 'Importiert' });
    expect(await committedRow.count()).toBe(1);
    expect(await committedRow.locator('td').nth(2).textContent()).toBe(USER);
    await committedRow.getByRole('link').click();
    await expect.poll(() => page.locator('.dd-record .dd-facts').textContent()).toContain('Werte geschrieben189');
    expect(await page.locator('.dd-record').textContent()).toContain('Volksmarsdorf → ');
    // Undo is offered only when the API documents it; the document itself must answer.
    const documented = await page.evaluate(async () => Object.keys(((await (await fetch('/api/docs/json')).json()) as { paths: object }).paths));
    expect(await page.getByRole('button', { name: 'Import rückgängig machen' }).count()).toBe(documented.includes('/api/imports/{id}/undo') ? 1 : 0);
    expect(documented).toContain('/api/publications/preview');
    await shot('history');
  });

  it('describes the new indicator in the catalogue, with the problem shown at its field', async () => {
    await page.goto(`${e2e.url}/#/daten/indikatoren/kinderarmut`);
    const form = page.locator('form.dd-form');
    await expect.poll(() => form.count()).toBe(1);
    await form.getByLabel('Name (deutsch)').fill('Kinderarmut');
    await form.getByLabel('Name (englisch)').fill('');
    await form.getByLabel('Nachkommastellen').fill('9');
    await form.getByRole('button', { name: 'Speichern' }).click();
    expect(await form.getByLabel('Name (englisch)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.dd-field-error').allTextContents()).toEqual(['Bitte ausfüllen.', 'Eine ganze Zahl von 0 bis 6.']);
    await shot('catalogue-invalid');
    await form.getByLabel('Name (englisch)').fill('Child poverty');
    await form.getByLabel('Nachkommastellen').fill('1');
    await form.getByLabel('Einheit (deutsch)').fill('%');
    await form.getByLabel('Einheit (englisch)').fill('%');
    await form.getByLabel('Polarität').selectOption('higher_is_worse');
    await form.getByLabel('Art', { exact: true }).selectOption('share');
    await form.getByLabel('Quelle', { exact: true }).fill('Stadt Leipzig');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.locator('.dd-ok').textContent()).toContain('„Kinderarmut“ gespeichert.');
    const row = (await db.pool.query("SELECT name_en, kind, decimals, polarity, suppression_k FROM indicators WHERE key = 'kinderarmut'")).rows[0];
    expect(row).toEqual({ name_en: 'Child poverty', kind: 'share', decimals: 1, polarity: 'higher_is_worse', suppression_k: 2 });
    await shot('catalogue');
  });

  it('previews the suppression and hides exactly what the public API hides after publishing', async () => {
    const period = (await db.pool.query("SELECT max(o.period) AS p FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'auslaender'")).rows[0].p as string;
    await page.goto(`${e2e.url}/#/daten/veroeffentlichung?indicator=auslaender`);
    await expect.poll(() => page.getByLabel('Indikator', { exact: true }).inputValue()).toBe('auslaender');
    await page.getByLabel('Zeitraum', { exact: true }).selectOption(period);
    const hidden = page.locator('table.dd-hidden-cells tbody tr');
    await expect.poll(() => hidden.count(), { timeout: WAIT }).toBeGreaterThan(0);
    const previewHidden = (await hidden.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')!))).sort();
    const counts = await page.locator('table.dd-preview-counts tbody tr').first().locator('td').allTextContents();
    expect(Number(counts[2]) + Number(counts[3]) + Number(counts[4])).toBe(previewHidden.length);
    await page.waitForSelector('.dd-map [data-map-ready]', { timeout: WAIT });
    await shot('publication-preview');
    // Nothing is public yet.
    expect(await page.evaluate(async (p) => (await fetch(`/api/public/observations?indicator=auslaender&period=${p}&layer=ortsteil`, { credentials: 'omit' })).status, period)).toBe(404);

    await page.getByRole('button', { name: /^Veröffentlichen/ }).click();
    await expect.poll(() => page.locator('.dd-ok').textContent(), { timeout: WAIT }).toContain('veröffentlicht');
    const pub = await page.evaluate(async (p) => (await fetch(`/api/public/observations?indicator=auslaender&period=${p}&layer=ortsteil`, { credentials: 'omit' })).json(), period) as { areaCode: string; display: string; value: number | null }[];
    expect(pub.filter((r) => r.display === '.').map((r) => r.areaCode).sort()).toEqual(previewHidden);
    expect(pub.filter((r) => r.value !== null && r.value >= 1 && r.value <= K)).toEqual([]);
    expect(previewHidden.length).toBeGreaterThan(0);
    const ownRows = () => page.locator('table.dd-publications tbody tr').filter({ has: page.locator('td:first-child code', { hasText: /^auslaender$/ }) });
    await expect.poll(() => ownRows().count()).toBe(1);
    expect(await ownRows().locator('td').nth(2).textContent()).toBe(period);
    await shot('publication-published');

    await page.getByRole('button', { name: /Veröffentlichung auslaender .* zurücknehmen/ }).click();
    await expect.poll(() => page.locator('.dd-ok').textContent()).toContain('zurückgenommen');
    expect(await page.evaluate(async (p) => (await fetch(`/api/public/observations?indicator=auslaender&period=${p}&layer=ortsteil`, { credentials: 'omit' })).status, period)).toBe(404);
  }, 180_000);

  it('speaks English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Publication', exact: true }).count()).toBe(1);
    await expect.poll(() => page.locator('table.dd-hidden-cells thead').textContent()).toContain('Reason');
    await shot('publication-en');
    await page.getByRole('link', { name: 'Import history' }).click();
    await expect.poll(() => page.locator('table.dd-history thead').textContent()).toContain('Rows read');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    expect(e2e.pageErrors).toEqual([]);
  });
});
