import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectAreasByScenario, relativeDevelopment } from '../../../src/core/demography/area-projection.ts';
import { DEFAULT_SCENARIOS, projectTotal, TREND_AVERAGE_SCENARIOS } from '../../../src/core/demography/scenarios.ts';
import { trendAverage } from '../../../src/core/demography/trend-methods.ts';
import { readRbvTextLines } from '../../../src/io/rbv-pdf.ts';
import { loadLeipzigBacktestData } from './leipzig-data.ts';

const series = (o: Record<number, number>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));

// City 1,000 (2019) → 1,100 (2024); A 600 → 660, B 400 → 440 (shares 0.6 / 0.4).
// Medium (linear 5 years): 2030 = 1,100 + (6/5)·100 = 1,220 → A 732, B 488. Low: 1,100 + 0.5·120 = 1,160.
const base = {
  cityHistory: series({ 2019: 1000, 2024: 1100 }),
  areas: [{ id: 'A', values: series({ 2019: 600, 2024: 660 }) }, { id: 'B', values: series({ 2019: 400, 2024: 440 }) }],
  launchYear: 2024,
  horizon: 2030,
  scenarios: DEFAULT_SCENARIOS,
};

describe('projection of areas by scenario, controlled to the city', () => {
  const out = projectAreasByScenario(base);
  it('gives every year to the horizon for low / medium / high', () => {
    expect(out.map((p) => p.scenario)).toEqual(['low', 'medium', 'high']);
    const medium = out[1];
    expect([...medium.city.keys()]).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    expect(medium.city.get(2030)).toBeCloseTo(1220, 9);
    expect(medium.areas.map((a) => a.values.get(2030))).toEqual([expect.closeTo(732, 9), expect.closeTo(488, 9)]);
    expect(out[0].city.get(2030)).toBeCloseTo(1160, 9);
  });

  it('keeps residents without an area outside the areas\' control', () => {
    const r = projectAreasByScenario({ ...base, cityHistory: series({ 2019: 1002, 2024: 1102 }) });
    const sum = r[1].areas.reduce((s, a) => s + a.values.get(2030)!, 0);
    expect(sum).toBeCloseTo((1222 * 1100) / 1102, 9);
  });

  it('uses an imported control of another basis only for its growth, with a warning', () => {
    const r = projectAreasByScenario({ ...base, scenarios: [], importedControls: new Map([['V1', { series: series({ 2024: 550, 2030: 605 }), otherBasis: true }]]) });
    expect(r[0].control).toBe('imported');
    expect(r[0].city.get(2030)).toBeCloseTo(1210, 9); // 1,100 · 605/550
    expect([...r[0].city.keys()]).toEqual([2030]); // only years the series has
    expect(r[0].areas[0].values.get(2030)).toBeCloseTo(726, 9);
    expect(r[0].warnings.map((w) => w.code)).toEqual(['DEMOGRAPHY_BASIS_GROWTH_ONLY']);
  });

  it('refuses to anchor an other-basis series that has no value in the launch year', () => {
    const r = projectAreasByScenario({ ...base, scenarios: [], importedControls: new Map([['V2', { series: series({ 2030: 605 }), otherBasis: true }]]) });
    expect(r[0].city.size).toBe(0);
    expect(r[0].warnings[0].code).toBe('DEMOGRAPHY_BASIS_NO_ANCHOR');
  });
});

describe('trend-average scenarios', () => {
  it('medium is the trend average; low and high halve and add half its growth', () => {
    const h = new Map(Array.from({ length: 11 }, (_, i) => [2014 + i, 1000 + 10 * i * i]));
    const avg = trendAverage(h, 2024, 2030);
    const [low, medium, high] = TREND_AVERAGE_SCENARIOS.map((s) => projectTotal(h, 2024, 2030, s).get(2030)!);
    expect(medium).toBeCloseTo(avg, 9);
    expect(low - 2000).toBeCloseTo((avg - 2000) / 2, 9);
    expect(high - 2000).toBeCloseTo(1.5 * (avg - 2000), 9);
  });
});

describe('relative development between any two years', () => {
  const actual = series({ 2012: 100, 2024: 120 });
  const projected = series({ 2030: 150 });
  it('reads actuals first and the projection after them: 2012 → 2030 is +50 %', () => {
    expect(relativeDevelopment(actual, projected, 2012, 2030)).toBeCloseTo(50, 12);
    expect(relativeDevelopment(actual, projected, 2024, 2030)).toBeCloseTo(25, 12);
  });
  it('is null for a year that has neither', () => {
    expect(relativeDevelopment(actual, projected, 2012, 2040)).toBeNull();
  });
});

describe('Leipzig from 2024 to 2040 (real files), own scenarios and the 7th RBV as imported controls', () => {
  const d = loadLeipzigBacktestData();
  const rbv = readRbvTextLines(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'rbv7-leipzig-table-lines.json'), 'utf8')).pages, 'rbv7.pdf');
  const r = projectAreasByScenario({
    cityHistory: d.city,
    areas: d.areas,
    launchYear: 2024,
    importedControls: new Map([['V1', { series: rbv.totals.V1, otherBasis: true }], ['V2', { series: rbv.totals.V2, otherBasis: true }]]),
  });
  const by = (name: string) => r.find((p) => p.scenario === name)!;

  it('carries the RBV growth over to the register: V1 2030 = 632,562 · 663,310/631,590 = 664,331', () => {
    expect(Math.round(by('V1').city.get(2030)!)).toBe(664331);
    expect(by('V1').city.has(2036)).toBe(false); // the RBV ends in 2035
    expect(by('V1').warnings[0].code).toBe('DEMOGRAPHY_BASIS_GROWTH_ONLY');
    expect(relativeDevelopment(d.city, by('V1').city, 2012, 2030)).toBeCloseTo(25.69, 2); // 664,331 / 528,540
  });

  it('the 63 Ortsteile add up to the control less the 2 residents without an Ortsteil (632,560/632,562)', () => {
    for (const p of r) {
      for (const [year, city] of p.city) {
        const sum = p.areas.reduce((s, a) => s + a.values.get(year)!, 0);
        expect(sum).toBeCloseTo((city * 632560) / 632562, 6);
      }
    }
  });

  it('records the own scenarios for 2040 (trend average from 2024: low / medium / high)', () => {
    expect(['low', 'medium', 'high'].map((s) => Math.round(by(s).city.get(2040)!))).toEqual([682827, 733093, 783358]);
  });
});
