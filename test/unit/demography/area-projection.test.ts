import { describe, expect, it } from 'vitest';
import { projectAreasByScenario, relativeDevelopment } from '../../../src/core/demography/area-projection.ts';
import { DEFAULT_SCENARIOS, projectTotal, TREND_AVERAGE_SCENARIOS } from '../../../src/core/demography/scenarios.ts';
import { trendAverage } from '../../../src/core/demography/trend-methods.ts';

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
