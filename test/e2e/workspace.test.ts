// Role workspaces (issue 19 §13): after signing in, a coordinator lands on the coordination page of
// their planning area and can read the stored index runs with their focus areas; a provider lands on
// their organisation's facilities, each with an edit button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { root, startE2e, WAIT, type E2e } from './harness.ts';
import { mapDrawn } from './map.ts';
import { createUser } from '../../src/modules/users/service.ts';

const PASSWORD = 'e2e-arbeitsplatz-passwort';
let e2e: E2e;
let page: Page;
let organisationId = 0;

async function signIn(username: string): Promise<void> {
  await page.locator('.account-button', { hasText: 'Anmelden' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bei Lernort anmelden' });
  await dialog.getByLabel('Benutzername').fill(username);
  await dialog.getByLabel('Passwort').fill(PASSWORD);
  await dialog.getByLabel('Passwort').press('Enter');
  await page.locator('.account-button', { hasText: 'Abmelden' }).waitFor({ timeout: WAIT });
}

const shotDir = path.join(root, 'test-output', 'screenshots');

/** Full-page screenshots at desktop and phone width, and the JS the page loaded (decoded, transferred). */
async function shoot(name: string, ready: () => Promise<void>): Promise<void> {
  mkdirSync(shotDir, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto('about:blank');
    await page.goto(`${e2e.url}/${hashes[name]}`);
    await ready();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(shotDir, `${name}-${width}.png`), fullPage: true });
    const js = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js') || e.name.endsWith('.mjs'))
      .reduce((a, e) => ({ decoded: a.decoded + (e as PerformanceResourceTiming).decodedBodySize, transferred: a.transferred + (e as PerformanceResourceTiming).encodedBodySize }), { decoded: 0, transferred: 0 }));
    if (width === 1440) console.log(`JS ${name}: ${js.decoded} B decoded, ${js.transferred} B encoded`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}
const hashes: Record<string, string> = {};

async function signOut(): Promise<void> {
  await page.locator('.account-button', { hasText: 'Abmelden' }).click();
  await page.locator('.account-button', { hasText: 'Anmelden' }).waitFor({ timeout: WAIT });
}

describe('role workspaces', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      prepare: async (db) => {
        const org = await db.pool.query<{ id: number }>("INSERT INTO organisations (name, kind) VALUES ('Kinderland e. V.', 'free') RETURNING id");
        organisationId = org.rows[0].id;
        await db.pool.query("UPDATE facilities SET organisation_id = $1 WHERE id IN (SELECT id FROM facilities WHERE type_key = 'kita' ORDER BY id LIMIT 3)", [organisationId]);
        await createUser(db, { username: 'e2e-koordination', password: PASSWORD, role: 'coordinator', scope: { planningAreas: ['Gruenau'] } });
        await createUser(db, { username: 'e2e-traeger', password: PASSWORD, role: 'provider', scope: { organisationId } });
        await createUser(db, { username: 'e2e-analyse', password: PASSWORD, role: 'analyst' });
      },
    });
    page = e2e.page;
    // One stored index run (MSS, Ortsteile 2019) for the coordinator to read, computed by an analyst.
    const login = await page.request.post(`${e2e.url}/api/auth/login`, { data: { username: 'e2e-analyse', password: PASSWORD } });
    const csrf = (await login.json()).csrfToken as string;
    const templates = (await (await page.request.get(`${e2e.url}/api/index-templates`)).json()) as { key: string }[];
    const run = await page.request.post(`${e2e.url}/api/index-runs`, {
      headers: { 'x-csrf-token': csrf },
      data: { definition: templates.find((t) => t.key === 'mss'), layer: 'ortsteil', period: '2019' },
    });
    expect(run.ok()).toBe(true);
    await page.request.post(`${e2e.url}/api/auth/logout`, { headers: { 'x-csrf-token': csrf } });
  }, 240_000);

  afterAll(async () => e2e?.close());

  it('takes a coordinator to the page of their planning area', async () => {
    await page.goto(`${e2e.url}/#/`);
    await signIn('e2e-koordination');
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: WAIT }).toBe('#/koordination/gebiet/planungsraum/Gruenau');
    await expect.poll(() => page.locator('main h2').first().textContent(), { timeout: WAIT }).toBe('Planungsraum Grünau');
  });

  it('lets a coordinator read the stored index run and its focus areas', async () => {
    await page.goto(`${e2e.url}/#/index`);
    await page.getByRole('heading', { name: 'Gespeicherte Indexläufe' }).waitFor({ timeout: WAIT });
    await page.locator('.stored-runs button').first().click();
    await page.locator('.run-summary').waitFor({ timeout: WAIT });
    await page.getByRole('heading', { name: '4. Schwerpunktgebiete' }).waitFor({ timeout: WAIT });
    expect(await page.locator('.result-table tbody tr').count()).toBeGreaterThan(50);
    await signOut();
  });

  it('takes a provider to their organisation\'s page: its facilities, each with an edit button', async () => {
    await page.goto(`${e2e.url}/#/`);
    await signIn('e2e-traeger');
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: WAIT }).toBe(`#/traeger/${organisationId}`);
    await expect.poll(() => page.locator('main h2').first().textContent(), { timeout: WAIT }).toContain('Kinderland e. V.');
    await expect.poll(() => page.locator('.facility-table tbody tr').count(), { timeout: WAIT }).toBe(3);
    const edit = page.locator('.facility-table tbody a', { hasText: 'Bearbeiten' });
    expect(await edit.count()).toBe(3);
    await edit.first().click();
    await page.locator('.facility-form').waitFor({ timeout: WAIT });
    expect(e2e.pageErrors).toEqual([]);
  });

  it('takes screenshots at 1440 and 390 px of the provider page, atlas, profile, facilities and index', async () => {
    hashes.provider = `#/traeger/${organisationId}`;
    await shoot('provider', () => page.locator('.facility-table tbody tr').first().waitFor({ timeout: WAIT }));
    await signOut();
    hashes.atlas = '#/?layer=ortsteil&areas=62';
    await shoot('atlas', async () => { await mapDrawn(page, 'sgb2_quote|ortsteil|'); await page.locator('[data-testid=series-chart] svg').first().waitFor({ timeout: WAIT }); });
    hashes.profile = '#/gebiet/ortsteil/62';
    await shoot('profile', () => page.locator('#profile-title').waitFor({ timeout: WAIT }));
    hashes.facilities = '#/einrichtungen';
    await shoot('facilities', () => page.locator('.facility-table tbody tr').first().waitFor({ timeout: WAIT }));
    await signIn('e2e-koordination');
    hashes.index = '#/index';
    await shoot('index', async () => {
      await page.locator('.stored-runs button').first().click();
      await page.locator('.result-table tbody tr').first().waitFor({ timeout: WAIT });
    });
    expect(e2e.pageErrors).toEqual([]);
  });
});
