import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIOS, projectScenarios, projectTotal } from '../../../src/core/demography/scenarios.ts';
import { projectSmallAreas } from '../../../src/core/demography/small-area.ts';

const series = (o: Record<number, number>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));

describe('city scenarios', () => {
  const history = series({ 2005: 1000, 2010: 1100 });
  it('low / medium / high scale the observed growth of the base period by 0.5 / 1 / 1.5', () => {
    const s = projectScenarios(history, 2010, 2020);
    expect(s.get('low')!.get(2020)).toBeCloseTo(1200, 9); // +50 per 5 years
    expect(s.get('medium')!.get(2020)).toBeCloseTo(1300, 9);
    expect(s.get('high')!.get(2020)).toBeCloseTo(1400, 9);
    expect([...s.get('medium')!.keys()]).toEqual([2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020]);
  });
  it('projects to 2040 but not beyond unless allowed', () => {
    expect(projectTotal(history, 2010, 2040, DEFAULT_SCENARIOS[1]).get(2040)).toBeCloseTo(1700, 9);
    expect(() => projectTotal(history, 2010, 2041, DEFAULT_SCENARIOS[1])).toThrow(/2040/);
    expect(projectTotal(history, 2010, 2041, DEFAULT_SCENARIOS[1], 2050).get(2041)).toBeCloseTo(1720, 9);
  });
  it('names the missing base year', () => {
    expect(() => projectTotal(series({ 2010: 1100 }), 2010, 2020, DEFAULT_SCENARIOS[1])).toThrow(/2005/);
  });
});

describe('small areas controlled to the city', () => {
  // Two areas A (600 → 700) and B (400 → 400), city 1000 → 1100, city projected 1,300 in 2020.
  // Linear: A 800, B 400 (sum 1,200) → ×13/12: A 866.667, B 433.333.
  // Share of growth: A 700 + (100/100)·200 = 900, B 400 + 0 = 400 → exactly 1,300 already.
  const input = {
    areas: [{ id: 'A', values: series({ 2000: 600, 2010: 700 }) }, { id: 'B', values: series({ 2000: 400, 2010: 400 }) }],
    cityHistory: series({ 2000: 1000, 2010: 1100 }),
    cityProjection: series({ 2020: 1300 }),
    baseYear: 2000,
    launchYear: 2010,
    targetYears: [2020],
  };
  it('linear trends scaled to the control total', () => {
    const r = projectSmallAreas({ ...input, method: 'linear' });
    expect(r.areas.map((a) => a.values.get(2020))).toEqual([expect.closeTo(866.667, 3), expect.closeTo(433.333, 3)]);
    expect(r.factors.get(2020)).toBeCloseTo(13 / 12, 12);
  });
  it('share of growth adds up to the control by construction (factor 1)', () => {
    const r = projectSmallAreas({ ...input, method: 'share-of-growth' });
    expect(r.areas.map((a) => a.values.get(2020))).toEqual([expect.closeTo(900, 9), expect.closeTo(400, 9)]);
    expect(r.factors.get(2020)).toBeCloseTo(1, 12);
  });
  it('without control the raw method values are kept', () => {
    const r = projectSmallAreas({ ...input, method: 'linear', control: false });
    expect(r.areas.map((a) => a.values.get(2020))).toEqual([800, 400]);
  });
});
