// Facilities on each backend: the Leipzig Kitas, playgrounds and schools imported (API and recipe
// step), the GeoJSON contract, TS index = PostGIS ST_Contains, registry CRUD and exports, supply
// indicators with norms and the E2SFCA accessibility stored as indicators, and the import traps.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/connection.ts';
import * as facilities from '../../src/modules/facilities/service.ts';
import { multipart, signIn, testApp, type TestApp } from './helpers.ts';
import { createUser, login } from '../../src/modules/users/service.ts';
import { sharedDataDir } from './env.ts';

let t: TestApp;
let analyst: { cookie: string; csrf: string };
const dir = () => path.join(sharedDataDir(), 'leipzig', 'einrichtungen');
const kitaOptions = { facilityType: 'kita', mapping: { name: 'name', externalId: 'id', lon: 'lon', lat: 'lat', address: 'address.full', street: 'address.street', postcode: 'address.zipcode', district: 'district' } };

// The project's files share one test database: facilities other files left (fixtures without a
// location, not from Leipzig's kitas.json) are counted before, so the figures below stay those of
// the Leipzig files exactly.
const before = { kitas: 0, unlocated: 0 };

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  const ids = (JSON.parse(fs.readFileSync(path.join(dir(), 'kitas.json'), 'utf8')) as { id: unknown }[]).map((k) => String(k.id));
  const r = await t.db.pool.query<{ kitas: number; unlocated: number }>(
    "SELECT count(*) FILTER (WHERE type_key = 'kita')::int AS kitas, count(*) FILTER (WHERE geom IS NULL AND type_key = 'kita')::int AS unlocated FROM facilities WHERE external_id IS NULL OR NOT (external_id = ANY($1::text[]))",
    [ids],
  );
  Object.assign(before, r.rows[0]);
});
afterAll(async () => t?.close());

async function upload(name: string, content: Buffer | string, options: unknown, dryRun = false) {
  const body = multipart({ name, content }, { options: JSON.stringify(options), dryRun: String(dryRun) });
  return t.app.inject({ method: 'POST', url: '/api/facilities/import', payload: body.payload, headers: { ...body.headers, cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });
}
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });

describe('facilities', () => {
  it('imports the 221 Leipzig Kitas: 216 inside an Ortsteil, 5 reported outside', async () => {
    const res = await upload('kitas.json', fs.readFileSync(path.join(dir(), 'kitas.json')), kitaOptions);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.status).toBe('committed');
    expect(r.rowsWritten).toBe(221);
    expect(r.extra).toMatchObject({ facilities: 221, baseLayer: 'ortsteil', insideBaseLayer: 216, outside: 5, missingCoordinates: 0 });
    expect(r.warnings.filter((w: { code: string }) => w.code === 'FACILITY_OUTSIDE')).toHaveLength(5);
  });

  it('re-imports idempotently (same ids, updated not duplicated)', async () => {
    const r = (await upload('kitas.json', fs.readFileSync(path.join(dir(), 'kitas.json')), kitaOptions)).json();
    expect(r.extra).toMatchObject({ inserted: 0, updated: 221 });
  });

  it('serves GET /api/facilities?type=kita as a GeoJSON FeatureCollection of points (contract)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/facilities?type=kita' });
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(221 + before.kitas);
    const f = fc.features[0];
    expect(f.geometry.type).toBe('Point');
    expect(f.properties).toMatchObject({ type: 'kita', capacity: null });
    expect(typeof f.properties.id).toBe('number');
    expect(typeof f.properties.name).toBe('string');
    const withOrtsteil = fc.features.filter((x: { properties: { areas: Record<string, string> } }) => x.properties.areas.ortsteil !== undefined);
    expect(withOrtsteil).toHaveLength(216);
    expect(withOrtsteil.every((x: { properties: { areas: Record<string, string> } }) => /^\d\d$/.test(x.properties.areas.ortsteil) && x.properties.areas.stadtbezirk === x.properties.areas.ortsteil[0])).toBe(true);
    expect(withOrtsteil.every((x: { properties: { areas: Record<string, string> } }) => x.properties.areas.planungsraum !== undefined)).toBe(true);
  });

  it('loads playgrounds and the 207 schools (Turtle, no coordinates) through the recipe step', async () => {
    const schoolTypes = { Foerderschule: 'foerderschule', Gemeinschaftsschule: 'gemeinschaftsschule', Gymnasium: 'gymnasium', Oberschule: 'oberschule', Grundschule: 'grundschule', Berufsschule: 'berufsbildende_schule', Berufsfachschule: 'berufsbildende_schule', Fachschule: 'berufsbildende_schule', Fachoberschule: 'berufsbildende_schule', Ergaenzungsschule: 'schule', Schule: 'schule' };
    const out = await withTransaction(t.db, async (client) => {
      const importId = (await client.query<{ id: number }>(`INSERT INTO imports (actor, kind, file_name, file_hash, status) VALUES ('test', 'recipe', 'recipe.json', 'x', 'running') RETURNING id`)).rows[0].id;
      const ctx = { base: path.join(sharedDataDir(), 'leipzig'), importId, actor: { userId: null, name: 'test' }, recipe: 'leipzig' };
      const play = await facilities.importFacilitiesStep(client, { type: 'facilities', file: 'einrichtungen/spielplaetze.json', format: 'json', facilityType: 'spielplatz', mapping: { name: 'name', lon: 'lon', lat: 'lat', address: 'location', district: 'district' } }, ctx);
      const schools = await facilities.importFacilitiesStep(client, { type: 'facilities', file: 'einrichtungen/schulen.ttl', format: 'turtle', mapping: { name: 'label', externalId: '@id', type: '@type', typeMap: schoolTypes } }, ctx);
      return { play, schools };
    });
    expect(out.play.status).toBe('committed');
    expect(out.play.rows).toBe(304);
    expect(out.schools.status).toBe('committed');
    expect(out.schools.rows).toBe(207);
    expect(out.schools.report.extra).toMatchObject({ missingCoordinates: 207 });
    const gs = (await t.app.inject({ method: 'GET', url: '/api/facilities?type=grundschule' })).json();
    expect(gs.features.length).toBeGreaterThan(60);
    expect(gs.features[0].geometry).toBeNull();
    expect(gs.features[0].properties.locationStatus).toBe('missing');
  });

  it('assigns identically with the TS index and with PostGIS ST_Contains (Kitas, playgrounds)', async () => {
    const ts = await facilities.assignInMemory(t.db.pool);
    await facilities.assignWithPostgis(t.db.pool, null);
    const pg = (await facilities.readAssignments(t.db.pool)).map((r) => ({ facilityId: r.facility_id, layerId: r.layer_id, areaId: r.area_id }));
    expect(pg.length).toBeGreaterThan(2000);
    expect(ts).toEqual(pg);
    const summary = await facilities.reassignFacilities(t.db.pool, { engine: 'ts' });
    expect(summary.missing).toBe(207 + before.unlocated);
    expect(summary.outside.filter((o) => o.type === 'kita')).toHaveLength(5);
  });

  it('keeps the registry: Träger, Einrichtung, Angebot with capacity, ages, opening times and Versorgungsgebiet', async () => {
    const org = (await send('POST', '/api/organisations', { name: 'Jugendwerk Leipzig e. V.', kind: 'free', legalForm: 'e. V.', contact: { email: 'info@example.org' } })).json();
    const fac = await send('POST', '/api/facilities', { name: 'Offener Treff Grünau', type: 'jugendclub', organisationId: org.id, lon: 12.2905, lat: 51.3194, accessibility: 'stufenloser Zugang', address: { street: 'Stuttgarter Allee', houseNumber: '9' } });
    expect(fac.statusCode, fac.body).toBe(200);
    const f = fac.json();
    expect(f.areas.ortsteil).toBe('62');
    const svc = await send('POST', '/api/services', {
      name: 'Offene Jugendarbeit Grünau', domain: 'offene_jugendarbeit', organisationId: org.id, ageMin: 10, ageMax: 26.5, capacity: 40, capacityUnit: 'Plätze', capacityAsOf: '2025-01-01',
      schedule: [{ weekday: 1, opens: '14:00', closes: '19:00' }], fundingSource: 'Stadt Leipzig', facilityIds: [f.id], serviceAreas: [{ layer: 'planungsraum', code: 'Gruenau' }],
    });
    expect(svc.statusCode, svc.body).toBe(200);
    expect(svc.json()).toMatchObject({ ageMax: 26.5, capacity: 40, serviceAreas: [{ layer: 'planungsraum', code: 'Gruenau' }] });
    const detail = (await t.app.inject({ method: 'GET', url: `/api/facilities/${f.id}` })).json();
    expect(detail.capacity).toBe(40);
    expect(detail.services).toHaveLength(1);
    const bad = await send('POST', '/api/services', { name: 'x', domain: 'gibt_es_nicht' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('SERVICE_DOMAIN_UNKNOWN');
    const domains = (await t.app.inject({ method: 'GET', url: '/api/service-domains' })).json();
    expect(domains.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['familienbildung', 'kulturelle_bildung', 'medienpaedagogik', 'schulsozialarbeit', 'jugendsozialarbeit', 'offene_jugendarbeit', 'jugendverbandsarbeit', 'kindertagesbetreuung', 'schule']));
    const offers = (await t.app.inject({ method: 'GET', url: '/api/services?layer=planungsraum&code=Gruenau' })).json();
    expect(offers.some((o: { id: number }) => o.id === svc.json().id)).toBe(true);
    const hsds = await t.app.inject({ method: 'GET', url: '/api/facilities/export/hsds', headers: { cookie: analyst.cookie } });
    const h = hsds.json();
    expect(h.service_at_locations).toContainEqual(expect.objectContaining({ service_id: `svc-${svc.json().id}`, location_id: `loc-${f.id}` }));
    expect(h.organizations.some((o: { name: string }) => o.name === 'Jugendwerk Leipzig e. V.')).toBe(true);
    const csv = await t.app.inject({ method: 'GET', url: '/api/facilities/export/csv?type=kita', headers: { cookie: analyst.cookie } });
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(222 + before.kitas);
    expect((await t.app.inject({ method: 'GET', url: '/api/facilities/export/hsds' })).statusCode).toBe(401);
  });

  it('stores supply indicators that aggregate to planning areas, with a planning norm and its gap', async () => {
    const norm = await send('PUT', '/api/planning-norms/kita_test', { name: 'Kitas je Einwohner (Test)', nameEn: 'Kitas per resident (test)', facilityType: 'kita', targetIndicator: 'einwohner', ratio: 0.0005, unit: 'Einrichtungen' });
    expect(norm.statusCode, norm.body).toBe(200);
    const res = await send('POST', '/api/facilities/supply', { layer: 'ortsteil', type: 'kita', period: '2024' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.rows.reduce((s: number, x: { facilities: number }) => s + x.facilities, 0)).toBe(216);
    const pr = (await t.app.inject({ method: 'GET', url: '/api/observations?indicator=einrichtungen_kita&period=2024&layer=planungsraum', headers: { cookie: analyst.cookie } })).json();
    expect(pr.reduce((s: number, x: { value: number }) => s + x.value, 0)).toBe(216);
    // Derived indicators stay unpublished until someone publishes them: anonymous callers get 404.
    expect((await t.app.inject({ method: 'GET', url: '/api/observations?indicator=einrichtungen_kita&period=2024&layer=planungsraum' })).statusCode).toBe(404);
    const rateRes = await t.app.inject({ method: 'GET', url: '/api/observations?indicator=einrichtungen_je_1000_kita&period=2024&layer=planungsraum', headers: { cookie: analyst.cookie } });
    expect(rateRes.statusCode, rateRes.body).toBe(200);
    const rate = rateRes.json();
    for (const x of rate) expect(x.value).toBeCloseTo((x.numerator / x.denominator) * 1000, 9);
    const gm = r.rows.find((x: { code: string }) => x.code === '62');
    expect(gm.norms.kita_test.required).toBeCloseTo(14046 * 0.0005, 9);
    expect(gm.norms.kita_test.gap).toBeCloseTo(14046 * 0.0005 - gm.facilities, 9);
    expect((await send('POST', '/api/facilities/supply', { layer: 'ortsteil' })).statusCode).toBe(400);
  });

  it('stores E2SFCA accessibility per Ortsteil with its parameters, keeping ΣP·A = ΣS', async () => {
    const res = await send('POST', '/api/facilities/accessibility', { layer: 'ortsteil', type: 'kita', method: 'e2sfca', period: '2024' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.rows).toHaveLength(63);
    expect(r.supplyIsCount).toBe(true);
    expect(Math.abs(r.invariant.sumPA - r.invariant.sumS) / r.invariant.sumS).toBeLessThan(1e-9);
    const ind = (await t.app.inject({ method: 'GET', url: '/api/indicators', headers: { cookie: analyst.cookie } })).json().find((i: { key: string }) => i.key === 'erreichbarkeit_e2sfca_kita');
    expect(ind.description).toContain('"method":"e2sfca"');
    const pr = (await t.app.inject({ method: 'GET', url: '/api/observations?indicator=erreichbarkeit_e2sfca_kita&period=2024&layer=planungsraum', headers: { cookie: analyst.cookie } })).json();
    expect(pr).toHaveLength(7);
    expect(pr.every((x: { value: number | null }) => x.value !== null && x.value > 0)).toBe(true);
  });

  it('rejects bad files whole, with file, line and field, and keeps records without coordinates', async () => {
    const opts = { facilityType: 'jugendclub', mapping: { name: 'name', externalId: 'id', lon: 'lon', lat: 'lat', capacity: 'plaetze' } };
    const bad = (await upload('clubs.csv', 'id;name;lon;lat;plaetze\nc1;Treff A;12,37;51,34;20\nc2;Treff B;12,38;51,33;zwanzig\n', opts)).json();
    expect(bad.status).toBe('rejected');
    expect(bad.errors[0]).toMatchObject({ code: 'FACILITY_CAPACITY_INVALID', file: 'clubs.csv', line: 3, field: 'plaetze' });
    expect((await t.app.inject({ method: 'GET', url: '/api/facilities?type=jugendclub' })).json().features.some((f: { properties: { externalId: string } }) => f.properties.externalId === 'c1')).toBe(false);
    const swapped = (await upload('clubs.csv', 'id;name;lon;lat;plaetze\nc1;Treff A;51,34;12,37;20\n', opts)).json();
    expect(swapped.errors[0].code).toBe('FACILITY_AXES_SWAPPED');
    const ok = (await upload('clubs.csv', 'id;name;lon;lat;plaetze\nc1;Treff A;12,37;51,34;20\nc2;Treff B;;;15\n', opts)).json();
    expect(ok.status).toBe('committed');
    expect(ok.warnings.map((w: { code: string }) => w.code)).toContain('FACILITY_LOCATION_MISSING');
    const clubs = (await t.app.inject({ method: 'GET', url: '/api/facilities?type=jugendclub' })).json().features;
    const b = clubs.find((f: { properties: { externalId: string } }) => f.properties.externalId === 'c2');
    expect(b.geometry).toBeNull();
    expect(b.properties).toMatchObject({ locationStatus: 'missing', capacity: 15 });
    const anon = multipart({ name: 'x.csv', content: 'a' }, { options: '{}' });
    expect((await t.app.inject({ method: 'POST', url: '/api/facilities/import', payload: anon.payload, headers: anon.headers })).statusCode).toBe(401);
  });
});

describe('provider scope (IDOR)', () => {
  it('lets a provider edit only the offers and facilities of its own organisation; others look like 404', async () => {
    const t2 = await testApp();
    try {
      const admin = await signIn(t2, 'admin');
      const h = (who: { cookie: string; csrf: string }) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });
      const mkOrg = async (name: string) => (await t2.app.inject({ method: 'POST', url: '/api/organisations', headers: h(admin), payload: { name, kind: 'free' } })).json().id as number;
      const own = await mkOrg(`Eigener Träger ${Date.now()}`);
      const other = await mkOrg(`Fremder Träger ${Date.now()}`);
      const mkService = async (organisationId: number) => {
        const res = await t2.app.inject({ method: 'POST', url: '/api/services', headers: h(admin), payload: { name: `Treff ${organisationId}`, domain: 'offene_jugendarbeit', organisationId } });
        expect(res.statusCode, res.body).toBe(200);
        return res.json().id as number;
      };
      const mine = await mkService(own);
      const theirs = await mkService(other);
      const username = `provider_${process.pid}_${Date.now()}`;
      await createUser(t2.db, { username, password: 'provider password 1', role: 'provider', scope: { organisationId: own } });
      const { token, session } = await login(t2.db, username, 'provider password 1', '127.0.0.1', 1);
      const provider = { cookie: `lernort_session=${token}`, csrf: session.csrfToken };
      const update = (id: number, organisationId: number) => t2.app.inject({ method: 'PUT', url: `/api/services/${id}`, headers: h(provider), payload: { name: 'geändert', domain: 'offene_jugendarbeit', organisationId } });
      expect((await update(mine, own)).statusCode).toBe(200);
      const foreign = await update(theirs, other);
      expect(foreign.statusCode).toBe(404);
      expect((await t2.app.inject({ method: 'DELETE', url: `/api/services/${theirs}`, headers: h(provider) })).statusCode).toBe(404);
      expect((await update(mine, other)).statusCode).toBe(403); // moving an offer to another organisation
      const stillTheirs = (await t2.app.inject({ method: 'GET', url: `/api/services/${theirs}` })).json();
      expect(stillTheirs.name).toBe(`Treff ${other}`);
      expect((await t2.app.inject({ method: 'POST', url: '/api/organisations', headers: h(provider), payload: { name: 'x' } })).statusCode).toBe(403);
    } finally {
      await t2.close();
    }
  });
});
