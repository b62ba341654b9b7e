import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestLeipzig, CHOSEN_CITY_METHOD, formatBacktest, type LeipzigBacktestData } from '../../../src/core/demography/backtest-leipzig.ts';
import { readRbvTextLines } from '../../../src/io/rbv-pdf.ts';
import { loadLeipzigBacktestData } from './leipzig-data.ts';

// The backtest of issue 14 on the real files (register basis: einwohner-2000-2024.json; published
// forecasts: published-forecasts.csv plus the 7th RBV's 2024 values from its PDF, table 5).
const data = loadLeipzigBacktestData();
const rbv = readRbvTextLines(
  (JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'rbv7-leipzig-table-lines.json'), 'utf8')) as { pages: string[][][] }).pages,
  'rbv7-kreisfreie-stadt-leipzig.pdf',
);
const rbv2024 = (['V1', 'V2'] as const).map((variant) => ({ edition: 2019, publisher: 'Statistisches Landesamt Sachsen, 7. RBV', basis: 'official' as const, variant, targetYear: 2024, population: rbv.totals[variant].get(2024)! }));
const input: LeipzigBacktestData = { ...data, published: [...data.published, ...rbv2024] };
const result = backtestLeipzig(input);
console.log(formatBacktest(result));

// Recorded figures (percentage errors in per cent, to 0.01 percentage points).
const CITY_PE: Record<string, number> = {
  'naive: constant (last observed) | 2012→2020': -12.7,
  'naive: linear, last 5 years | 2012→2020': -4.57,
  'linear, last 2 years | 2012→2020': 0.36,
  'linear, last 10 years | 2012→2020': -6.47,
  'exponential, last 5 years | 2012→2020': -3.91,
  'OLS line, last 5 years | 2012→2020': -5.66,
  'trend average (LINE+EXPO, 1/2/3/5/10 years) | 2012→2020': -1.88,
  'naive: constant (last observed) | 2012→2024': -16.44,
  'naive: linear, last 5 years | 2012→2024': -4.78,
  'linear, last 2 years | 2012→2024': 2.3,
  'linear, last 10 years | 2012→2024': -7.5,
  'exponential, last 5 years | 2012→2024': -3.52,
  'OLS line, last 5 years | 2012→2024': -6.04,
  'trend average (LINE+EXPO, 1/2/3/5/10 years) | 2012→2024': -0.64,
  'naive: constant (last observed) | 2018→2020': -1.47,
  'naive: linear, last 5 years | 2018→2020': 2.31,
  'linear, last 2 years | 2018→2020': 1.34,
  'linear, last 10 years | 2018→2020': 1.64,
  'exponential, last 5 years | 2018→2020': 2.58,
  'OLS line, last 5 years | 2018→2020': 3.07,
  'trend average (LINE+EXPO, 1/2/3/5/10 years) | 2018→2020': 1.6,
  'naive: constant (last observed) | 2018→2024': -5.7,
  'naive: linear, last 5 years | 2018→2024': 5.15,
  'linear, last 2 years | 2018→2024': 2.36,
  'linear, last 10 years | 2018→2024': 3.23,
  'exponential, last 5 years | 2018→2024': 6.42,
  'OLS line, last 5 years | 2018→2024': 6.11,
  'trend average (LINE+EXPO, 1/2/3/5/10 years) | 2018→2024': 3.25,
  'naive: constant (last observed) | 2022→2023': -0.64,
  'naive: linear, last 5 years | 2022→2023': 0.45,
  'linear, last 2 years | 2022→2023': 0.89,
  'linear, last 10 years | 2022→2023': 0.89,
  'exponential, last 5 years | 2022→2023': 0.49,
  'OLS line, last 5 years | 2022→2023': -0.38,
  'trend average (LINE+EXPO, 1/2/3/5/10 years) | 2022→2023': 0.94,
  'naive: constant (last observed) | 2022→2024': -1.24,
  'naive: linear, last 5 years | 2022→2024': 0.93,
  'linear, last 2 years | 2022→2024': 1.8,
  'linear, last 10 years | 2022→2024': 1.8,
  'exponential, last 5 years | 2022→2024': 1.02,
  'OLS line, last 5 years | 2022→2024': -0.02,
  'trend average (LINE+EXPO, 1/2/3/5/10 years) | 2022→2024': 1.9,
};
// [MAPE, MALPE] over the 63 Ortsteile.
const AREA_ERRORS: Record<string, [number, number]> = {
  'naive: constant (last observed) | 2012→2020': [11.13, -10.71],
  'naive: linear, base period, uncontrolled | 2012→2020': [8.26, -5.06],
  'linear, controlled | 2012→2020': [7.96, -2.4],
  'exponential, controlled | 2012→2020': [8.41, -2.68],
  'constant share, controlled | 2012→2020': [7.39, 0.35],
  'shift-share, controlled | 2012→2020': [8.77, -2.84],
  'share of growth, controlled | 2012→2020': [9.55, -3.21],
  'broad groups: share of growth, controlled | 2012→2020': [12.34, -4.63],
  'naive: constant (last observed) | 2012→2024': [14.8, -14.32],
  'naive: linear, base period, uncontrolled | 2012→2024': [11.92, -6.22],
  'linear, controlled | 2012→2024': [11.77, -2.16],
  'exponential, controlled | 2012→2024': [12.76, -2.7],
  'constant share, controlled | 2012→2024': [9.86, 1.88],
  'shift-share, controlled | 2012→2024': [13.5, -3.01],
  'share of growth, controlled | 2012→2024': [14.3, -3.37],
  'broad groups: share of growth, controlled | 2012→2024': [18.41, -5.41],
  'naive: constant (last observed) | 2018→2020': [2.02, -1.31],
  'naive: linear, base period, uncontrolled | 2018→2020': [2.59, 1.89],
  'linear, controlled | 2018→2020': [2.15, 1.18],
  'exponential, controlled | 2018→2020': [2.19, 1.1],
  'constant share, controlled | 2018→2020': [2.73, 1.76],
  'shift-share, controlled | 2018→2020': [2.18, 1.09],
  'share of growth, controlled | 2018→2020': [2.17, 1.28],
  'broad groups: share of growth, controlled | 2018→2020': [2.18, 1.31],
  'naive: constant (last observed) | 2018→2024': [6.1, -5.41],
  'naive: linear, base period, uncontrolled | 2018→2024': [5.96, 3.69],
  'linear, controlled | 2018→2024': [5.11, 1.82],
  'exponential, controlled | 2018→2024': [5.52, 1.43],
  'constant share, controlled | 2018→2024': [5.8, 3.56],
  'shift-share, controlled | 2018→2024': [5.52, 1.41],
  'share of growth, controlled | 2018→2024': [4.88, 2.1],
  'broad groups: share of growth, controlled | 2018→2024': [4.84, 2.17],
  'naive: constant (last observed) | 2022→2023': [1.05, -0.58],
  'naive: linear, base period, uncontrolled | 2022→2023': [1.1, 0.39],
  'linear, controlled | 2022→2023': [1.4, 0.87],
  'exponential, controlled | 2022→2023': [1.42, 0.88],
  'constant share, controlled | 2022→2023': [1.5, 0.99],
  'shift-share, controlled | 2022→2023': [1.41, 0.86],
  'share of growth, controlled | 2022→2023': [1.48, 0.82],
  'naive: constant (last observed) | 2022→2024': [1.9, -1.35],
  'naive: linear, base period, uncontrolled | 2022→2024': [1.96, 0.58],
  'linear, controlled | 2022→2024': [2.52, 1.55],
  'exponential, controlled | 2022→2024': [2.56, 1.56],
  'constant share, controlled | 2022→2024': [2.65, 1.8],
  'shift-share, controlled | 2022→2024': [2.54, 1.53],
  'share of growth, controlled | 2022→2024': [2.73, 1.45],
};

describe('Leipzig backtest: the city', () => {
  it('reproduces the naive baselines by hand', () => {
    // Constant 2012 → 2020: (528,540 − 605,407)/605,407 = −12.70 %.
    // Linear 2007–2012: 528,540 + (8/5)·(528,540 − 497,791) = 577,738.4; (577,738.4 − 605,407)/605,407 = −4.57 %.
    const c = result.city.filter((e) => e.launchYear === 2012 && e.target === 2020);
    expect(c.find((e) => e.method.startsWith('naive: constant'))!.forecast).toBe(528540);
    expect(c.find((e) => e.method === 'naive: linear, last 5 years')!.forecast).toBeCloseTo(577738.4, 6);
  });

  it('records the percentage error of every method, launch and target', () => {
    const got = Object.fromEntries(result.city.map((e) => [`${e.method} | ${e.launchYear}→${e.target}`, e.pe]));
    expect(Object.keys(got)).toEqual(Object.keys(CITY_PE));
    for (const [k, v] of Object.entries(CITY_PE)) expect(got[k], k).toBeCloseTo(v, 2);
  });

  it('the chosen method beats both naive baselines at 8 and 12 years from 2012, but not at 1–2 years from 2018 or 2022', () => {
    const abs = (m: string, l: number, t: number) => Math.abs(CITY_PE[`${m} | ${l}→${t}`]);
    for (const [l, t] of [[2012, 2020], [2012, 2024], [2018, 2024]]) {
      expect(abs(CHOSEN_CITY_METHOD, l, t)).toBeLessThan(abs('naive: constant (last observed)', l, t));
      expect(abs(CHOSEN_CITY_METHOD, l, t)).toBeLessThan(abs('naive: linear, last 5 years', l, t));
    }
    expect(abs(CHOSEN_CITY_METHOD, 2018, 2020)).toBeGreaterThan(abs('naive: constant (last observed)', 2018, 2020));
    expect(abs(CHOSEN_CITY_METHOD, 2022, 2024)).toBeGreaterThan(abs('naive: constant (last observed)', 2022, 2024));
  });

  it('uses no data after the launch year', () => {
    const doubled = (m: ReadonlyMap<number, number>, after: number, keep: number[]) => new Map([...m].map(([y, v]) => [y, y > after && !keep.includes(y) ? 2 * v : v]));
    const tampered = backtestLeipzig({ ...input, city: doubled(input.city, 2012, [2020, 2024]), areas: input.areas.map((a) => ({ id: a.id, values: doubled(a.values, 2012, [2020, 2024]) })) });
    const f = (r: typeof result) => r.city.filter((e) => e.launchYear === 2012).map((e) => e.forecast);
    expect(f(tampered)).toEqual(f(result));
  });
});

describe('Leipzig backtest: the 63 Ortsteile', () => {
  it('records MAPE and MALPE of every method, launch and target', () => {
    const got = Object.fromEntries(result.areas.map((e) => [`${e.method} | ${e.launchYear}→${e.target}`, e.summary]));
    expect(Object.keys(got)).toEqual(Object.keys(AREA_ERRORS));
    for (const [k, [mape, malpe]] of Object.entries(AREA_ERRORS)) {
      expect(got[k].n, k).toBe(63);
      expect(got[k].mape, k).toBeCloseTo(mape, 2);
      expect(got[k].malpe, k).toBeCloseTo(malpe, 2);
    }
  });

  it('at 8 and 12 years every controlled method of the share family beats both naive baselines; at 1–2 years none does', () => {
    const mape = (m: string, l: number, t: number) => AREA_ERRORS[`${m} | ${l}→${t}`][0];
    for (const t of [2020, 2024]) {
      const naive = Math.min(mape('naive: constant (last observed)', 2012, t), mape('naive: linear, base period, uncontrolled', 2012, t));
      expect(mape('constant share, controlled', 2012, t)).toBeLessThan(naive);
      expect(mape('linear, controlled', 2012, t)).toBeLessThan(naive);
    }
    for (const [l, t] of [[2018, 2020], [2022, 2023], [2022, 2024]]) {
      const naive = Math.min(mape('naive: constant (last observed)', l, t), mape('naive: linear, base period, uncontrolled', l, t));
      const others = result.areas.filter((e) => e.launchYear === l && e.target === t && !e.method.startsWith('naive'));
      for (const e of others) expect(e.summary.mape, e.method).toBeGreaterThan(naive);
    }
  });

  it('lists the errors of each Ortsteil (Zentrum-Süd, constant share 2012 → 2024)', () => {
    const e = result.areas.find((x) => x.method === 'constant share, controlled' && x.launchYear === 2012 && x.target === 2024)!;
    expect(e.perArea).toHaveLength(63);
    const z = e.perArea.find((p) => p.id === 'Zentrum-Süd')!;
    expect(z.actual).toBe(input.areas.find((a) => a.id === 'Zentrum-Süd')!.values.get(2024));
    expect(z.pe).toBeCloseTo((100 * (z.forecast - z.actual)) / z.actual, 12);
  });
});

describe('Leipzig backtest: published forecasts on their own basis', () => {
  const pub = (edition: number, variant: string, target: number) => result.published.find((p) => p.edition === edition && p.variant === variant && p.targetYear === target)!;

  it("the city's 2013 band for 2020 (555,000–590,000) was missed by 2.61 % above its upper bound", () => {
    expect(pub(2013, 'upper', 2020).bandMiss).toBeCloseTo(2.61, 2); // (605,407 − 590,000)/590,000
    expect(pub(2013, 'upper', 2020).pe).toBeCloseTo(-2.54, 2);
    expect(pub(2013, 'lower', 2020).pe).toBeCloseTo(-8.33, 2);
    expect(pub(2013, 'upper', 2020).ours).toMatchObject({ beats: true });
  });

  it('official-basis forecasts carry a basis warning and a bridged error (×587,857/596,517)', () => {
    const w = pub(2015, 'main', 2020);
    expect(w.warning?.code).toBe('BASIS_MISMATCH');
    expect(w.pe).toBeCloseTo(-6.75, 2); // 564,540 vs 605,407 register
    expect(w.peBridged).toBeCloseTo(-5.38, 2); // vs 605,407·0.985483 = 596,619
    expect(w.ours?.beats).toBe(true);
    expect(pub(2019, 'V1', 2020).peBridged).toBeCloseTo(1.24, 2);
    expect(pub(2019, 'V2', 2020).peBridged).toBeCloseTo(0.9, 2);
    expect(pub(2019, 'V1', 2024).peBridged).toBeCloseTo(1.32, 2);
    expect(pub(2019, 'V2', 2024).peBridged).toBeCloseTo(0.12, 2);
    expect(result.published.filter((p) => p.basis === 'register').every((p) => p.warning === undefined)).toBe(true);
  });

  it('our chosen method beats the 2013 band and Wegweiser from 2012, not the RBV from 2018 nor the 2023 edition from 2022', () => {
    const beats = Object.fromEntries(result.published.map((p) => [`${p.edition} ${p.variant} ${p.targetYear}`, p.ours?.beats]));
    expect(beats).toEqual({
      '2013 lower 2020': true, '2013 upper 2020': true, '2023 main 2023': false, '2015 main 2020': true,
      '2019 V1 2020': false, '2019 V2 2020': false, '2019 V1 2024': false, '2019 V2 2024': false,
    });
    expect(pub(2023, 'main', 2023).pe).toBeCloseTo(-0.25, 2);
  });

  it('keeps forecasts for years without actuals apart as not yet checkable', () => {
    expect(result.notYetCheckable.map((p) => p.targetYear).every((y) => y > 2024)).toBe(true);
    expect(result.notYetCheckable).toHaveLength(18); // 24 rows of the CSV − 6 with targets 2020 or 2023
  });
});
