// Reports through the HTTP API on each backend: area profiles, aggregates of selections (METHODS §1),
// downloads (CSV dialects, XLSX, GeoJSON, formula safety), named selections and the profile PDF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testApp, signIn, type TestApp } from './helpers.ts';
import { csvCell } from '../../src/io/csv-write.ts';
import { xlsxCell } from '../../src/io/xlsx.ts';
import { closePdfBrowser, chromiumPath } from '../../src/io/pdf.ts';
import { profileHtml } from '../../src/modules/reports/print.ts';
import fs from 'node:fs';

let t: TestApp;
// Most checks read true values as an internal role; the public view is checked on its own below.
let analyst: { cookie: string };
beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
});
afterAll(async () => {
  await closePdfBrowser();
  await t?.close();
});

const get = async (url: string, status = 200, who: { cookie: string } | null = analyst) => {
  const res = await t.app.inject({ method: 'GET', url, ...(who ? { headers: { cookie: who.cookie } } : {}) });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(status);
  return res;
};

const GRUENAU = ['61', '62', '63', '64', '65'];

describe('aggregates of a selection', () => {
  it('sums numerators and denominators of a share, never averaging the rates', async () => {
    const agg = (await get(`/api/aggregate?indicator=auslaenderanteil&layer=ortsteil&period=2024&codes=${GRUENAU.join(',')}`)).json();
    const obs: { areaCode: string; value: number; numerator: number; denominator: number }[] = (await get('/api/observations?indicator=auslaenderanteil&period=2024&layer=ortsteil')).json();
    const members = obs.filter((o) => GRUENAU.includes(o.areaCode));
    const num = members.reduce((a, o) => a + o.numerator, 0);
    const den = members.reduce((a, o) => a + o.denominator, 0);
    const meanOfRates = members.reduce((a, o) => a + o.value, 0) / members.length;
    expect(agg.periods).toHaveLength(1);
    expect(agg.periods[0].numerator).toBe(num);
    expect(agg.periods[0].denominator).toBe(den);
    expect(agg.periods[0].value).toBeCloseTo((num / den) * 100, 10);
    expect(Math.abs(agg.periods[0].value - meanOfRates)).toBeGreaterThan(0.1);
    expect(agg.members.map((m: { name: string }) => m.name)).toContain('Grünau-Mitte');
  });

  it('adds counts and gives every period when none is asked for', async () => {
    const agg = (await get('/api/aggregate?indicator=einwohner&layer=ortsteil&codes=62,63')).json();
    const p2024 = agg.periods.find((p: { period: string }) => p.period === '2024');
    expect(p2024.value).toBe(14046 + 3864);
    expect(agg.periods.length).toBeGreaterThan(20);
  });

  it('says why a share without numerators cannot be aggregated instead of averaging it', async () => {
    const agg = (await get('/api/aggregate?indicator=sgb2_quote&layer=ortsteil&period=2019&codes=62,63')).json();
    expect(agg.periods[0].value).toBeNull();
    expect(agg.periods[0].reason).toBe('INCOMPLETE');
  });

  it('rejects unknown area codes with a 404 naming them', async () => {
    const res = await get('/api/aggregate?indicator=einwohner&layer=ortsteil&codes=62,nope', 404);
    expect(res.json().error.code).toBe('AREA_UNKNOWN');
    expect(res.json().error.message.de).toContain('nope');
  });
});

describe('area profile', () => {
  it('gives Grünau-Mitte its key figures, compared with Stadtbezirk West and the city', async () => {
    const p = (await get('/api/areas/ortsteil/62/profile')).json();
    expect(p.area).toMatchObject({ code: '62', name: 'Grünau-Mitte', layer: 'ortsteil' });
    expect(p.parent).toMatchObject({ layer: 'stadtbezirk', name: 'West' });
    expect(p.city).toMatchObject({ layer: 'stadt', name: 'Leipzig' });
    const keys = p.sections.map((s: { key: string }) => s.key);
    expect(keys).toEqual(['key_figures', 'age_bands', 'social', 'youth', 'education']);
    const residents = p.sections[0].items.find((i: { slot: string }) => i.slot === 'residents');
    expect(residents).toMatchObject({ available: true, period: '2024', value: 14046 });
    expect(residents.city.value).toBe(632562);
    expect(residents.change).toBe(14046 - residents.previous.value);
    expect(residents.indicator.source).toContain('Leipzig');
    expect(residents.series.length).toBeGreaterThan(20);
  });

  it('shows no age bands for Leipzig and says so, never inventing them', async () => {
    const p = (await get('/api/areas/ortsteil/62/profile')).json();
    const age = p.sections.find((s: { key: string }) => s.key === 'age_bands');
    expect(age.items.map((i: { slot: string }) => i.slot)).toEqual(['age_u6', 'age_6_10', 'age_10_15', 'age_15_18', 'age_18_27']);
    expect(age.items.every((i: { available: boolean; value: unknown }) => !i.available && i.value === null)).toBe(true);
    expect(age.note.de).toContain('keine Altersgruppen');
  });

  it('compares a share with the city through its Wilson interval', async () => {
    const p = (await get('/api/areas/ortsteil/62/profile')).json();
    const social = p.sections.find((s: { key: string }) => s.key === 'social');
    const foreigners = social.items.find((i: { slot: string }) => i.slot === 'foreigners');
    expect(foreigners.comparison.method).toBe('wilson');
    expect(foreigners.comparison.lower).toBeLessThan(foreigners.value);
    expect(foreigners.comparison.upper).toBeGreaterThan(foreigners.value);
    // Neutral indicator: higher or lower than the city, not better or worse.
    expect(['higher', 'lower', 'similar']).toContain(foreigners.comparison.vsCity);
  });

  it('works for a planning area (a grouping without its own parent)', async () => {
    const p = (await get('/api/areas/planungsraum/Gruenau/profile')).json();
    expect(p.area.name).toBe('Grünau');
    expect(p.parent).toBeNull();
    const residents = p.sections[0].items.find((i: { slot: string }) => i.slot === 'residents');
    expect(residents.value).toBeGreaterThan(40000);
  });

  it('answers 404 for an unknown area', async () => {
    expect((await get('/api/areas/ortsteil/9999/profile', 404)).json().error.code).toBe('NOT_FOUND');
  });

  it.skipIf(!fs.existsSync(chromiumPath()))('renders the profile as a PDF with pages', async () => {
    const res = await get('/api/areas/ortsteil/62/profile.pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((res.rawPayload.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length).toBeGreaterThanOrEqual(1);
    // Tagged for screen readers (issue 19 §12): a structure tree and the marked-content flag.
    const raw = res.rawPayload.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/MarkInfo');
    fs.mkdirSync('test-output', { recursive: true });
    fs.writeFileSync('test-output/profile-62.pdf', res.rawPayload);
  });

  it('prints one column grid for all sections, a locator map and sparklines with axes', async () => {
    const p = (await get('/api/areas/ortsteil/62/profile')).json();
    const square = (code: string, x: number) => ({ properties: { code }, geometry: { coordinates: [[[[x, 51.3], [x + 0.01, 51.3], [x + 0.01, 51.31], [x, 51.31], [x, 51.3]]]] } });
    const html = profileHtml(p, 'de', { features: [square('61', 12.3), square('62', 12.31), square('63', 12.32)] });
    const tables = html.match(/<table>/g)!.length;
    expect(tables).toBeGreaterThanOrEqual(3);
    expect(html.match(/<colgroup><col class="c-label"><col class="c-num"><col class="c-change"><col class="c-num"><col class="c-num"><col class="c-cmp"><col class="c-trend"><\/colgroup>/g)!.length).toBe(tables);
    expect(html).toContain('aria-label="Lage des Gebiets: Grünau-Mitte"');
    expect(html.match(/fill="#d9d9d9"/g)!.length).toBe(2);
    expect(html.match(/class="here"/g)!.length).toBe(1);
    // Residents of Grünau-Mitte: axes with the first and last year and min/max labels.
    expect(html).toMatch(/class="ax-first"[^>]*>\d{4}</);
    expect(html).toMatch(/class="ax-max"[^>]*>[\d.,]+</);
    expect(html).toContain('<h1>');
    expect(html).toContain('<th scope="row">');
  });
});

describe('downloads', () => {
  it('writes German CSV with semicolons and decimal commas', async () => {
    const res = await get('/api/downloads/observations.csv?indicator=auslaenderanteil&layer=ortsteil&period=2024');
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(64);
    expect(lines[0]).toBe('Gebietsschlüssel;Gebiet;Ebene;Zeitraum;Indikator;Wert;Einheit;Zähler;Nenner;Hinweise');
    expect(lines.find((l) => l.startsWith('62;'))).toMatch(/^62;Grünau-Mitte;Ortsteile;2024;Ausländeranteil;\d+,\d+;%;\d+;\d+;$/);
  });

  it('writes international CSV with commas and points, in English', async () => {
    const res = await get('/api/downloads/observations.csv?indicator=auslaenderanteil&layer=ortsteil&period=2024&dialect=intl&lang=en');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Area code,Area,Level,Period,Indicator,Value,Unit,Numerator,Denominator,Notes');
    expect(lines.find((l) => l.startsWith('62,'))).toMatch(/^62,Grünau-Mitte,Districts \(Ortsteile\),2024,Share of foreign nationals,\d+\.\d+,%,\d+,\d+,$/);
  });

  it('writes every period when none is given, marking values computed from sub-areas', async () => {
    const res = await get('/api/downloads/observations.csv?indicator=einwohner&layer=planungsraum');
    const lines = res.body.trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(7 * 20);
    expect(res.body).toContain('aus Teilgebieten berechnet');
  });

  it('writes XLSX with a data and a metadata sheet', async () => {
    const res = await get('/api/downloads/observations.xlsx?indicator=einwohner&layer=ortsteil&period=2024');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const data = wb.getWorksheet('Daten')!;
    expect(data.rowCount).toBe(64);
    const row = data.getRows(2, 63)!.find((r) => r.getCell(1).value === '62')!;
    expect(row.getCell(2).value).toBe('Grünau-Mitte');
    expect(row.getCell(6).value).toBe(14046);
    expect(wb.getWorksheet('Metadaten')).toBeDefined();
  });

  it('writes GeoJSON with the value of each area', async () => {
    const fc = JSON.parse((await get('/api/downloads/observations.geojson?indicator=einwohner&layer=ortsteil&period=2024')).body);
    expect(fc.features).toHaveLength(63);
    const gm = fc.features.find((f: { properties: { code: string } }) => f.properties.code === '62');
    expect(gm.properties).toMatchObject({ name: 'Grünau-Mitte', value: 14046, period: '2024', indicator: 'einwohner' });
    expect(gm.geometry.type).toBe('MultiPolygon');
  });

  it('neutralises formulas in CSV and XLSX cells alike', () => {
    for (const evil of ['=HYPERLINK("x")', '+1+1', '-2+3', '@SUM(A1)']) {
      expect(csvCell(evil, 'de').replace(/^"|"$/g, '').startsWith("'")).toBe(true);
      expect(String(xlsxCell(evil)).startsWith("'")).toBe(true);
    }
    expect(xlsxCell(-5)).toBe(-5);
    expect(xlsxCell('Grünau')).toBe('Grünau');
  });
});

describe('what anonymous callers see', () => {
  it('gets published values without numerator/denominator pairs and without intervals', async () => {
    const obs = (await get('/api/observations?indicator=auslaenderanteil&period=2024&layer=ortsteil', 200, null)).json() as { areaCode: string; value: number | null; numerator: number | null; denominator: number | null }[];
    const gm = obs.find((r) => r.areaCode === '62')!;
    expect(gm.value).toBeCloseTo(27.3, 1);
    expect([gm.numerator, gm.denominator]).toEqual([null, null]);
    const profile = (await get('/api/areas/ortsteil/62/profile', 200, null)).json();
    const items = profile.sections.flatMap((sec: { items: { comparison: unknown; available: boolean }[] }) => sec.items);
    expect(items.some((i: { available: boolean }) => i.available)).toBe(true);
    expect(items.every((i: { comparison: unknown }) => i.comparison === null)).toBe(true);
    // A selection aggregate is built from the published counts and still right.
    const agg = (await get(`/api/aggregate?indicator=auslaenderanteil&layer=ortsteil&period=2024&codes=${GRUENAU.join(',')}`, 200, null)).json();
    const inside = (await get(`/api/aggregate?indicator=auslaenderanteil&layer=ortsteil&period=2024&codes=${GRUENAU.join(',')}`)).json();
    expect(agg.periods[0].value).toBeCloseTo(inside.periods[0].value, 10);
  });
});

describe('named selections', () => {
  it('lets a signed-in user save, list and delete a selection; others never see it', async () => {
    const a = await signIn(t, 'planner');
    const b = await signIn(t, 'viewer');
    const post = await t.app.inject({
      method: 'POST', url: '/api/selections', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
      payload: { name: 'Campus Grünau', layer: 'ortsteil', codes: GRUENAU },
    });
    expect(post.statusCode, post.body).toBe(201);
    const saved = post.json();
    expect(saved).toMatchObject({ name: 'Campus Grünau', layer: 'ortsteil', codes: GRUENAU });

    const mine = await t.app.inject({ method: 'GET', url: '/api/selections', headers: { cookie: a.cookie } });
    expect(mine.json().map((s: { id: number }) => s.id)).toContain(saved.id);
    const theirs = await t.app.inject({ method: 'GET', url: '/api/selections', headers: { cookie: b.cookie } });
    expect(theirs.json().map((s: { id: number }) => s.id)).not.toContain(saved.id);

    // Not yours = not found.
    const steal = await t.app.inject({ method: 'DELETE', url: `/api/selections/${saved.id}`, headers: { cookie: b.cookie, 'x-csrf-token': b.csrf } });
    expect(steal.statusCode).toBe(404);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/selections/${saved.id}`, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } });
    expect(del.statusCode).toBe(204);
  });

  it('rejects unknown codes and anonymous saves', async () => {
    const a = await signIn(t, 'analyst');
    const bad = await t.app.inject({
      method: 'POST', url: '/api/selections', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
      payload: { name: 'x', layer: 'ortsteil', codes: ['62', 'nope'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('SELECTION_AREA_UNKNOWN');
    const anon = await t.app.inject({ method: 'POST', url: '/api/selections', payload: { name: 'x', layer: 'ortsteil', codes: ['62'] } });
    expect(anon.statusCode).toBe(401);
  });
});
