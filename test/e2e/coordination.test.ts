import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2e, WAIT, type E2e } from './harness.ts';

// Coordination end to end: the Grünau coordinator signs in, lands on the Grünau page, creates the
// Planungsraumarbeitskreis, adds a member, schedules a monthly meeting, holds it (attendance,
// minutes, a decision), finalises it and opens the subscribe dialog — by keyboard where it matters.
// Real server (Leipzig recipe, fresh data directory, reminders queue running), built client, chromium.

const USER = 'e2e-koordination-gruenau';
const PASSWORD = 'e2e-geheim-passwort';

let e2e: E2e;
let page: Page;

describe('coordination in the browser', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      prepare: async (db) => {
        const { createUser } = await import('../../src/modules/users/service.ts');
        await createUser(db, { username: USER, password: PASSWORD, role: 'coordinator', displayName: 'Koordination Grünau', scope: { planningAreas: ['Gruenau'] } });
      },
    });
    page = e2e.page;
    page.on('dialog', (d) => void d.accept());
  }, 300_000);

  afterAll(async () => e2e?.close());

  it('signs in and lands on the Grünau page with indicators and facilities', async () => {
    await page.goto(`${e2e.url}/#/koordination`);
    await page.getByRole('button', { name: 'Anmelden' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
    await dialog.getByLabel('Benutzername').fill(USER);
    await dialog.getByLabel('Passwort').fill(PASSWORD);
    await dialog.getByLabel('Passwort').press('Enter');
    await expect.poll(() => page.locator('main h2').first().textContent(), { timeout: WAIT }).toBe('Planungsraum Grünau');
    await expect.poll(() => page.getByRole('heading', { name: /^Einrichtungen \(\d+\)$/ }).count()).toBe(1);
    expect(await page.locator('.coord-table tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('.coord-table').textContent()).toContain('Einwohnerinnen und Einwohner');
    await e2e.shot('coordination-area');
  });

  it('creates the Planungsraumarbeitskreis and schedules a monthly meeting', async () => {
    await page.getByRole('link', { name: 'Arbeitskreise und Netzwerke' }).first().click();
    await page.getByLabel('Art', { exact: true }).selectOption('planungsraumarbeitskreis');
    await page.getByLabel('Name', { exact: true }).fill('Planungsraumarbeitskreis Grünau');
    expect(await page.getByLabel('Planungsraum', { exact: true }).inputValue()).toBe('planungsraum/Gruenau');
    await page.getByLabel('Name', { exact: true }).press('Enter');
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Planungsraumarbeitskreis Grünau');

    await page.getByLabel('Person (Name, E-Mail)', { exact: true }).last().fill('Erika Muster');
    await page.getByLabel('E-Mail', { exact: true }).fill('erika@example.org');
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => page.locator('.coord-list').first().textContent()).toContain('Erika Muster');

    await page.getByLabel('Beginn (Ortszeit Europe/Berlin)').fill('2026-03-10T16:00');
    await page.getByLabel('Wiederholung', { exact: true }).selectOption('monthly');
    await page.getByLabel('Ort', { exact: true }).fill('Stadtteilbibliothek Grünau');
    await page.getByRole('button', { name: 'Planen' }).click();
    await expect.poll(() => page.locator('[data-testid=meeting-status]').textContent(), { timeout: WAIT }).toBe('geplant');
    expect(await page.locator('.coord-facts').textContent()).toContain('10.03.2026, 16:00–18:00 (Europe/Berlin)');
    await e2e.shot('coordination-meeting-planned');
  });

  it('holds the meeting with attendance, an item, minutes and a decision, and finalises it', async () => {
    await page.getByRole('button', { name: 'Als stattgefunden markieren' }).click();
    await expect.poll(() => page.locator('[data-testid=meeting-status]').textContent()).toBe('stattgefunden');
    await page.getByLabel('Titel des Punkts').fill('Bericht aus den Einrichtungen');
    await page.getByLabel('Titel des Punkts').press('Enter');
    await expect.poll(() => page.locator('.agenda-item h4').count()).toBe(1);
    // Attendance by keyboard: Space ticks the focused box.
    await page.getByRole('checkbox', { name: 'Erika Muster' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await page.getByLabel('Protokoll zu diesem Punkt').fill('Die Kitas berichten volle Belegung.');
    await page.getByRole('button', { name: 'Protokoll speichern' }).click();
    await expect.poll(() => page.locator('[data-testid=meeting-status]').textContent()).toBe('Protokoll im Entwurf');
    await page.getByLabel('Beschluss festhalten').fill('Gemeinsamer Elternabend im Herbst');
    await page.getByLabel('Beschluss festhalten').press('Enter');
    await expect.poll(() => page.locator('.decisions').textContent()).toContain('Gemeinsamer Elternabend im Herbst');
    await e2e.shot('coordination-meeting-minutes');
    await page.getByRole('button', { name: 'Protokoll abschließen' }).click();
    await expect.poll(() => page.locator('[data-testid=meeting-status]').textContent()).toBe('Protokoll abgeschlossen');
    expect(await page.locator('.minutes').textContent()).toBe('Die Kitas berichten volle Belegung.');
    expect(await page.getByRole('link', { name: 'Protokoll als PDF' }).getAttribute('href')).toMatch(/^\/api\/meetings\/\d+\/minutes\.pdf\?lang=de$/);
    await e2e.shot('coordination-meeting-finalised');
  });

  it('shows the secret feed address in the subscribe dialog, and the calendar month', async () => {
    await page.getByRole('link', { name: 'Planungsraumarbeitskreis Grünau' }).click();
    await page.getByRole('button', { name: 'Kalender abonnieren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Kalender abonnieren' });
    await expect.poll(() => dialog.getByLabel('Feed-Adresse').inputValue()).toMatch(/^http:\/\/.+\/api\/groups\/\d+\/calendar\.ics\?token=[\w-]{43}$/);
    const url = await dialog.getByLabel('Feed-Adresse').inputValue();
    await e2e.shot('coordination-subscribe');
    await page.keyboard.press('Escape');
    const ics = await (await fetch(url)).text();
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20260310T160000');
    expect(ics).toContain('BEGIN:VTIMEZONE');

    await page.getByRole('link', { name: 'Kalender', exact: true }).click();
    for (let i = 0; i < 12 && !(await page.locator('.coord-head h2').textContent())?.includes('März 2026'); i++) await page.getByRole('button', { name: /Vorheriger Monat/ }).click();
    await expect.poll(() => page.locator('.calendar').textContent()).toContain('16:00 Planungsraumarbeitskreis Grünau');
    await e2e.shot('coordination-calendar');
    expect(e2e.pageErrors).toEqual([]);
  });
});
