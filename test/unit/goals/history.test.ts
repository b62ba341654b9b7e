import { describe, expect, it } from 'vitest';
import { chartLines, goalOverview, seriesAsOf, statusHistory } from '../../../src/core/goals/history.ts';

// The §8 check series as it was published: 2015 known from spring 2016, 2018 from spring 2019, 2021
// first published as 17.5 and revised to 17.0 in autumn 2022.
const published = [
  { year: 2015, value: 20, knownFrom: '2016-03-31' },
  { year: 2018, value: 19, knownFrom: '2019-04-30' },
  { year: 2021, value: 17.5, knownFrom: '2022-04-30' },
  { year: 2021, value: 17, knownFrom: '2022-09-30' },
];
const spec = { higherIsBetter: false, target: { year: 2030, value: 10 } };

describe('status history per reporting date', () => {
  it('gives at each date the status computed from the values known at that date', () => {
    const h = statusHistory(published, spec, ['2022-12-31', '2016-06-30', '2019-06-30', '2022-06-30']);
    expect(h.map((e) => e.date)).toEqual(['2016-06-30', '2019-06-30', '2022-06-30', '2022-12-31']);
    // 2016: one value only
    expect(h[0]).toMatchObject({ status: 'not-computable', reasonCode: 'SAME_YEAR' });
    // 2019: 20 → 19 in 3 years, 0.95^(1/3) − 1 = −0.016953; r = 0.016953 / 0.045158 = 0.37542
    expect(h[1].score).toBeCloseTo(0.37542, 4);
    expect(h[1].status).toBe('limited');
    // mid-2022: the first 2021 value 17.5: 0.875^(1/6) − 1 = −0.022009; r = 0.48738
    expect(h[2].score).toBeCloseTo(0.48738, 4);
    // end of 2022: the revision 17.0, the §8 check r = 0.59176
    expect(h[3].score).toBeCloseTo(0.59176, 5);
  });

  it('takes a value without a publication date as known from 31 December of its year', () => {
    expect(seriesAsOf([{ year: 2021, value: 5 }], '2021-12-30')).toEqual([]);
    expect(seriesAsOf([{ year: 2021, value: 5 }], '2021-12-31')).toEqual([{ year: 2021, value: 5 }]);
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(() => seriesAsOf(published, '31.12.2022')).toThrow(RangeError);
  });
});

describe('chart lines to the target', () => {
  it('draws the needed constant-growth path from base to target and the trend carried forward', () => {
    const lines = chartLines({ year: 2015, value: 20 }, { year: 2021, value: 17 }, { year: 2030, value: 10 });
    expect(lines.shape).toBe('cagr');
    expect(lines.needed).toHaveLength(16);
    expect(lines.needed[0]).toEqual({ year: 2015, value: 20 });
    // 20 · 0.5^(1/15) = 19.0968
    expect(lines.needed[1].value).toBeCloseTo(19.0968, 4);
    expect(lines.needed[15].value).toBeCloseTo(10, 10);
    // the trend 20 · 0.85^((t − 2015)/6): 17 in 2021, 20 · 0.85² = 14.45 in 2027
    expect(lines.trend[0]).toEqual({ year: 2021, value: 17 });
    expect(lines.trend.find((p) => p.year === 2027)!.value).toBeCloseTo(14.45, 10);
    expect(lines.trend.at(-1)!.year).toBe(2030);
  });

  it('draws straight lines when a value ≤ 0 leaves constant growth undefined', () => {
    const lines = chartLines({ year: 2020, value: 0 }, { year: 2022, value: 4 }, { year: 2030, value: 10 });
    expect(lines.shape).toBe('linear');
    expect(lines.needed[5]).toEqual({ year: 2025, value: 5 });
    // slope (4 − 0)/2 = 2 a year: 0 + 2 · 10 = 20 in 2030
    expect(lines.trend.at(-1)).toEqual({ year: 2030, value: 20 });
  });

  it('without a target draws only the trend, five years past the latest value', () => {
    const lines = chartLines({ year: 2015, value: 50 }, { year: 2019, value: 53 }, null);
    expect(lines.needed).toEqual([]);
    expect(lines.trend.map((p) => p.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
  });
});

describe('goal overview', () => {
  it('gives the status today, the history up to today only, and the chart lines', () => {
    const o = goalOverview(published, spec, ['2019-06-30', '2022-12-31', '2030-12-31'], '2023-01-15');
    expect(o.current.score).toBeCloseTo(0.59176, 5);
    expect(o.current.reason.de).toBe('r = 0,59 (Ziel verlangt −4,5 % p. a., erreicht −2,7 % p. a.): begrenzter Fortschritt');
    expect(o.history.map((h) => h.date)).toEqual(['2019-06-30', '2022-12-31']);
    expect(o.chart!.needed.at(-1)!.year).toBe(2030);
  });

  it('draws no chart lines while there is only one year', () => {
    expect(goalOverview(published, spec, [], '2017-01-01').chart).toBeNull();
  });
});
