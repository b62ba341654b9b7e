// Uptake of city-wide services on each backend: a participant list with names, streets and
// coordinates and a postcode list are imported and leave no personal data anywhere in the database
// (every table dumped as text); postcode weighting keeps every person; rates, Wilson intervals and
// the standardised uptake ratio on a constructed example checked by hand; the rate appears as an
// indicator in the observations API and the Grünau-Mitte profile for analysts, and stays hidden from
// anonymous callers until it is published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as imports from '../../src/modules/imports/service.ts';
import * as indicators from '../../src/modules/indicators/service.ts';
import * as indices from '../../src/modules/indices/service.ts';
import * as publication from '../../src/modules/publication/service.ts';
import * as uptake from '../../src/modules/uptake/service.ts';
import { withTransaction } from '../../src/db/connection.ts';
import { sharedDataDir } from './env.ts';
import { signIn, takeOverPublications, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
let analyst: { cookie: string; csrf: string };
let focusIds: number[] = [];
const period = '2025';
const as = (who: { cookie: string; csrf: string } | null) => (who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {});

/** multipart/form-data with several files and fields. */
function form(files: Record<string, { name: string; content: string }>, fields: Record<string, string>) {
  const boundary = `----uptake${Math.random().toString(16).slice(2)}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  for (const [k, f] of Object.entries(files)) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n${f.content}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (key: string, files: Record<string, { name: string; content: string }>, options: unknown) => {
  const body = form(files, { options: JSON.stringify(options) });
  return t.app.inject({ method: 'POST', url: `/api/uptake/services/${key}/participants`, payload: body.payload, headers: { ...body.headers, ...as(analyst) } });
};

// The constructed example: three Ortsteile, two age bands, 200 children each.
//            6–9: pop / part   10–14: pop / part    P    O
//   62 Grünau-Mitte  100 / 10      100 /  5        200   15
//   00 Zentrum        50 / 10      150 / 30        200   40
//   01 Zentrum-Ost   150 / 40       50 /  5        200   45
// City rates by band: 6–9: 60/300 = 0.2; 10–14: 40/300 = 0.1333…
// E(62) = 0.2·100 + 0.1333·100 = 33.333; E(00) = 10 + 20 = 30; E(01) = 30 + 6.667 = 36.667 (ΣE = ΣO = 100)
const POP: Record<string, [number, number]> = { '62': [100, 100], '00': [50, 150], '01': [150, 50] };
const PART: Record<string, [number, number]> = { '62': [10, 5], '00': [10, 30], '01': [40, 5] };
const SURNAMES = ['Zwiebelmeyer', 'Quastenhoff', 'Brombeerwald', 'Kuckucksruf', 'Silberdistel'];
const STREETS = ['Ahornwinkelgasse', 'Zaunkönigweg', 'Lindenblütenstieg'];
const coordinateStrings: string[] = [];

async function pointsInside(codes: string[]): Promise<Map<string, { x: number; y: number }>> {
  const r = await t.db.pool.query<{ code: string; x: number; y: number }>(
    `SELECT a.code, ST_X(ST_PointOnSurface(a.geom)) AS x, ST_Y(ST_PointOnSurface(a.geom)) AS y
       FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = 'ortsteil' AND a.valid_to IS NULL AND a.code = ANY($1::text[])`, [codes]);
  return new Map(r.rows.map((p) => [p.code, { x: p.x, y: p.y }]));
}

async function addressList(): Promise<string> {
  const at = await pointsInside(Object.keys(PART));
  const lines = ['Vorname;Nachname;Straße;Hausnummer;lon;lat;Alter;Geschlecht'];
  let k = 0;
  for (const [code, [young, old]] of Object.entries(PART)) {
    const p = at.get(code)!;
    for (let i = 0; i < young + old; i++) {
      k++;
      // distinct 7-digit coordinates a few millimetres to centimetres apart, all inside the Ortsteil
      const lon = (p.x + k * 1e-7).toFixed(7);
      const lat = (p.y + k * 1e-7).toFixed(7);
      coordinateStrings.push(lon, lat);
      const age = i < young ? 6 + (i % 4) : 10 + (i % 5);
      lines.push(`Kind${k};${SURNAMES[k % SURNAMES.length]};${STREETS[k % STREETS.length]};${k};${lon};${lat};${age};${i % 2 ? 'w' : 'm'}`);
    }
  }
  return lines.join('\n');
}

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  // band populations of the example as indicators
  for (const [i, band] of ['6_9', '10_14'].entries()) {
    const key = `test_uptake_kinder_${band}`;
    await indicators.saveIndicator(t.db.pool, { key, name: `Kinder ${band}`, nameEn: `Children ${band}`, unit: 'Personen', unitEn: 'persons', topic: 'bevoelkerung', polarity: 'neutral', kind: 'count', scale: 1, decimals: 0, suppressionK: 0 });
    const records = Object.entries(POP).map(([code, pops], n) => ({ area: { code, name: code }, layer: 'ortsteil', indicator: key, period, value: pops[i], flags: {}, line: n + 1 }));
    const r = await imports.importObservations(t.db, { file: `${key}.test`, bytes: key, format: 'test', read: { records, errors: [], warnings: [], rowsRead: 3 }, actor: { userId: null, name: 'test' }, dryRun: false, resolve: { layer: 'ortsteil' } });
    expect(r.status).toBe('committed');
  }
  const fa = await indices.designateFocusAreas(t.db, { layer: 'ortsteil', codes: ['62'], validFrom: '2020-01-01', reason: 'Uptake-Test' }, { name: 'test' });
  focusIds = fa.map((f) => f.id);
});
afterAll(async () => {
  for (const id of focusIds) await indices.revokeFocusArea(t.db.pool, id).catch(() => undefined);
  await t?.close();
});

describe('uptake of city-wide services', () => {
  it('defines a service with age bands (PUT) and refuses unknown indicators with the field named', async () => {
    const bad = await t.app.inject({ method: 'PUT', url: '/api/uptake/services/ferienpass_test', headers: as(analyst), payload: { name: 'Ferienpass', nameEn: 'Holiday pass', targetIndicator: 'gibt_es_nicht' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.location.field).toBe('targetIndicator');
    const res = await t.app.inject({
      method: 'PUT', url: '/api/uptake/services/ferienpass_test', headers: as(analyst),
      payload: { name: 'Ferienpass (Test)', nameEn: 'Holiday pass (test)', domain: 'kulturelle_bildung', ageBands: [
        { label: '6-9', min: 6, max: 9, populationIndicator: 'test_uptake_kinder_6_9' },
        { label: '10-14', min: 10, max: 14, populationIndicator: 'test_uptake_kinder_10_14' },
      ] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().indicators).toMatchObject({ rate: 'uptake_ferienpass_test_quote', target: 'uptake_ferienpass_test_zielgruppe', targetIsOwn: true });
  });

  it('imports an address list with coordinates: 100 persons aggregated into 3 Ortsteile × 2 age bands', async () => {
    const res = await upload('ferienpass_test', { file: { name: 'teilnehmende.csv', content: await addressList() } }, { layer: 'ortsteil', period });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ status: 'committed', source: 'list', assignment: 'point', recordsRead: 100, participants: 100, unassigned: { outsideAreas: 0, unknownPostcode: 0 } });
    const counts = await t.db.pool.query(`SELECT a.code, c.age_band, sum(c.participants)::int n FROM uptake_counts c JOIN areas a ON a.id = c.area_id JOIN uptake_services s ON s.id = c.service_id
                                            WHERE s.key = 'ferienpass_test' GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(counts.rows).toEqual([
      { code: '00', age_band: '10-14', n: 30 }, { code: '00', age_band: '6-9', n: 10 },
      { code: '01', age_band: '10-14', n: 5 }, { code: '01', age_band: '6-9', n: 40 },
      { code: '62', age_band: '10-14', n: 5 }, { code: '62', age_band: '6-9', n: 10 },
    ]);
  });

  it('rejects a list with a bad row as a whole, naming line and column but not the value', async () => {
    const content = 'Name;lon;lat;Alter\nGeheimname Eins;12.3;51.3;7\nGeheimname Zwei;12,9999999x;51.3;8\n';
    const res = await upload('ferienpass_test', { file: { name: 'kaputt.csv', content } }, { layer: 'ortsteil', period: '2019' });
    expect(res.statusCode).toBe(400);
    const e = res.json().error;
    expect(e.location).toMatchObject({ file: 'kaputt.csv', line: 3, field: 'lon' });
    expect(e.message.en).toMatch(/Line 3, column "lon"/);
    expect(res.body).not.toContain('12,9999999x');
    expect((await t.db.pool.query(`SELECT count(*)::int n FROM uptake_counts WHERE period = '2019'`)).rows[0].n).toBe(0);
  });

  it('computes rates with Wilson intervals, the standardised ratio with Byar intervals and flags Grünau-Mitte as under-served (hand-checked)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/uptake/services/ferienpass_test/rates?layer=ortsteil&period=${period}`, headers: as(analyst) });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const by = new Map(r.areas.map((a: { code: string }) => [a.code, a]));
    expect(r.areas).toHaveLength(3); // the other Ortsteile have no target population
    expect(r.city.participants).toBe(100);
    expect(r.city.population).toBe(600);
    expect(r.city.rate).toBeCloseTo(1 / 6, 10);
    const g = by.get('62') as Record<string, any>;
    // 15/200: Wilson with z = 1.959964: centre (0.075 + z²/400)/(1 + z²/200) = 0.08301, half-width 0.03703
    expect(g.rate).toBe(0.075);
    expect(g.interval.lower).toBeCloseTo(0.04598, 4);
    expect(g.interval.upper).toBeCloseTo(0.12004, 4);
    expect(g.comparison).toBe('worse'); // upper limit 12.0 % below the city's 16.7 %
    // O = 15, E = 33.333: SUR 0.45; Byar: 15·(1 − 1/135 − z/(3√15))³ = 8.389 → 0.2517; 16·(1 − 1/144 + z/12)³ = 24.741 → 0.7422
    expect(g.ratio.expected).toBeCloseTo(100 / 3, 6);
    expect(g.ratio.ratio).toBeCloseTo(0.45, 6);
    expect(g.ratio.interval.lower).toBeCloseTo(0.2517, 3);
    expect(g.ratio.interval.upper).toBeCloseTo(0.7422, 3);
    expect(g.ratio.comparison).toBe('worse');
    expect((by.get('00') as Record<string, any>).ratio.ratio).toBeCloseTo(40 / 30, 6);
    expect((by.get('01') as Record<string, any>).ratio.expected).toBeCloseTo(110 / 3, 6);
    expect(r.city.ratio.ratio).toBeCloseTo(1, 10); // with the city's own rates ΣE = ΣO
    expect(r.underServed).toHaveLength(1);
    expect(r.underServed[0]).toMatchObject({ code: '62', reasons: ['RATE_BELOW_CITY', 'SUR_BELOW_ONE'], need: { focusArea: true } });
    expect(r.underServed[0].reason.de).toMatch(/^Fördergebiet: /);
  });

  it('writes the rate as an indicator that analysts see in /api/observations and the Grünau-Mitte profile', async () => {
    const obs = await t.app.inject({ method: 'GET', url: `/api/observations?indicator=uptake_ferienpass_test_quote&layer=ortsteil&period=${period}`, headers: as(analyst) });
    expect(obs.statusCode, obs.body).toBe(200);
    const row = obs.json().find((o: { areaCode: string }) => o.areaCode === '62');
    expect(row).toMatchObject({ value: 7.5, numerator: 15, denominator: 200 });
    const meta = await indicators.requireIndicator(t.db.pool, 'uptake_ferienpass_test_quote');
    expect(meta).toMatchObject({ kind: 'share', scale: 100, numerator_key: 'uptake_ferienpass_test_teilnehmende', denominator_key: 'uptake_ferienpass_test_zielgruppe' });
    const sb = await t.app.inject({ method: 'GET', url: `/api/observations?indicator=uptake_ferienpass_test_sur&layer=ortsteil&period=${period}`, headers: as(analyst) });
    expect(sb.json().find((o: { areaCode: string }) => o.areaCode === '00').value).toBeCloseTo(4 / 3, 6);
    const profile = await t.app.inject({ method: 'GET', url: '/api/areas/ortsteil/62/profile', headers: as(analyst) });
    expect(profile.statusCode).toBe(200);
    const items = profile.json().sections.flatMap((s: { items: unknown[] }) => s.items) as { key?: string; slot?: string; indicator?: string | null; value?: number | null }[];
    const item = items.find((i) => JSON.stringify(i).includes('uptake_ferienpass_test_quote'));
    expect(item, JSON.stringify(items.map((i) => i.key ?? i.slot))).toBeDefined();
    expect(JSON.stringify(item)).toContain('7.5');
  });

  it('answers anonymous callers 404 for the unpublished rate, and shows it once published', async () => {
    const url = `/api/observations?indicator=uptake_ferienpass_test_quote&layer=ortsteil&period=${period}`;
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/uptake/services/ferienpass_test/rates' })).statusCode).toBe(401);
    const restore = await takeOverPublications(t);
    try {
      // a share is shown only with its counts published too (else withheld: publication service)
      for (const indicator of ['uptake_ferienpass_test_quote', 'uptake_ferienpass_test_teilnehmende', 'uptake_ferienpass_test_zielgruppe'])
        await publication.publish(t.db.pool, { indicator, layers: ['ortsteil'], period }, 'test');
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().find((o: { areaCode: string }) => o.areaCode === '62').value).toBe(7.5);
    } finally {
      await restore();
    }
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('imports a postcode list through the Leipzig areal-weight matrix: the Ortsteil counts sum to the persons with a known postcode', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/uptake/services/leipzig_pass_test', headers: as(analyst), payload: { name: 'Leipzig-Pass (Test)', nameEn: 'Leipzig pass (test)', targetIndicator: 'einwohner' } });
    expect(put.statusCode, put.body).toBe(200);
    const postcodes = [...Array(17).fill('04103'), ...Array(11).fill('04105'), ...Array(9).fill('04107'), ...Array(4).fill('4103'), '99999'];
    const content = ['Name;Straße;PLZ', ...postcodes.map((p, i) => `${SURNAMES[i % 5]} ${i};${STREETS[i % 3]} ${i + 1};${p}`)].join('\r\n');
    const res = await upload('leipzig_pass_test', { file: { name: 'plz.csv', content } }, { layer: 'ortsteil', period: '2024', weights: 'postcode', weightsPath: 'leipzig/raw/messy/matrixPLZtoORTSTEIL.csv' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ source: 'list', assignment: 'postcode', recordsRead: 42, participants: 41, unassigned: { unknownPostcode: 1 } });
    const c = await t.db.pool.query(`SELECT a.code, sum(c.participants)::int n FROM uptake_counts c JOIN areas a ON a.id = c.area_id JOIN uptake_services s ON s.id = c.service_id
                                      WHERE s.key = 'leipzig_pass_test' GROUP BY 1 ORDER BY 1`);
    // 04103 → 0.257 · 01 + 0.743 · 02 for 21 persons: 5.397 / 15.603; 04105 → 0.551 · 05 + 0.449 · 06: 6.061 / 4.939; 04107 → 03
    // largest remainder: 5 + 15 + 6 + 4 + 9 = 39 seats, 2 left for the largest remainders .939 (06) and .603 (02)
    expect(c.rows).toEqual([{ code: '01', n: 5 }, { code: '02', n: 16 }, { code: '03', n: 9 }, { code: '05', n: 6 }, { code: '06', n: 5 }]);
    expect(c.rows.reduce((s, x) => s + x.n, 0)).toBe(41);
    // the Stadtbezirk Mitte (Ortsteile 00–06) is aggregated as Σ participants / Σ residents, not as a mean of rates
    const pop = (await t.app.inject({ method: 'GET', url: '/api/observations?indicator=einwohner&layer=ortsteil&period=2024', headers: as(analyst) })).json() as { areaCode: string; value: number }[];
    const mitte = pop.filter((p) => p.areaCode.startsWith('0')).reduce((s, p) => s + p.value, 0);
    const sb = (await t.app.inject({ method: 'GET', url: '/api/observations?indicator=uptake_leipzig_pass_test_quote&layer=stadtbezirk&period=2024', headers: as(analyst) })).json();
    expect(sb.find((o: { areaCode: string }) => o.areaCode === '0')).toMatchObject({ numerator: 41, denominator: mitte, aggregated: true });
    expect(sb.find((o: { areaCode: string }) => o.areaCode === '0').value).toBeCloseTo((100 * 41) / mitte, 10);
    // the rates API on the Stadtbezirk layer reads the same aggregates
    const rates = (await t.app.inject({ method: 'GET', url: '/api/uptake/services/leipzig_pass_test/rates?layer=stadtbezirk&period=2024', headers: as(analyst) })).json();
    expect(rates.areas.find((a: { code: string }) => a.code === '0')).toMatchObject({ participants: 41, population: mitte });
    expect(rates.city.participants).toBe(41);
  });

  it('runs as a recipe step with the Leipzig matrix by path (same counts as the upload)', async () => {
    const content = ['PLZ', ...Array(21).fill('04103'), ...Array(11).fill('04105'), ...Array(9).fill('04107')].join('\n');
    const step = await withTransaction(t.db, (client) => uptake.importUptakeStep(t.db, client, {
      type: 'uptake', service: 'leipzig_pass_rezept', define: { name: 'Leipzig-Pass (Rezept)', nameEn: 'Leipzig pass (recipe)', targetIndicator: 'einwohner', ageBands: [] },
      file: 'plz.csv', layer: 'ortsteil', period: '2024', weightsFile: 'raw/messy/matrixPLZtoORTSTEIL.csv',
    }, { dataRoot: `${sharedDataDir()}/leipzig`, actor: { userId: null, name: 'recipe' }, bytes: Buffer.from(content) }));
    expect(step).toMatchObject({ type: 'uptake', status: 'committed', rows: 41 });
    const c = await t.db.pool.query(`SELECT a.code, sum(c.participants)::int n FROM uptake_counts c JOIN areas a ON a.id = c.area_id JOIN uptake_services s ON s.id = c.service_id
                                      WHERE s.key = 'leipzig_pass_rezept' GROUP BY 1 ORDER BY 1`);
    expect(c.rows).toEqual([{ code: '01', n: 5 }, { code: '02', n: 16 }, { code: '03', n: 9 }, { code: '05', n: 6 }, { code: '06', n: 5 }]);
  });

  it('takes the weights as a second upload too', async () => {
    const weights = 'PLZ;01;02\n04103;0,5;0,5\n';
    const res = await upload('leipzig_pass_test', { file: { name: 'plz.csv', content: 'PLZ\n04103\n04103\n04103\n' }, weights: { name: 'gewichte.csv', content: weights } }, { layer: 'ortsteil', period: '2023', weights: 'postcode' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ participants: 3, assignment: 'postcode' });
  });

  it('imports aggregated counts from a German CSV all-or-nothing, with file, line and field in errors', async () => {
    const bad = await upload('ferienpass_test', { file: { name: 'zahlen.csv', content: 'Gebiet;Teilnehmende\n62;12\nAtlantis;3\n00;1,5\n' } }, { layer: 'ortsteil', period: '2022' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.location).toMatchObject({ file: 'zahlen.csv', line: 3, field: 'Gebiet' });
    expect(bad.json().error.details.map((d: { line: number; field: string }) => [d.line, d.field])).toEqual([[3, 'Gebiet'], [4, 'Teilnehmende']]);
    expect(bad.json().error.message.en).toMatch(/^2 bad row\(s\); the table was not imported\. Line 3, column "Gebiet"/);
    const ok = await upload('ferienpass_test', { file: { name: 'zahlen.csv', content: 'Gebiet;Jahr;Teilnehmende\nGrünau-Mitte;2022;1.204\n00;2022;300\n' } }, { layer: 'ortsteil', period: '2022' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ source: 'counts', assignment: 'aggregated', participants: 1504, periods: ['2022'] });
    const again = await upload('ferienpass_test', { file: { name: 'zahlen.csv', content: 'Gebiet;Teilnehmende\n62;1200\n' } }, { layer: 'ortsteil', period: '2022' });
    expect(again.statusCode, again.body).toBe(200);
    const obs = (await t.app.inject({ method: 'GET', url: '/api/observations?indicator=uptake_ferienpass_test_teilnehmende&layer=ortsteil&period=2022', headers: as(analyst) })).json();
    expect(obs.find((o: { areaCode: string }) => o.areaCode === '62').value).toBe(1200);
    expect(obs.find((o: { areaCode: string }) => o.areaCode === '00').value).toBeNull(); // no longer 300
  });

  it('leaves no name, street or exact coordinate in any table of the database, nor in the import records', async () => {
    const tables = await t.db.pool.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`);
    expect(tables.rows.map((r) => r.t)).toEqual(expect.arrayContaining(['uptake_counts', 'uptake_imports', 'uptake_services', 'imports', 'audit_log', 'observations']));
    const needles = [...SURNAMES, ...STREETS, 'Geheimname', ...coordinateStrings];
    expect(coordinateStrings.length).toBe(200);
    const found: string[] = [];
    for (const { s, t: name } of tables.rows) {
      const rows = await t.db.pool.query<{ row: string }>(`SELECT x::text AS row FROM "${s}"."${name}" x`);
      const text = rows.rows.map((r) => r.row).join('\n');
      for (const n of needles) if (text.includes(n)) found.push(`${s}.${name}: ${n}`);
    }
    expect(found).toEqual([]);
    const rec = await t.db.pool.query(`SELECT i.*::text AS row FROM uptake_imports i`);
    expect(rec.rows.length).toBeGreaterThanOrEqual(4);
  });
});
