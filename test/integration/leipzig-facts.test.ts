// The facts of ../shared/data/README.md, reproduced through the HTTP API on each backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
// The consistency report compares true values: an internal role reads it.
let analyst: { cookie: string };
beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
});
afterAll(async () => t?.close());

const get = async (url: string, internal = url.startsWith('/api/consistency')) => {
  const res = await t.app.inject({ method: 'GET', url, ...(internal ? { headers: { cookie: analyst.cookie } } : {}) });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json();
};

type Obs = { areaCode: string; areaName: string; value: number | null; aggregated: boolean };
const byName = (rows: Obs[], name: string) => rows.find((r) => r.areaName === name);

describe('Leipzig through the API', () => {
  it('answers the health check', async () => {
    expect(await get('/api/health')).toEqual({ status: 'ok' });
  });

  it('lists the four layers with 63 Ortsteile, 10 Stadtbezirke, 7 planning areas and the city', async () => {
    const layers: { key: string; areaCount: number }[] = await get('/api/layers');
    const counts = Object.fromEntries(layers.map((l) => [l.key, l.areaCount]));
    expect(counts).toMatchObject({ ortsteil: 63, stadtbezirk: 10, planungsraum: 7, stadt: 1 });
  });

  it('serves the Ortsteile as GeoJSON with code and name, and simplifies on request', async () => {
    const fc = await get('/api/areas?layer=ortsteil');
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(63);
    const gm = fc.features.find((f: { properties: { name: string } }) => f.properties.name === 'Grünau-Mitte');
    expect(gm.properties.code).toBe('62');
    expect(gm.geometry.type).toBe('MultiPolygon');
    const full = JSON.stringify(fc).length;
    const simplified = JSON.stringify(await get('/api/areas?layer=ortsteil&simplify=50')).length;
    expect(simplified).toBeLessThan(full);
  });

  it('computes the area of the 63 Ortsteile in the projected CRS (about 296.7 km²)', async () => {
    const fc = await get('/api/areas?layer=ortsteil');
    const km2 = fc.features.reduce((s: number, f: { properties: { areaKm2: number } }) => s + f.properties.areaKm2, 0);
    expect(km2).toBeGreaterThan(295.5);
    expect(km2).toBeLessThan(298);
  });

  it('lists einwohner and auslaender among the indicators, with periods 2000–2024', async () => {
    const inds: { key: string; periods: string[]; unit: string }[] = await get('/api/indicators');
    const einwohner = inds.find((i) => i.key === 'einwohner');
    expect(einwohner?.periods[0]).toBe('2000');
    expect(einwohner?.periods.at(-1)).toBe('2024');
    expect(inds.some((i) => i.key === 'auslaender')).toBe(true);
  });

  it('gives Grünau-Mitte 14,046 and Volkmarsdorf 14,158 residents in 2024', async () => {
    const rows: Obs[] = await get('/api/observations?indicator=einwohner&period=2024&layer=ortsteil');
    expect(rows).toHaveLength(63);
    expect(byName(rows, 'Grünau-Mitte')?.value).toBe(14046);
    expect(byName(rows, 'Volkmarsdorf')?.value).toBe(14158);
  });

  it('gives Grünau-Mitte 3,835 and Volkmarsdorf 4,976 foreigners in 2024', async () => {
    const rows: Obs[] = await get('/api/observations?indicator=auslaender&period=2024&layer=ortsteil');
    expect(byName(rows, 'Grünau-Mitte')?.value).toBe(3835);
    expect(byName(rows, 'Volkmarsdorf')?.value).toBe(4976);
  });

  it('aggregates the planning area Grünau to 57,231 residents in 2024', async () => {
    const rows: Obs[] = await get('/api/observations?indicator=einwohner&period=2024&layer=planungsraum');
    expect(rows).toHaveLength(7);
    const gruenau = byName(rows, 'Grünau');
    expect(gruenau?.value).toBe(57231);
    expect(gruenau?.aggregated).toBe(true);
  });

  it('gives the city 632,562 residents and 92,048 foreigners (14.55 %) in 2024', async () => {
    const [city] = (await get('/api/observations?indicator=einwohner&period=2024&layer=stadt')) as Obs[];
    expect(city.value).toBe(632562);
    const [foreign] = (await get('/api/observations?indicator=auslaender&period=2024&layer=stadt')) as Obs[];
    expect(foreign.value).toBe(92048);
    expect(Math.round((foreign.value! / city.value!) * 10000) / 100).toBe(14.55);
  });

  it('shows the 2 residents that no Ortsteil holds in the consistency report', async () => {
    const rows: { parentLayer: string; childLayer: string; published: number; sumOfChildren: number; difference: number }[] =
      await get('/api/consistency?indicator=einwohner&period=2024&differencesOnly=true');
    expect(rows).toEqual([expect.objectContaining({ parentLayer: 'stadt', childLayer: 'stadtbezirk', published: 632562, sumOfChildren: 632560, difference: 2 })]);
  });

  it('finds every Stadtbezirk equal to the sum of its Ortsteile for all five population indicators and 25 years', async () => {
    for (const key of ['einwohner', 'maennlich', 'weiblich', 'deutsche', 'auslaender']) {
      const rows: { parentLayer: string; period: string; difference: number }[] = await get(`/api/consistency?indicator=${key}`);
      const boroughs = rows.filter((r) => r.parentLayer === 'stadtbezirk');
      expect(boroughs).toHaveLength(10 * 25);
      expect(boroughs.filter((r) => r.difference !== 0)).toEqual([]);
    }
  });

  it('aggregates a share from numerators and denominators, never as a mean of shares', async () => {
    // Numerator and denominator are internal (the public sees the value only).
    const rows: { areaName: string; value: number; numerator: number; denominator: number }[] =
      await get('/api/observations?indicator=auslaenderanteil&period=2024&layer=planungsraum', true);
    const gruenau = rows.find((r) => r.areaName === 'Grünau')!;
    expect(gruenau.denominator).toBe(57231);
    expect(gruenau.value).toBeCloseTo((gruenau.numerator / 57231) * 100, 10);
    const shown: { areaName: string; value: number }[] = await get('/api/observations?indicator=auslaenderanteil&period=2024&layer=planungsraum');
    expect(shown.find((r) => r.areaName === 'Grünau')!.value).toBeCloseTo(gruenau.value, 10);
  });

  it('gives SGB-II-Quote 2019: Grünau-Mitte 36, Volkmarsdorf 30, Schleußig 4', async () => {
    const rows: Obs[] = await get('/api/observations?indicator=sgb2_quote&period=2019&layer=ortsteil');
    expect(byName(rows, 'Grünau-Mitte')?.value).toBe(36);
    expect(byName(rows, 'Volkmarsdorf')?.value).toBe(30);
    expect(byName(rows, 'Schleußig')?.value).toBe(4);
  });

  it('returns a time series of an area with every year', async () => {
    const s = await get('/api/areas/ortsteil/62/series?indicator=einwohner');
    expect(s.area.name).toBe('Grünau-Mitte');
    expect(s.points).toHaveLength(25);
    expect(s.points.at(-1)).toMatchObject({ period: '2024', value: 14046 });
  });

  it('answers unknown layers and indicators with a 404 in German and English', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/observations?indicator=gibtsnicht&period=2024&layer=ortsteil' });
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message.de).toContain('gibtsnicht');
    expect(body.error.message.en).toContain('gibtsnicht');
  });
});
