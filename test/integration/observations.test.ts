// Series variants and breakdowns on the loaded Leipzig data: a projection written for a year that
// has actuals never shows in actuals, aggregates, index inputs, profiles or downloads; for a year
// without actuals GET /api/observations serves it with forecast: true and its scenario named; the
// key (indicator, period, area, variant) keeps both; breakdowns must sum to their totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestApp } from './helpers.ts';
import { withTransaction } from '../../src/db/connection.ts';
import * as observations from '../../src/modules/observations/service.ts';
import { OBSERVED_VARIANT_ID } from '../../src/core/flags.ts';

let t: TestApp;
let analyst: { cookie: string };
const IND = 'einwohner';
const FUTURE = '2039';
const MARK = 7_654_000;
let actualPeriod: string;
let ortsteile: { id: number; code: string; value: number | null }[];
let mittel: number;
let hoch: number;
const before = new Map<string, string>();

/** The answer without the times it was made and its indicators last written (a write bumps them). */
function stable(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), (k, v) => (k === 'generatedAt' || k === 'updatedAt' ? undefined : v));
  } catch {
    return body; // CSV
  }
}

const get = async (url: string, who: { cookie: string } | null = analyst) => {
  const res = await t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  return res;
};

/** Read paths of actual values whose answers must not change when projections are written. */
const actualReads = () => {
  const code = ortsteile[0].code;
  return [
    `/api/observations?indicator=${IND}&period=${actualPeriod}&layer=ortsteil`,
    `/api/observations?indicator=${IND}&period=${actualPeriod}&layer=stadtbezirk`,
    `/api/observations?indicator=${IND}&period=${actualPeriod}&layer=planungsraum`,
    `/api/observations?indicator=${IND}&period=${actualPeriod}&layer=ortsteil&scenario=hoch`,
    `/api/areas/ortsteil/${code}/series?indicator=${IND}`,
    `/api/aggregate?indicator=${IND}&layer=ortsteil&codes=${ortsteile.slice(0, 5).map((o) => o.code).join(',')}&period=${actualPeriod}`,
    `/api/downloads/observations.csv?indicator=${IND}&layer=ortsteil`,
    `/api/downloads/observations.csv?indicator=${IND}&layer=stadtbezirk`,
    `/api/inequality?indicator=${IND}&layer=ortsteil`,
    `/api/consistency?indicator=${IND}`,
    `/api/areas/ortsteil/${code}/profile`,
    `/api/public/observations?indicator=${IND}&period=${actualPeriod}&layer=ortsteil`,
  ];
};

async function cleanUp() {
  await t.db.pool.query("DELETE FROM observations WHERE variant_id IN (SELECT id FROM series_variants WHERE model LIKE 'test-%')");
  await t.db.pool.query("DELETE FROM series_variants WHERE model LIKE 'test-%'");
  await t.db.pool.query("DELETE FROM observations WHERE indicator_id IN (SELECT id FROM indicators WHERE key LIKE 'tobs_%')");
  await t.db.pool.query("DELETE FROM indicators WHERE key LIKE 'tobs_%'");
  await t.db.pool.query("UPDATE indicators SET updated_at = clock_timestamp() WHERE key = $1", [IND]);
}

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  await cleanUp();
  const ind = (await t.db.pool.query<{ id: number }>('SELECT id FROM indicators WHERE key = $1', [IND])).rows[0];
  actualPeriod = (await t.db.pool.query<{ p: string }>('SELECT max(period) AS p FROM observations WHERE indicator_id = $1 AND variant_id = 1', [ind.id])).rows[0].p;
  ortsteile = (await t.db.pool.query(
    `SELECT a.id, a.code, o.value FROM areas a JOIN layers l ON l.id = a.layer_id
       LEFT JOIN observations o ON o.area_id = a.id AND o.indicator_id = $1 AND o.period = $2 AND o.variant_id = 1
      WHERE l.key = 'ortsteil' AND a.valid_to IS NULL ORDER BY a.code`, [ind.id, actualPeriod],
  )).rows;
  for (const url of actualReads()) {
    const res = await get(url, url.includes('/public/') ? null : analyst);
    expect(res.statusCode, url).toBe(200);
    before.set(url, stable(res.body));
  }
  // Two scenarios of one test projection, written for a year with actuals (marked values) and a future year.
  await withTransaction(t.db, async (q) => {
    mittel = await observations.ensureVariant(q, { kind: 'projection', model: 'test-ccm/1', scenario: 'mittel', vintage: Number(actualPeriod), basis: 'register', label: 'Testprognose mittel', isDefault: true });
    hoch = await observations.ensureVariant(q, { kind: 'projection', model: 'test-ccm/1', scenario: 'hoch', vintage: Number(actualPeriod), basis: 'register' });
    for (const [variantId, add] of [[mittel, 0], [hoch, 500]] as const) {
      await observations.writeObservations(q, ortsteile.flatMap((o, i) => [
        { areaId: o.id, indicatorId: ind.id, period: actualPeriod, value: MARK + i, estimated: true },
        { areaId: o.id, indicatorId: ind.id, period: FUTURE, value: 1000 + i + add, estimated: true },
      ]), { variantId, runId: 4711 });
    }
  });
}, 240_000);

afterAll(async () => {
  if (t) await cleanUp();
  await t?.close();
});

describe('series variants', () => {
  it('finds the same variant again by its identity and refuses an incomplete one', async () => {
    const again = await observations.ensureVariant(t.db.pool, { kind: 'projection', model: 'test-ccm/1', scenario: 'mittel', vintage: Number(actualPeriod), basis: 'register' });
    expect(again).toBe(mittel);
    expect(hoch).not.toBe(mittel);
    const v = await observations.requireVariant(t.db.pool, mittel);
    expect(v).toMatchObject({ kind: 'projection', model: 'test-ccm/1', scenario: 'mittel', basis: 'register', label: 'Testprognose mittel', isDefault: true });
    expect((await observations.requireVariant(t.db.pool, OBSERVED_VARIANT_ID)).kind).toBe('observed');
    await expect(observations.ensureVariant(t.db.pool, { kind: 'projection', model: 'test-ccm/1', scenario: '', vintage: 2024, basis: 'register' })).rejects.toMatchObject({ code: 'VARIANT_INVALID' });
    await expect(observations.ensureVariant(t.db.pool, { kind: 'observed' as 'projection', model: 'x', scenario: 'y', vintage: 2024, basis: 'register' })).rejects.toMatchObject({ code: 'VARIANT_INVALID' });
    await expect(observations.writeObservations(t.db.pool, [], { variantId: 987654 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists the variants for everyone, the observed one first', async () => {
    const res = await get('/api/observations/variants', null);
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: number; kind: string; scenario: string | null; isDefault: boolean }[];
    expect(list[0]).toMatchObject({ id: OBSERVED_VARIANT_ID, kind: 'observed', scenario: null });
    expect(list.filter((v) => v.id === mittel || v.id === hoch).map((v) => [v.scenario, v.isDefault])).toEqual([['mittel', true], ['hoch', false]]);
  });

  it('never lets a projection into actuals, aggregates, index inputs, profiles or downloads', async () => {
    for (const url of actualReads()) {
      const res = await get(url, url.includes('/public/') ? null : analyst);
      expect(res.statusCode, url).toBe(200);
      expect(stable(res.body), url).toBe(before.get(url));
      expect(res.body, url).not.toContain('7654');
      expect(res.body, url).not.toContain(`"${FUTURE}"`);
      expect(res.body, url).not.toMatch(new RegExp(`(^|[;,\n])${FUTURE}([;,]|$)`, 'm'));
    }
    const actual = (await get(`/api/observations?indicator=${IND}&period=${actualPeriod}&layer=ortsteil`)).json() as { areaCode: string; value: number | null; forecast: boolean; variant: { id: number } }[];
    expect(actual.every((v) => v.forecast === false && v.variant.id === OBSERVED_VARIANT_ID)).toBe(true);
    expect(actual.map((v) => v.value)).toEqual(ortsteile.map((o) => o.value));
    const ind = (await get(`/api/indicators/${IND}`)).json() as { periods: string[] };
    expect(ind.periods).toContain(actualPeriod);
    expect(ind.periods).not.toContain(FUTURE);
  });

  it('reads one variant\'s values, aggregated within it', async () => {
    const own = await observations.variantValues(t.db.pool, { indicator: IND, layer: 'stadt', period: actualPeriod, variantId: hoch });
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ aggregated: true, value: ortsteile.reduce((s, _o, i) => s + MARK + i, 0) });
    await expect(observations.variantValues(t.db.pool, { indicator: IND, layer: 'stadt', period: actualPeriod, variantId: 987654 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps observed and projected values of the same year apart under the key (indicator, period, area, variant)', async () => {
    const o = ortsteile[0];
    const rows = (await t.db.pool.query(
      'SELECT variant_id, value, run_id FROM observations WHERE area_id = $1 AND period = $2 AND indicator_id = (SELECT id FROM indicators WHERE key = $3) ORDER BY variant_id',
      [o.id, actualPeriod, IND],
    )).rows;
    expect(rows.map((r) => r.variant_id)).toEqual([OBSERVED_VARIANT_ID, mittel, hoch].sort((a, b) => a - b));
    expect(rows.find((r) => r.variant_id === OBSERVED_VARIANT_ID)!.value).toBe(o.value);
    expect(rows.find((r) => r.variant_id === mittel)).toMatchObject({ value: MARK, run_id: 4711 });
    // writing again replaces within the variant
    const indId = (await t.db.pool.query('SELECT id FROM indicators WHERE key = $1', [IND])).rows[0].id as number;
    const { written } = await observations.writeObservations(t.db.pool, [{ areaId: o.id, indicatorId: indId, period: actualPeriod, value: MARK + 7 }], { variantId: mittel });
    expect(written).toBe(1);
    const n = await t.db.pool.query('SELECT count(*)::int AS n, max(value) AS v FROM observations WHERE area_id = $1 AND period = $2 AND indicator_id = $3 AND variant_id = $4', [o.id, actualPeriod, indId, mittel]);
    expect(n.rows[0]).toEqual({ n: 1, v: MARK + 7 });
    // the database itself refuses a second row with the same key
    await expect(t.db.pool.query('INSERT INTO observations (area_id, indicator_id, period, value, variant_id) VALUES ($1, $2, $3, 1, $4)', [o.id, indId, actualPeriod, mittel]))
      .rejects.toMatchObject({ code: '23505' });
    await expect(t.db.pool.query('INSERT INTO observations (area_id, indicator_id, period, value) VALUES ($1, $2, $3, 1)', [o.id, indId, actualPeriod]))
      .rejects.toMatchObject({ code: '23505' });
    const defaulted = await t.db.pool.query("SELECT column_default FROM information_schema.columns WHERE table_name = 'observations' AND column_name = 'variant_id'");
    expect(defaulted.rows[0].column_default).toBe(String(OBSERVED_VARIANT_ID));
  });
});

describe('GET /api/observations: the contract for projected values', () => {
  type Value = { areaCode: string; value: number | null; forecast: boolean; scenario: string | null; aggregated: boolean; variant: { id: number; kind: string; model: string | null; scenario: string | null; vintage: number | null; basis: string | null } };

  it('serves the default scenario for a period without actuals, each value marked as forecast and named', async () => {
    const res = await get(`/api/observations?indicator=${IND}&period=${FUTURE}&layer=ortsteil`);
    expect(res.statusCode).toBe(200);
    const values = res.json() as Value[];
    expect(values).toHaveLength(ortsteile.length);
    expect(values.every((v) => v.forecast === true && v.scenario === 'mittel' && v.variant.id === mittel)).toBe(true);
    expect(values[0].variant).toMatchObject({ kind: 'projection', model: 'test-ccm/1', scenario: 'mittel', vintage: Number(actualPeriod), basis: 'register' });
    expect(values.map((v) => v.value)).toEqual(ortsteile.map((_o, i) => 1000 + i));
  });

  it('serves the asked scenario or variant, and says so when a scenario has no values', async () => {
    const byName = (await get(`/api/observations?indicator=${IND}&period=${FUTURE}&layer=ortsteil&scenario=hoch`)).json() as Value[];
    expect(byName.every((v) => v.forecast && v.scenario === 'hoch')).toBe(true);
    expect(byName.map((v) => v.value)).toEqual(ortsteile.map((_o, i) => 1500 + i));
    const byId = (await get(`/api/observations?indicator=${IND}&period=${FUTURE}&layer=ortsteil&variant=${hoch}`)).json() as Value[];
    expect(byId).toEqual(byName);
    const unknown = await get(`/api/observations?indicator=${IND}&period=${FUTURE}&layer=ortsteil&scenario=gibtsnicht`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
  });

  it('aggregates a projection within its variant to the parent layers', async () => {
    const districts = (await get(`/api/observations?indicator=${IND}&period=${FUTURE}&layer=stadtbezirk`)).json() as Value[];
    expect(districts.length).toBeGreaterThan(0);
    expect(districts.every((v) => v.forecast && v.aggregated && v.scenario === 'mittel')).toBe(true);
    const sum = districts.reduce((s, v) => s + (v.value ?? 0), 0);
    expect(sum).toBe(ortsteile.reduce((s, _o, i) => s + 1000 + i, 0));
  });

  it('shows the public the same forecast without numerator/denominator', async () => {
    const res = await get(`/api/observations?indicator=${IND}&period=${FUTURE}&layer=ortsteil`, null);
    expect(res.statusCode).toBe(200);
    const values = res.json() as (Value & { numerator: number | null })[];
    expect(values.every((v) => v.forecast && v.numerator === null && v.scenario === 'mittel')).toBe(true);
    expect(values.map((v) => v.value)).toEqual(ortsteile.map((_o, i) => 1000 + i));
  });

  it('answers a period with actuals with actuals only, whatever scenario is asked for', async () => {
    const values = (await get(`/api/observations?indicator=${IND}&period=${actualPeriod}&layer=ortsteil&variant=${mittel}`)).json() as Value[];
    expect(values.every((v) => v.forecast === false && v.scenario === null && v.variant.kind === 'observed')).toBe(true);
    expect(values.map((v) => v.value)).toEqual(ortsteile.map((o) => o.value));
  });

  it('sees a new projection at once (the write bumps the data version of the cached answers)', async () => {
    const year = '2041';
    const empty = (await get(`/api/observations?indicator=${IND}&period=${year}&layer=ortsteil`)).json() as (Value & { reason?: string })[];
    expect(empty.every((v) => !v.forecast && v.value === null && v.reason === 'NO_DATA')).toBe(true);
    const indId = (await t.db.pool.query('SELECT id FROM indicators WHERE key = $1', [IND])).rows[0].id as number;
    await observations.writeObservations(t.db.pool, [{ areaId: ortsteile[1].id, indicatorId: indId, period: year, value: 42 }], { variantId: hoch });
    const now = (await get(`/api/observations?indicator=${IND}&period=${year}&layer=ortsteil`)).json() as Value[];
    expect(now.find((v) => v.areaCode === ortsteile[1].code)).toMatchObject({ forecast: true, scenario: 'hoch', value: 42 });
  });
});

describe('breakdowns (age × sex)', () => {
  const group = (areaId: number, indicatorId: number, total: number, cells: [number | null, number | null, 'w' | 'm' | null, number][]) => ({
    areaId, indicatorId, period: '2020', value: total, where: `Testgebiet ${areaId}`,
    categories: cells.map(([ageFrom, ageTo, sex, value]) => ({ ageFrom, ageTo, sex, value })),
  });
  let indId: number;
  const stored = async (areaId: number) => (await t.db.pool.query(
    `SELECT b.age_from, b.age_to, b.sex, b.value FROM observation_breakdowns b JOIN observations o ON o.id = b.observation_id
      WHERE o.area_id = $1 AND o.indicator_id = $2 ORDER BY b.sex NULLS FIRST, b.age_from NULLS FIRST`, [areaId, indId])).rows;

  beforeAll(async () => {
    indId = (await t.db.pool.query<{ id: number }>(
      "INSERT INTO indicators (key, name_de, name_en, kind) VALUES ('tobs_bev', 'Testbevölkerung', 'Test population', 'count') RETURNING id",
    )).rows[0].id;
  });

  it('stores totals with categories that add up, and reads them back', async () => {
    const a = ortsteile[0].id;
    const res = await observations.writeBreakdowns(t.db.pool, [group(a, indId, 100, [
      [0, 15, 'w', 10], [15, 65, 'w', 30], [65, null, 'w', 12], [0, 15, 'm', 11], [15, 65, 'm', 29], [65, null, 'm', 8],
      [null, null, 'w', 52], [null, null, 'm', 48],
    ])]);
    expect(res).toEqual({ written: 1, categories: 8, warnings: [] });
    const back = await observations.readBreakdowns(t.db.pool, { indicator: 'tobs_bev', areaIds: [a] });
    expect(back).toHaveLength(8);
    expect(back.every((b) => b.total === 100)).toBe(true);
    expect(back.find((b) => b.sex === 'w' && b.ageFrom === 65)).toMatchObject({ ageTo: null, value: 12 });
    // writing again replaces the categories of that total
    await observations.writeBreakdowns(t.db.pool, [group(a, indId, 100, [[null, null, 'w', 52], [null, null, 'm', 48]])]);
    expect(await stored(a)).toHaveLength(2);
  });

  it('refuses parts that miss the total when no rounding is stated, and writes nothing', async () => {
    const a = ortsteile[1].id;
    const write = withTransaction(t.db, (q) => observations.writeBreakdowns(q, [group(a, indId, 100, [[0, 18, null, 20], [18, null, null, 79]])]));
    await expect(write).rejects.toMatchObject({ code: 'BREAKDOWN_SUM_MISMATCH' });
    expect(await stored(a)).toHaveLength(0);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM observations WHERE area_id = $1 AND indicator_id = $2', [a, indId])).rows[0].n).toBe(0);
  });

  it('accepts a publisher’s rounded parts with a warning and keeps them as published; beyond the rounding it refuses', async () => {
    const a = ortsteile[2].id;
    // rounded to 10: 3 parts + total may be off by up to 4 × 5 = 20
    const res = await observations.writeBreakdowns(t.db.pool, [group(a, indId, 1000, [[0, 18, null, 190], [18, 65, null, 620], [65, null, null, 180]])], { rounding: 10 });
    expect(res.warnings.map((w) => w.code)).toEqual(['BREAKDOWN_ROUNDED']);
    expect(res.warnings[0].en).toContain('990');
    expect((await stored(a)).map((r) => r.value)).toEqual([190, 620, 180]);
    await expect(observations.writeBreakdowns(t.db.pool, [group(a, indId, 1000, [[0, 18, null, 190], [18, 65, null, 600], [65, null, null, 180]])], { rounding: 10 }))
      .rejects.toMatchObject({ code: 'BREAKDOWN_SUM_MISMATCH' });
  });

  it('does not check bands that do not cover all ages, and refuses invalid categories', async () => {
    const a = ortsteile[3].id;
    const planning = await observations.writeBreakdowns(t.db.pool, [group(a, indId, 500, [[0, 6, null, 30], [6, 10, null, 20], [10, 15, null, 25]])]);
    expect(planning.warnings).toEqual([]);
    await expect(observations.writeBreakdowns(t.db.pool, [group(a, indId, 500, [[10, 6, null, 30]])])).rejects.toMatchObject({ code: 'BREAKDOWN_INVALID' });
    await expect(observations.writeBreakdowns(t.db.pool, [{ ...group(a, indId, 500, []), categories: [{ sex: 'x' as 'w', value: 1 }] }])).rejects.toMatchObject({ code: 'BREAKDOWN_INVALID' });
    await expect(observations.writeBreakdowns(t.db.pool, [group(a, indId, 500, [[0, 6, null, 30], [0, 6, null, 31]])])).rejects.toMatchObject({ code: 'BREAKDOWN_INVALID' });
  });

  it('keeps breakdowns apart per variant and deletes them with their observation', async () => {
    const a = ortsteile[4].id;
    await observations.writeBreakdowns(t.db.pool, [group(a, indId, 10, [[null, null, 'w', 6], [null, null, 'm', 4]])]);
    await observations.writeBreakdowns(t.db.pool, [group(a, indId, 20, [[null, null, 'w', 11], [null, null, 'm', 9]])], { variantId: mittel });
    expect((await observations.readBreakdowns(t.db.pool, { indicator: 'tobs_bev', areaIds: [a] })).map((b) => [b.sex, b.value])).toEqual([['m', 4], ['w', 6]]);
    expect((await observations.readBreakdowns(t.db.pool, { indicator: 'tobs_bev', areaIds: [a], variantId: mittel })).map((b) => [b.sex, b.value])).toEqual([['m', 9], ['w', 11]]);
    await t.db.pool.query('DELETE FROM observations WHERE area_id = $1 AND indicator_id = $2', [a, indId]);
    expect(await stored(a)).toHaveLength(0);
  });
});
