import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPortal } from '../../../src/io/portal.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const FILE = 'Bautaetigkeit_und_Wohnen_Wohnungsbestand.csv';
const bytes = () => readFileSync(path.join(DATA, 'leipzig/raw', FILE));

describe('readPortal on the Leipzig statistics portal file', () => {
  const r = readPortal(bytes(), FILE);
  const get = (name: string, indicator: string, period: string) =>
    r.records.find((x) => x.area.name === name && x.indicator === indicator && x.period === period);

  it('gives 74 areas × 25 years for each of the three Sachmerkmale', () => {
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(74 * 25 * 3);
    expect(new Set(r.records.map((x) => x.area.name)).size).toBe(74);
    expect(new Set(r.records.map((x) => x.period))).toEqual(new Set(Array.from({ length: 25 }, (_, i) => String(2000 + i))));
    expect(r.rowsRead).toBe(222);
  });

  it('reads the quoted decimal comma "1939,76" as 1939.76', () => {
    expect(get('Zentrum', 'wohnungen', '2012')).toMatchObject({ value: 1939.76, line: 2 });
    expect(get('Stadt Leipzig', 'wohnflaeche-insgesamt', '2024')?.value).toBe(24854.023);
  });

  it('slugs the Sachmerkmal into the indicator key', () => {
    expect([...new Set(r.records.map((x) => x.indicator))]).toEqual(['wohnungen', 'wohnflaeche-insgesamt', 'wohnflaeche-je-wohnung']);
  });

  it('keeps "." cells as 87 counted placeholders', () => {
    expect(r.warnings.filter((w) => w.code === 'VALUE_PLACEHOLDER')).toHaveLength(87);
    expect(get('Baalsdorf', 'wohnungen', '2000')).toMatchObject({ value: null, flags: { missing: true }, missingSymbol: '.', line: 23 });
    expect(get('Baalsdorf', 'wohnungen', '2010')?.value).toBe(734);
  });

  it('marks the city row as layer "city" and leaves the others to the caller', () => {
    expect(get('Stadt Leipzig', 'wohnungen', '2024')).toMatchObject({ layer: 'city', value: 354259 });
    expect(get('Mitte', 'wohnungen', '2024')?.layer).toBeUndefined();
    const sbz = new Set(['Mitte', 'Nordost', 'Ost', 'Südost', 'Süd', 'Südwest', 'West', 'Alt-West', 'Nordwest', 'Nord']);
    const withLayers = readPortal(bytes(), FILE, { layerOf: (n) => (n === 'Stadt Leipzig' ? 'city' : sbz.has(n) ? 'stadtbezirk' : 'ortsteil') });
    const w2024 = withLayers.records.filter((x) => x.indicator === 'wohnungen' && x.period === '2024');
    const sum = (layer: string) => w2024.filter((x) => x.layer === layer).reduce((s, x) => s + (x.value ?? 0), 0);
    expect(w2024.filter((x) => x.layer === 'ortsteil')).toHaveLength(63);
    // The Stadtbezirke add up to their Ortsteile; the city total holds 695 dwellings more (real data).
    expect(sum('stadtbezirk')).toBe(353564);
    expect(sum('ortsteil')).toBe(353564);
  });

  it('maps Sachmerkmale to indicator keys and warns about each row it cannot map', () => {
    const mapped = readPortal(bytes(), FILE, { indicatorMap: { Wohnungen: 'wohnungsbestand' } });
    expect(mapped.records).toHaveLength(74 * 25);
    expect(new Set(mapped.records.map((x) => x.indicator))).toEqual(new Set(['wohnungsbestand']));
    expect(mapped.warnings.filter((w) => w.code === 'PORTAL_MERKMAL_UNMAPPED')).toHaveLength(148);
  });
});

describe('readPortal on inline fixtures', () => {
  it('rejects a file whose header is not "Gebiet","Sachmerkmal",…', () => {
    const r = readPortal(Buffer.from('"Ort","Wert","2000"\nA,B,"1"\n'), 'x.csv');
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['PORTAL_HEADER', 1]]);
  });

  it('rejects the same area and Sachmerkmal twice', () => {
    const r = readPortal(Buffer.from('"Gebiet","Sachmerkmal","2000"\nZentrum,Wohnungen,"1"\nZentrum,Wohnungen,"2"\n'), 'x.csv');
    expect(r.records.map((x) => x.value)).toEqual([1]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['OBSERVATION_DUPLICATE', 3]]);
  });
});
