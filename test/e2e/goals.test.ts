import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { outDir, POLL, startE2e, WAIT, type E2e } from './harness.ts';

// Goals end to end, the "done when" story of issue 12 on the Leipzig demo: the Grünau coordinator
// opens a Bildungswerkstatt, a proposal gets votes and becomes a planning-area goal on the child
// SGB II rate (read in Grünau-Mitte, Ortsteil 63), an agreement with a provider goes draft →
// negotiated → signed (both parties, each in their own browser) → reporting, the provider fills in
// and submits its report, the coordinator accepts it, the goal shows its status with history, and
// the year's Wirksamkeitsdialog is finalised and exported (the PDF is a PDF). Screenshots at 1440
// and 390 px go to LERNORT_SHOTS_DIR (default test-output/e2e/goals).

const COORD = 'e2e-ziele-gruenau';
const PROVIDER = 'e2e-ziele-traeger';
const PASSWORD = 'e2e-geheim-passwort';
const ORG = 'Familienzentrum Grünau e. V. (E2E)';
const DUE = '2026-06-30';
const shots = process.env.LERNORT_SHOTS_DIR ?? path.join(outDir, 'goals');

let e2e: E2e;
let page: Page;
let providerContext: BrowserContext;
let provider: Page;
let agreementUrl = '';
let goalUrl = '';

/** Signs in through the header's dialog, then opens `url` (signing in lands on one's own work). */
async function signIn(p: Page, username: string, url: string): Promise<void> {
  await p.getByRole('button', { name: 'Anmelden' }).first().click();
  const dialog = p.getByRole('dialog', { name: 'Bei Lernort anmelden' });
  await dialog.getByLabel('Benutzername').fill(username);
  await dialog.getByLabel('Passwort').fill(PASSWORD);
  await dialog.getByLabel('Passwort').press('Enter');
  await dialog.waitFor({ state: 'detached' });
  // Coordinators land on their planning area, providers on their Träger page.
  await p.waitForFunction(() => /^#\/(koordination|traeger)\//.test(window.location.hash));
  // A fresh document, so no late hash change of the landing page can take the address back.
  await p.goto('about:blank');
  await p.goto(url);
}

/** Full-page screenshots at 1440 and 390 px, then back to the desktop width. */
async function shoot(p: Page, name: string): Promise<void> {
  for (const width of [1440, 390]) {
    await p.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await p.waitForFunction((w) => document.documentElement.clientWidth <= w, width);
    // Nothing may stick out sideways on a phone.
    if (width === 390) expect(await p.evaluate(() => document.documentElement.scrollWidth), `${name} at 390 px`).toBeLessThanOrEqual(390);
    await p.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await p.setViewportSize({ width: 1400, height: 900 });
}

describe('goals and goal agreements in the browser', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2e({
      prepare: async (db) => {
        const { createUser } = await import('../../src/modules/users/service.ts');
        const org = await db.pool.query<{ id: number }>("INSERT INTO organisations (name, kind) VALUES ($1, 'free') RETURNING id", [ORG]);
        await createUser(db, { username: COORD, password: PASSWORD, role: 'coordinator', displayName: 'Koordination Grünau', scope: { planningAreas: ['Gruenau'] } });
        await createUser(db, { username: PROVIDER, password: PASSWORD, role: 'provider', displayName: 'Träger Grünau', scope: { organisationId: org.rows[0].id } });
      },
    });
    page = e2e.page;
    page.on('dialog', (d) => void d.accept());
    providerContext = await e2e.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    provider = await providerContext.newPage();
    provider.setDefaultTimeout(WAIT);
  }, 300_000);

  afterAll(async () => {
    await providerContext?.close();
    await e2e?.close();
  });

  it('the coordinator opens a workshop; a proposal gets comments and votes within the budget', async () => {
    await page.goto(`${e2e.url}/#/ziele`);
    await signIn(page, COORD, `${e2e.url}/#/ziele`);
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe('Ziele und Zielvereinbarungen');
    await page.getByText('Neue Bildungswerkstatt').click();
    const form = page.getByRole('form', { name: 'Neue Bildungswerkstatt' });
    await form.getByLabel('Titel').fill('Bildungswerkstatt Grünau 2026');
    await expect.poll(() => form.getByLabel('Planungsraum').inputValue(), POLL).toBe('planungsraum/Gruenau');
    await form.getByLabel('Titel').press('Enter');
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe('Bildungswerkstatt Grünau 2026');

    for (const [title, text] of [['Weniger Kinderarmut in Grünau', 'Die SGB-II-Quote der unter 15-Jährigen sinkt.'], ['Mehr Ferienangebote', '']]) {
      await page.getByLabel('Titel des Vorschlags').fill(title);
      await page.getByLabel('Beschreibung').fill(text);
      await page.getByRole('button', { name: 'Einbringen' }).click();
      await expect.poll(() => page.locator('.proposal h4').allTextContents(), POLL).toContain(title);
    }
    await page.getByLabel('Kommentar zu „Weniger Kinderarmut in Grünau“').fill('Mit der Schulsozialarbeit verbinden.');
    await page.getByLabel('Kommentar zu „Weniger Kinderarmut in Grünau“').press('Enter');
    await expect.poll(() => page.locator('.comments').first().textContent(), POLL).toContain('Mit der Schulsozialarbeit verbinden.');

    // The budget is 5: 3 + 3 is refused in the form, 3 + 2 goes through.
    await page.getByLabel('Meine Stimmen für „Weniger Kinderarmut in Grünau“').fill('3');
    await page.getByLabel('Meine Stimmen für „Mehr Ferienangebote“').fill('3');
    expect(await page.getByTestId('votes-left').textContent()).toBe('Das sind 1 Stimmen zu viel.');
    expect(await page.getByRole('button', { name: 'Stimmen abgeben' }).isDisabled()).toBe(true);
    await page.getByLabel('Meine Stimmen für „Mehr Ferienangebote“').fill('2');
    await page.getByLabel('Meine Stimmen für „Mehr Ferienangebote“').press('Enter');
    await expect.poll(() => page.getByText('Ihre Stimmen sind gespeichert.').count(), POLL).toBe(1);
    expect(await page.locator('[data-testid=proposal-points]').allTextContents()).toEqual(['3 Stimmen · Platz 1', '2 Stimmen · Platz 2']);
    await shoot(page, 'workshop');
  });

  it('accepts the proposal into a planning-area goal on the child SGB II rate, linked to its origin', async () => {
    await page.locator('.proposal').first().getByRole('button', { name: 'Als Ziel annehmen' }).click();
    const form = page.getByRole('form', { name: 'Als Ziel annehmen' });
    expect(await form.getByLabel('Titel').inputValue()).toBe('Weniger Kinderarmut in Grünau');
    await form.getByLabel('Indikator', { exact: true }).selectOption('sgb2_anteil_kinder');
    await form.getByLabel('Ebene des Indikators').selectOption('ortsteil');
    await expect.poll(() => form.getByLabel('Indikator gelesen in').locator('option').count(), POLL).toBeGreaterThan(10);
    await form.getByLabel('Indikator gelesen in').selectOption('63');
    const ortsteil = (await form.getByLabel('Indikator gelesen in').locator('option:checked').textContent())!.replace(/ \(63\)$/, '');
    await form.getByRole('button', { name: /^Ausgangswert \d{4} übernehmen$/ }).click();
    expect(await form.getByLabel('niedriger ist besser').isChecked()).toBe(true);
    await form.getByLabel('Zieljahr').fill('2030');
    const base = Number((await form.getByLabel('Ausgangswert', { exact: true }).inputValue()));
    await form.getByLabel('Zielwert', { exact: true }).fill(String(Math.round(base * 0.5 * 10) / 10));
    await form.getByRole('button', { name: 'Als Ziel annehmen' }).click();
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe('Weniger Kinderarmut in Grünau');
    goalUrl = page.url();
    const status = page.getByTestId('goal-status');
    expect(await status.locator('.traffic-light').getAttribute('data-status')).not.toBe('not-computable');
    expect((await status.locator('.goal-reason').textContent())!.length).toBeGreaterThan(20);
    expect(await page.locator('.goal-facts').textContent()).toContain('Vorschlag Nr.');
    await expect.poll(() => page.locator('.goal-facts').textContent(), POLL).toContain(`Indikator gelesen in: ${ortsteil}`);
    await expect.poll(() => page.locator('.goal-facts').textContent(), POLL).toContain('SGB-II-Quote der Kinder unter 15 Jahren');
    // Actuals and the target line on one chart: two lines in the key, a drawn plot.
    expect(await page.locator('.series-key > span').allTextContents()).toEqual([' Ist-Werte', ' Ziellinie (Basis → Ziel)']);
    await expect.poll(() => page.locator('[data-testid=series-chart] svg').count(), POLL).toBe(1);
  });

  it('makes a goal agreement with the provider; both sign, each in their own session', async () => {
    await page.getByRole('link', { name: 'Zurück zur Übersicht' }).click();
    await page.getByText('Neue Zielvereinbarung (Entwurf)').click();
    const form = page.getByRole('form', { name: 'Neue Zielvereinbarung (Entwurf)' });
    await form.getByLabel('Träger').selectOption({ label: ORG });
    await form.getByLabel('Titel').fill('Zielvereinbarung Familienbildung Grünau 2026');
    await form.getByLabel('Weniger Kinderarmut in Grünau').check();
    await form.getByLabel(/^Maßnahmen/).fill('Elterncafé wöchentlich\nFerienprogramm mit der Schulsozialarbeit');
    await form.getByLabel(/^Berichtstermine/).fill(`${DUE}, 2026-12-31`);
    await form.getByRole('button', { name: 'Entwurf anlegen' }).click();
    await expect.poll(() => page.getByTestId('agreement-state').textContent(), POLL).toBe('Entwurf');
    agreementUrl = page.url();
    expect(await page.locator('.goal-actions button').allTextContents()).toEqual(['Zur Verhandlung stellen', 'Inhalt bearbeiten']);
    await page.getByRole('button', { name: 'Zur Verhandlung stellen' }).click();
    await expect.poll(() => page.getByTestId('agreement-state').textContent(), POLL).toBe('in Verhandlung');
    await page.getByRole('button', { name: 'Unterzeichnen' }).click();
    await expect.poll(() => page.getByText('Schritt ausgeführt: Unterzeichnen.').count(), POLL).toBe(1);

    await provider.goto(agreementUrl);
    await signIn(provider, PROVIDER, agreementUrl);
    await expect.poll(() => provider.getByTestId('agreement-state').textContent(), POLL).toBe('in Verhandlung');
    await provider.getByRole('button', { name: 'Unterzeichnen' }).click();
    await expect.poll(() => provider.getByTestId('agreement-state').textContent(), POLL).toBe('unterzeichnet');
    // Signed: read-only, no "new version" for the provider.
    expect(await provider.getByRole('note').textContent()).toContain('unveränderlich');
    expect(await provider.getByRole('button', { name: 'Neue Version anlegen' }).count()).toBe(0);

    await page.reload();
    await expect.poll(() => page.getByTestId('agreement-state').textContent(), POLL).toBe('unterzeichnet');
    expect(await page.getByRole('button', { name: 'Inhalt bearbeiten' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Neue Version anlegen' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Berichtsphase beginnen' }).click();
    await expect.poll(() => page.getByTestId('agreement-state').textContent(), POLL).toBe('Berichtsphase');
    // The June report is past due in December 2026 and not in: flagged.
    await expect.poll(() => page.locator('[data-testid=agreement-reports] tr.overdue th').allTextContents(), POLL).toContain(DUE);
    await expect.poll(() => page.locator('.goal-facts dd').nth(1).textContent(), POLL).toBe('Grünau');
    await shoot(page, 'agreement');
  });

  it('the provider fills in and submits its report; the coordinator accepts it', async () => {
    await provider.reload();
    await provider.getByRole('link', { name: `Bericht öffnen ${DUE}` }).click();
    await expect.poll(() => provider.locator('main h2').first().textContent(), POLL).toBe(`Bericht zum ${DUE}`);
    await provider.getByLabel('Förderung Jugendamt (€)').fill('45.000');
    await provider.getByLabel('Eigenmittel (€)').fill('2500,50');
    await provider.getByLabel('Drittmittel (€)').fill('1200');
    await provider.getByLabel('Anzahl Angebote').fill('3');
    await provider.locator('.rf-band', { hasText: '6–10' }).locator('input').fill('14');
    await provider.locator('.rf-band', { hasText: '10–15' }).locator('input').fill('9');
    await provider.getByRole('button', { name: 'Wohnort hinzufügen' }).click();
    await provider.getByLabel('Ortsteil (Schlüssel) 1').fill('63');
    await provider.getByLabel('Teilnehmende nach Wohnort (Ortsteil) 1').fill('23');
    await provider.getByRole('button', { name: 'Kennzahl hinzufügen' }).click();
    await provider.getByLabel('Kennzahl 1').fill('eltern_erreicht');
    await provider.getByLabel('Wert 1').fill('31');
    await provider.getByLabel('Beschreibung der Wirkung').fill('Mehr Eltern erreicht, vor allem Alleinerziehende.');
    await provider.getByLabel('Wirkung im Planungsraum (Impact)').fill('Noch nicht messbar.');
    await shoot(provider, 'report-form');
    await provider.getByRole('button', { name: 'Bericht einreichen' }).click();
    await expect.poll(() => provider.getByTestId('report-state').textContent(), POLL).toBe('eingereicht');
    expect(await provider.getByLabel('Eigenmittel (€)').inputValue()).toBe('2500,50');
    expect(await provider.getByLabel('Eigenmittel (€)').isDisabled()).toBe(true);

    await page.goto(`${agreementUrl}/bericht/${DUE}`);
    await expect.poll(() => page.getByTestId('report-state').textContent(), POLL).toBe('eingereicht');
    await page.getByLabel('Kommentar zur Prüfung').fill('Danke, vollständig.');
    await page.getByRole('button', { name: 'Bericht annehmen' }).click();
    await expect.poll(() => page.getByTestId('report-state').textContent(), POLL).toBe('angenommen');
  });

  it('the goal shows its status with the history at the reporting date', async () => {
    await page.goto(`${e2e.url}/#/ziele`);
    await expect.poll(() => page.locator('.goal-tree-root .goal-card').count(), POLL).toBe(2);
    await shoot(page, 'overview');
    await page.goto(goalUrl);
    await expect.poll(() => page.locator('[data-testid=goal-history] tbody tr').count(), POLL).toBe(1);
    const row = page.locator('[data-testid=goal-history] tbody tr').first();
    expect(await row.locator('th').textContent()).toBe(DUE);
    expect(await row.locator('.traffic-light').getAttribute('data-status')).toBe(await page.getByTestId('goal-status').locator('.traffic-light').getAttribute('data-status'));
    expect((await row.locator('td').last().textContent())!.length).toBeGreaterThan(20);
    await expect.poll(() => page.locator('.goal-facts').textContent(), POLL).toContain('SGB-II-Quote der Kinder unter 15 Jahren');
    await shoot(page, 'goal-detail');
  });

  it('holds the year’s Wirksamkeitsdialog, finalises it and exports it as PDF and DOCX', async () => {
    await page.goto(agreementUrl);
    await page.getByLabel('Jahr').fill('2026');
    await page.getByRole('button', { name: 'Wirksamkeitsdialog anlegen' }).click();
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe('Wirksamkeitsdialog 2026: Zielvereinbarung Familienbildung Grünau 2026');
    await page.getByLabel('Was hat gewirkt?').fill('Das Elterncafé ist gut besucht.');
    await page.getByLabel('Was hat nicht gewirkt?').fill('Wenige Väter erreicht.');
    await page.getByLabel('Was ändert sich?').fill('Samstagstermine.');
    await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
    await page.getByLabel('Aufgabe 1').fill('Vätertreff planen');
    await page.getByLabel('Verantwortlich 1').fill('Träger');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByText('Gespeichert.').count(), POLL).toBe(1);
    await expect.poll(() => page.locator('.dialogue-basis .goal-table tbody tr').count(), POLL).toBe(1);
    await page.getByRole('button', { name: 'Abschließen' }).click();
    await expect.poll(() => page.getByTestId('dialogue-state').textContent(), POLL).toMatch(/^Abgeschlossen am \d{4}-\d{2}-\d{2}; unveränderlich\.$/);
    // Finalised: the record as text, no field left to change.
    expect(await page.locator('.dialogue-form textarea, .dialogue-form input').count()).toBe(0);
    expect(await page.getByLabel('Was hat gewirkt?').textContent()).toBe('Das Elterncafé ist gut besucht.');
    expect(await page.locator('.dl-follow-list li').allTextContents()).toEqual(['Vätertreff planen (Träger)']);
    expect(await page.getByRole('button', { name: 'Speichern' }).count()).toBe(0);

    const pdfHref = await page.getByTestId('export-pdf').getAttribute('href');
    const pdf = await page.request.get(`${e2e.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
    const docx = await page.request.get(`${e2e.url}${await page.getByTestId('export-docx').getAttribute('href')}`);
    expect(docx.status()).toBe(200);
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
    await shoot(page, 'dialogue');
    expect(e2e.pageErrors).toEqual([]);
  });
});
