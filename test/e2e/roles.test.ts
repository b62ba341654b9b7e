// Role workspaces (issue 19 §13) end to end: every role lands where its work is; an admin creates a
// coordinator with a planning area and a provider with a Träger on the user screen; the provider
// sees its organisation's facilities and offers with edit buttons and edits a facility; a planner
// creates a Träger and attaches a facility. Screenshots at 1440 and 390 px of the admin screen,
// the Träger list, a Träger's page and the provider's page (LERNORT_SHOTS, default
// /tmp/shots-webroles), each checked for sideways scrolling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { POLL, WAIT, startE2e, type E2e } from './harness.ts';
import { createUser } from '../../src/modules/users/service.ts';
import { saveService } from '../../src/modules/facilities/service.ts';
import { serviceInput } from '../../src/modules/facilities/schema.ts';

const PASSWORD = 'e2e-rollen-passwort';
const NEW_PASSWORD = 'e2e-neues-konto-passwort';
const shotDir = process.env.LERNORT_SHOTS ?? '/tmp/shots-webroles';
let e2e: E2e;
let page: Page;
let organisationId = 0;
let ownFacilities: { id: number; name: string }[] = [];

async function signIn(username: string, password = PASSWORD): Promise<void> {
  // A test that failed midway may have left its user signed in.
  if (await page.locator('.account-button', { hasText: 'Abmelden' }).count() > 0) await signOut();
  await page.locator('.account-button', { hasText: 'Anmelden' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
  await dialog.getByLabel('Benutzername').fill(username);
  await dialog.getByLabel('Passwort').fill(password);
  await dialog.getByLabel('Passwort').press('Enter');
  await page.locator('.account-button', { hasText: 'Abmelden' }).waitFor({ timeout: WAIT });
}

async function signOut(): Promise<void> {
  await page.locator('.account-button', { hasText: 'Abmelden' }).click();
  await page.locator('.account-button', { hasText: 'Anmelden' }).waitFor({ timeout: WAIT });
}

const hash = () => page.evaluate(() => location.hash);

/** Opens `address` freshly at 1440 and 390 px, waits for `ready`, saves full-page screenshots, checks nothing scrolls sideways. */
async function shoot(name: string, address: string, ready: () => Promise<void>): Promise<void> {
  mkdirSync(shotDir, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto('about:blank');
    await page.goto(`${e2e.url}/${address}`);
    await ready();
    await page.screenshot({ path: path.join(shotDir, `${name}-${width}.png`), fullPage: true });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${name} at ${width} px is ${scroll} px wide`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

describe('role workspaces: landings, users, Träger', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      prepare: async (db) => {
        const org = await db.pool.query<{ id: number }>("INSERT INTO organisations (name, kind, legal_form) VALUES ('Kinderland e. V.', 'free', 'e. V.') RETURNING id");
        organisationId = org.rows[0].id;
        ownFacilities = (await db.pool.query<{ id: number; name: string }>(
          "UPDATE facilities SET organisation_id = $1 WHERE id IN (SELECT id FROM facilities WHERE type_key = 'kita' ORDER BY id LIMIT 2) RETURNING id, name", [organisationId])).rows
          .sort((a, b) => a.name.localeCompare(b.name, 'de'));
        const domain = (await db.pool.query<{ key: string }>('SELECT key FROM service_domains ORDER BY sort, key LIMIT 1')).rows[0].key;
        await saveService(db, null, serviceInput.parse({ name: 'Eltern-Kind-Gruppe', domain, organisationId, ageMin: 0, ageMax: 3, capacity: 12, capacityUnit: 'Plätze', facilityIds: [ownFacilities[0].id] }));
        for (const role of ['admin', 'analyst', 'planner', 'viewer']) await createUser(db, { username: `e2e-${role}`, password: PASSWORD, role });
      },
    });
    page = e2e.page;
  }, 5 * WAIT);

  afterAll(async () => e2e?.close());

  it('sends each role to its workspace after signing in on the start page; a viewer stays on the atlas', async () => {
    const expected: Record<string, string> = { admin: '#/verwaltung/benutzer', analyst: '#/daten/importe', planner: '#/einrichtungen', viewer: '#/' };
    for (const [role, target] of Object.entries(expected)) {
      await page.goto('about:blank');
      await page.goto(`${e2e.url}/#/`);
      await signIn(`e2e-${role}`);
      await expect.poll(hash, POLL).toBe(target);
      if (role === 'admin') await page.getByRole('heading', { name: 'Benutzerverwaltung' }).waitFor({ timeout: WAIT });
      if (role === 'analyst') await page.locator('main h2').first().waitFor({ timeout: WAIT });
      if (role === 'viewer') expect(await page.locator('#ctl-indicator').count()).toBe(1);
      await signOut();
    }
  });

  it('takes a signed-in admin who opens the start page to the user screen, and the atlas link still shows the atlas', async () => {
    await page.goto(`${e2e.url}/#/`);
    await signIn('e2e-admin');
    await page.goto('about:blank');
    await page.goto(`${e2e.url}/#/`); // a new page load with the session's cookie
    await expect.poll(hash, POLL).toBe('#/verwaltung/benutzer');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Atlas', exact: true }).click();
    await expect.poll(hash, POLL).toBe('#/');
    await page.locator('#ctl-indicator').waitFor({ timeout: WAIT });
    // Signing in elsewhere keeps that page for an admin.
    await signOut();
    await page.goto(`${e2e.url}/#/quellen`);
    await signIn('e2e-admin');
    expect(await hash()).toBe('#/quellen');
  });

  it('lets an admin create a coordinator with a planning area and a provider with a Träger', async () => {
    await page.goto(`${e2e.url}/#/verwaltung/benutzer`);
    const table = page.locator('table.admin-users');
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(4);

    await page.getByRole('button', { name: 'Neues Konto anlegen' }).click();
    const form = page.locator('.admin-panel');
    await form.getByLabel('Benutzername').fill('e2e-gruenau');
    await form.getByLabel('Anzeigename (optional)').fill('Koordination Grünau');
    await form.getByLabel('Rolle').selectOption('coordinator');
    await form.getByLabel('Erstes Passwort').fill(NEW_PASSWORD);
    // Without a planning area the server refuses, and says why.
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), POLL).toContain('Planungsraum');
    await form.getByRole('checkbox', { name: 'Grünau', exact: true }).check();
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'angelegt' }).count(), POLL).toBe(1);
    await expect.poll(() => table.locator('tr[data-username="e2e-gruenau"] .admin-scope').textContent(), POLL).toBe('Planungsräume: Grünau');

    await page.getByRole('button', { name: 'Neues Konto anlegen' }).click();
    await form.getByLabel('Benutzername').fill('e2e-kinderland');
    await form.getByLabel('Rolle').selectOption('provider');
    await form.getByLabel('Erstes Passwort').fill(NEW_PASSWORD);
    await form.getByLabel('Träger').selectOption({ label: 'Kinderland e. V.' });
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect.poll(() => table.locator('tr[data-username="e2e-kinderland"] .admin-scope').textContent(), POLL).toBe('Träger: Kinderland e. V.');

    // The server holds what the screen shows.
    const users = (await (await page.request.get(`${e2e.url}/api/users`)).json()) as { username: string; role: string; scope: Record<string, unknown> }[];
    expect(users.find((u) => u.username === 'e2e-gruenau')).toMatchObject({ role: 'coordinator', scope: { planningAreas: ['Gruenau'] } });
    expect(users.find((u) => u.username === 'e2e-kinderland')).toMatchObject({ role: 'provider', scope: { organisationId } });
  });

  it('lets an admin reset a password (one-time password shown once) and disable and enable an account', async () => {
    await page.getByRole('button', { name: 'e2e-viewer bearbeiten' }).click();
    const panel = page.locator('.admin-panel');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), POLL).toBe('Konto „e2e-viewer“ bearbeiten');
    await panel.getByRole('button', { name: 'Passwort zurücksetzen' }).click();
    const oneTime = panel.locator('.admin-password');
    await oneTime.waitFor({ timeout: WAIT });
    const generated = (await oneTime.textContent())!;
    expect(generated.length).toBeGreaterThanOrEqual(10);
    page.once('dialog', (d) => void d.accept());
    await panel.getByRole('button', { name: 'Konto sperren' }).click();
    await expect.poll(() => page.locator('tr[data-username="e2e-viewer"]').textContent(), POLL).toContain('gesperrt');
    const refused = await page.request.post(`${e2e.url}/api/auth/login`, { data: { username: 'e2e-viewer', password: generated } });
    expect(refused.ok()).toBe(false);
    await page.locator('.admin-panel').getByRole('button', { name: 'Konto entsperren' }).click();
    await expect.poll(() => page.locator('tr[data-username="e2e-viewer"]').textContent(), POLL).toContain('aktiv');
    // English second: the same screen in the other language.
    await page.locator('.lang-switch').click();
    await page.getByRole('heading', { name: 'User administration' }).waitFor({ timeout: WAIT });
    expect(await page.locator('tr[data-username="e2e-gruenau"] .admin-scope').textContent()).toBe('Planning areas: Grünau');
    await page.locator('.lang-switch').click();
    await page.getByRole('heading', { name: 'Benutzerverwaltung' }).waitFor({ timeout: WAIT });
    // Closing the panel gives the focus back to the row's button.
    await page.locator('.admin-panel').getByRole('button', { name: 'Schließen' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), POLL).toBe('e2e-viewer bearbeiten');
    expect(e2e.pageErrors).toEqual([]);
  });

  it('screenshots the admin screen at 1440 and 390 px', async () => {
    await shoot('admin-users', '#/verwaltung/benutzer', async () => {
      await page.locator('tr[data-username="e2e-kinderland"]').waitFor({ timeout: WAIT });
      await page.getByRole('button', { name: 'e2e-gruenau bearbeiten' }).click();
      await page.locator('.admin-checks input:checked').first().waitFor({ timeout: WAIT });
    });
    await signOut();
  });

  it('takes the new coordinator to their planning area, and the index page is readable for them', async () => {
    await page.goto(`${e2e.url}/#/`);
    await signIn('e2e-gruenau', NEW_PASSWORD);
    await expect.poll(hash, POLL).toBe('#/koordination/gebiet/planungsraum/Gruenau');
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe('Planungsraum Grünau');
    // The stored index runs (with their focus areas) are asked for and answered: coordinators have data:read.
    const runs = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/index-runs', { timeout: WAIT });
    await page.goto(`${e2e.url}/#/index`);
    expect((await runs).status()).toBe(200);
    await page.getByRole('heading', { name: 'Sozialindex und Schwerpunktgebiete' }).waitFor({ timeout: WAIT });
    await signOut();
  });

  it('takes the new provider to its Träger page: its facilities and offers with edit buttons; it edits a facility', async () => {
    await page.goto(`${e2e.url}/#/`);
    await signIn('e2e-kinderland', NEW_PASSWORD);
    await expect.poll(hash, POLL).toBe(`#/traeger/${organisationId}`);
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe('Träger: Kinderland e. V.');
    const rows = page.locator('.facility-table tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    expect(await page.locator('.facility-table tbody').getByRole('link', { name: /bearbeiten$/ }).count()).toBe(2);
    expect(await page.getByRole('button', { name: /vom Träger lösen/ }).count()).toBe(0); // attaching is the planners' work
    await expect.poll(() => page.locator('.org-services tbody tr').count(), POLL).toBe(1);
    // The offer is edited on this page.
    await page.getByRole('button', { name: 'Angebot Eltern-Kind-Gruppe bearbeiten' }).click();
    await page.locator('.service-form').getByLabel('Kapazität', { exact: true }).fill('15');
    await page.locator('.service-form').getByRole('button', { name: 'Angebot speichern' }).click();
    await expect.poll(() => page.locator('.org-services tbody tr').first().textContent(), POLL).toContain('15');
    // The facility through its edit button.
    await page.getByRole('link', { name: `${ownFacilities[0].name} bearbeiten` }).click();
    const form = page.locator('.facility-form');
    await form.waitFor({ timeout: WAIT });
    await form.getByLabel('Barrierefreiheit', { exact: true }).fill('Rampe am Haupteingang');
    await form.getByRole('button', { name: 'Einrichtung speichern' }).click();
    await expect.poll(() => page.locator('.facility-facts').textContent(), POLL).toContain('Rampe am Haupteingang');
    const saved = (await (await page.request.get(`${e2e.url}/api/facilities/${ownFacilities[0].id}`)).json()) as { accessibility: string; organisationId: number };
    expect(saved).toMatchObject({ accessibility: 'Rampe am Haupteingang', organisationId });
    expect(e2e.pageErrors).toEqual([]);
  });

  it('screenshots the provider\'s page at 1440 and 390 px', async () => {
    await shoot('provider', `#/traeger/${organisationId}`, async () => {
      await page.locator('.facility-table tbody tr').nth(1).waitFor({ timeout: WAIT });
      await page.locator('.org-services tbody tr').first().waitFor({ timeout: WAIT });
    });
    await signOut();
  });

  it('lets a planner create a Träger and attach a facility to it', async () => {
    await page.goto(`${e2e.url}/#/traeger`);
    await signIn('e2e-planner');
    await expect.poll(() => page.locator('.org-table tbody tr').count(), POLL).toBe(1);
    await page.getByRole('button', { name: 'Neuen Träger anlegen' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Stadtteilverein Grünau e. V.');
    await page.getByLabel('Rechtsform (z. B. e. V., gGmbH)').fill('e. V.');
    await page.getByLabel('E-Mail').fill('kontakt@stadtteilverein.example');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.locator('main h2').first().textContent(), POLL).toBe('Träger: Stadtteilverein Grünau e. V.');
    const created = Number((await hash()).split('/')[2]);
    expect(created).toBeGreaterThan(0);
    expect(await page.locator('.org-facts').textContent()).toContain('kontakt@stadtteilverein.example');

    const free = (await (await page.request.get(`${e2e.url}/api/facilities`)).json()) as { features: { properties: { id: number; name: string; organisationId: number | null } }[] };
    const all = free.features.map((f) => f.properties);
    // A facility without a Träger whose name no other facility contains: the search finds exactly it.
    const target = all.find((f) => f.organisationId === null && f.name.length > 6 && all.filter((g) => g.name.toLowerCase().includes(f.name.toLowerCase())).length === 1)!;
    await page.getByLabel('Einrichtung suchen').fill(target.name);
    await page.locator('.org-candidates').getByRole('checkbox', { name: new RegExp(target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().check();
    await page.getByRole('button', { name: 'Ausgewählte zuordnen (1)' }).click();
    await expect.poll(() => page.locator('.facility-table tbody tr').count(), POLL).toBe(1);
    expect(await page.locator('.facility-table tbody').textContent()).toContain(target.name);
    const after = (await (await page.request.get(`${e2e.url}/api/facilities/${target.id}`)).json()) as { organisationId: number };
    expect(after.organisationId).toBe(created);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'zugeordnet' }).count(), POLL).toBe(1);

    await shoot('traeger-page', `#/traeger/${created}`, async () => {
      await page.locator('.facility-table tbody tr').first().waitFor({ timeout: WAIT });
      await page.getByLabel('Einrichtung suchen').fill('Kita');
      await page.locator('.org-candidates li').first().waitFor({ timeout: WAIT });
    });
    await shoot('traeger-list', '#/traeger', async () => {
      await expect.poll(() => page.locator('.org-table tbody tr').count(), POLL).toBe(2);
      await expect.poll(() => page.locator('.org-table tbody tr').first().locator('td.num').textContent(), POLL).not.toBe('…');
    });
    expect(e2e.pageErrors).toEqual([]);
  });
});
