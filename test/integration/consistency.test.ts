// The consistency report on a small invented layer set: a city, two districts, five quarters and a
// grouping, with one quarter lacking a value (the island) and one total off by float noise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestApp } from './helpers.ts';
import { saveIndicator } from '../../src/modules/indicators/service.ts';
import { upsertLayer } from '../../src/modules/areas/service.ts';

let t: TestApp;
let analyst: { cookie: string };
const IND = 'tcon_residents';
const LAYERS = ['tcon_block', 'tcon_group', 'tcon_quarter', 'tcon_district', 'tcon_city'];

async function area(layer: string, code: string, name: string, parent?: { layer: string; code: string }): Promise<number> {
  const r = await t.db.pool.query<{ id: number }>(
    `INSERT INTO areas (layer_id, code, name, parent_id)
     VALUES ((SELECT id FROM layers WHERE key = $1), $2, $3,
             (SELECT a.id FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = $4 AND a.code = $5)) RETURNING id`,
    [layer, code, name, parent?.layer ?? null, parent?.code ?? null],
  );
  return r.rows[0].id;
}

async function cleanUp() {
  await t.db.pool.query('DELETE FROM indicators WHERE key = $1', [IND]);
  for (const l of LAYERS) await t.db.pool.query('DELETE FROM layers WHERE key = $1', [l]);
}

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  await cleanUp();
  await upsertLayer(t.db.pool, { key: 'tcon_city', nameDe: 'Stadt', nameEn: 'City', kind: 'geometry', sort: 900 });
  await upsertLayer(t.db.pool, { key: 'tcon_district', nameDe: 'Bezirk', nameEn: 'District', kind: 'geometry', parentKey: 'tcon_city', sort: 901 });
  await upsertLayer(t.db.pool, { key: 'tcon_quarter', nameDe: 'Stadtteil', nameEn: 'Quarter', kind: 'geometry', parentKey: 'tcon_district', sort: 902 });
  await upsertLayer(t.db.pool, { key: 'tcon_group', nameDe: 'Gruppe', nameEn: 'Group', kind: 'grouping', memberKey: 'tcon_quarter', sort: 903 });
  await area('tcon_city', '0', 'Teststadt');
  await area('tcon_district', '1', 'Nord', { layer: 'tcon_city', code: '0' });
  await area('tcon_district', '2', 'Süd', { layer: 'tcon_city', code: '0' });
  const q = [
    await area('tcon_quarter', '11', 'Hafen', { layer: 'tcon_district', code: '1' }),
    await area('tcon_quarter', '12', 'Insel', { layer: 'tcon_district', code: '1' }),
    await area('tcon_quarter', '21', 'Markt', { layer: 'tcon_district', code: '2' }),
    await area('tcon_quarter', '22', 'Wiese', { layer: 'tcon_district', code: '2' }),
    await area('tcon_quarter', '23', 'Wald', { layer: 'tcon_district', code: '2' }),
  ];
  // A finer layer that carries no value of the indicator at all: nothing to compare, not incomplete.
  await upsertLayer(t.db.pool, { key: 'tcon_block', nameDe: 'Block', nameEn: 'Block', kind: 'geometry', parentKey: 'tcon_quarter', sort: 904 });
  await area('tcon_block', '111', 'Kai', { layer: 'tcon_quarter', code: '11' });
  const g = await area('tcon_group', 'G1', 'Hafen und Markt');
  await t.db.pool.query('INSERT INTO area_members (group_id, member_id) VALUES ($1, $2), ($1, $3)', [g, q[0], q[2]]);
  const id = await saveIndicator(t.db.pool, { key: IND, name: 'Einwohner (Test)', nameEn: 'Residents (test)', unit: 'Personen', unitEn: 'persons', topic: 'bevoelkerung', polarity: 'neutral', kind: 'count', scale: 1, decimals: 0, suppressionK: 0 });
  const values: [string, string, number][] = [
    // City = Nord + Süd exactly, up to float noise in the sum of three fractional estimates.
    ['tcon_city', '0', 10_000.3], ['tcon_district', '1', 6777 + 2000], ['tcon_district', '2', 10_000.3 - 8777],
    // Nord: the island has no value, 6,777 residents are unaccounted for.
    ['tcon_quarter', '11', 2000],
    // Süd: 0.1 + 0.2 + 1223 is 1223.3000000000002, not 1223.3 — noise, not a difference.
    ['tcon_quarter', '21', 0.1], ['tcon_quarter', '22', 0.2], ['tcon_quarter', '23', 1223],
    // The grouping publishes its own total: one resident more than its members.
    ['tcon_group', 'G1', 2000.1 + 1],
  ];
  for (const [layer, code, value] of values) {
    await t.db.pool.query(
      `INSERT INTO observations (area_id, indicator_id, period, value)
       SELECT a.id, $3, '2024', $4 FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = $1 AND a.code = $2`,
      [layer, code, id, value],
    );
  }
});
afterAll(async () => {
  if (t) await cleanUp();
  await t?.close();
});

type Row = { parentLayer: string; parentName: string; childLayer: string; relation: string; status: string; children: number; childrenWithValue: number; published: number; sumOfChildren: number; difference: number; knownDifferenceAtLeast: number; note: { de: string; en: string } };
const report = async (query: string): Promise<Row[]> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/consistency?indicator=${IND}${query}`, headers: { cookie: analyst.cookie } });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json();
};

describe('consistency report: incomplete parents, groupings and float noise', () => {
  it('lists every declared relation with a status: the city, both districts and the grouping (not the block layer without values)', async () => {
    const rows = await report('&period=2024');
    expect(rows.map((r) => `${r.parentName}/${r.relation}/${r.status}`).sort()).toEqual([
      'Hafen und Markt/grouping/different', 'Nord/hierarchy/incomplete', 'Süd/hierarchy/equal', 'Teststadt/hierarchy/equal',
    ]);
  });

  it('reports Nord as 1 of 2 children with values and the 6,777 residents no known child holds', async () => {
    const nord = (await report('')).find((r) => r.parentName === 'Nord')!;
    expect(nord).toMatchObject({ status: 'incomplete', children: 2, childrenWithValue: 1, published: 8777, sumOfChildren: 2000, difference: 6777, knownDifferenceAtLeast: 0 });
    expect(nord.note.en).toBe('incomplete: 1 of 2 children have values; 6,777 are not held by any known child (the missing ones would have to hold exactly that).');
  });

  it('counts Süd equal although 0.1 + 0.2 + 1223 differs from 1223.3 in the last bit', async () => {
    const sued = (await report('')).find((r) => r.parentName === 'Süd')!;
    expect(sued).toMatchObject({ status: 'equal', difference: 0, childrenWithValue: 3 });
  });

  it('checks a grouping against its members: one resident more than Hafen and Markt hold', async () => {
    const g = (await report('')).find((r) => r.relation === 'grouping')!;
    expect(g).toMatchObject({ parentLayer: 'tcon_group', childLayer: 'tcon_quarter', children: 2, status: 'different', knownDifferenceAtLeast: 1 });
    expect(g.difference).toBeCloseTo(1, 9);
  });

  it('returns the incomplete parent among the differences, not []', async () => {
    const rows = await report('&differencesOnly=true');
    expect(rows.map((r) => r.parentName).sort()).toEqual(['Hafen und Markt', 'Nord']);
  });

  it('lets the caller widen the tolerance so that the grouping counts as equal', async () => {
    const rows = await report('&differencesOnly=true&absoluteTolerance=1.5');
    expect(rows.map((r) => r.parentName)).toEqual(['Nord']);
  });
});
