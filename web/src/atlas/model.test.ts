import { describe, expect, it } from 'vitest';
import { buildChoropleth } from './model.ts';
import type { AreaCollection } from '../areas/api.ts';
import type { Indicator, Observation } from '../indicators/api.ts';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
const areas: AreaCollection = {
  type: 'FeatureCollection',
  features: ['a', 'b', 'c', 'd', 'e', 'f'].map((code) => ({ type: 'Feature' as const, properties: { code, name: code.toUpperCase(), layer: 'x', parentCode: null }, geometry: square })),
};
const indicator: Indicator = { key: 'k', name: 'K', unit: '%', topic: 't', topicName: 'T', polarity: 'higher_is_worse', kind: 'share', decimals: 1, periods: ['2019', '2024'] };
const obs = (values: Record<string, number | null>, flags: Record<string, Partial<Observation['flags']>> = {}): Observation[] =>
  Object.entries(values).map(([areaCode, value]) => ({ areaCode, areaName: areaCode, value, numerator: null, denominator: null, flags: { ...(value === null ? { missing: true } : {}), ...flags[areaCode] }, aggregated: false }));

describe('buildChoropleth', () => {
  it('never colours a missing or suppressed value as a class, and counts them apart', () => {
    const c = buildChoropleth(areas, obs({ a: 1, b: 2, c: 3, d: null, e: 5, f: 0 }, { e: { suppressed: true } }), indicator, { method: 'quantile' });
    expect(c.byCode.get('d')!.status).toBe('missing');
    expect(c.byCode.get('e')!.status).toBe('suppressed');
    expect(c.byCode.get('e')!.value).toBeNull();
    // Zero is a value, not "no data".
    expect(c.byCode.get('f')!.status).toBe('value');
    expect(c.missing).toBe(1);
    expect(c.suppressed).toBe(1);
  });

  it('breaks a change map at zero so no class mixes decreases and increases', () => {
    const now = obs({ a: 10, b: 12, c: 20, d: 25, e: 30, f: 31 });
    const before = obs({ a: 14, b: 11, c: 15, d: 18, e: 20, f: 20 });
    const c = buildChoropleth(areas, now, indicator, { method: 'quantile', view: 'change', compare: before });
    expect(c.view).toBe('change');
    expect(c.classes.breaks).toContain(0);
    expect(c.byCode.get('a')!.change).toBe(-4);
  });

  it('marks provisional values and breaks in series for their own map symbols', () => {
    const c = buildChoropleth(areas, obs({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, { a: { provisional: true }, b: { breakInSeries: true } }), indicator, { method: 'equal' });
    expect(c.fills.get('a')!.provisional).toBe(true);
    expect(c.fills.get('b')!.breakInSeries).toBe(true);
    expect(c.provisional).toBe(1);
    expect(c.breakInSeries).toBe(1);
  });

  it('compares with the city: difference for shares', () => {
    const c = buildChoropleth(areas, obs({ a: 10, b: 12, c: 20, d: 25, e: 30, f: 31 }), indicator, { method: 'quantile', cityValue: 20 });
    expect(c.byCode.get('a')!.vsCity).toBe(-10);
  });
});

describe('implausible series', () => {
  it('flags a period in which every area with a value is 0', () => {
    const c = buildChoropleth(areas, obs({ a: 0, b: 0, c: 0, d: null, e: 0, f: 0 }), indicator, { method: 'quantile' });
    expect(c.implausible).toBe('all-zero');
  });

  it('does not flag a single zero among real values, nor one area alone', () => {
    expect(buildChoropleth(areas, obs({ a: 0, b: 3, c: 0, d: 0, e: 0, f: 0 }), indicator, { method: 'quantile' }).implausible).toBeNull();
    expect(buildChoropleth(areas, obs({ a: 0, b: null, c: null, d: null, e: null, f: null }), indicator, { method: 'quantile' }).implausible).toBeNull();
  });

  it('does not flag an indicator without any values (that is "keine Werte", not zero)', () => {
    expect(buildChoropleth(areas, [], indicator, { method: 'quantile' }).implausible).toBeNull();
  });
});
