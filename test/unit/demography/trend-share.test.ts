import { describe, expect, it } from 'vitest';
import { constantShare, exponentialTrend, linearTrend, regressionTrend, relativeChange, shareOfGrowth, shiftShare } from '../../../src/core/demography/trend-share.ts';

// Worked by hand (Smith, Tayman & Swanson 2013, ch. 8 notation): area 1,000 (2000) → 1,200 (2010);
// city 10,000 → 12,500, city projected 15,000 in 2020; z/y = 10/10 = 1.
const area = { baseYear: 2000, base: 1000, launchYear: 2010, launch: 1200 };
const city = { baseYear: 2000, base: 10000, launchYear: 2010, launch: 12500 };

describe('trend and share methods, worked by hand', () => {
  it('LINE: 1,200 + 1·200 = 1,400', () => expect(linearTrend(area, 2020)).toBeCloseTo(1400, 9));
  it('EXPO: 1,200·exp(ln 1.2) = 1,440', () => expect(exponentialTrend(area, 2020)).toBeCloseTo(1440, 9));
  it('constant share: 1,200/12,500 · 15,000 = 1,440', () => expect(constantShare(1200, 12500, 15000)).toBeCloseTo(1440, 9));
  it('shift-share: 15,000 · (0.096 + 1·(0.096 − 0.100)) = 1,380', () => expect(shiftShare(area, city, 15000, 2020)).toBeCloseTo(1380, 9));
  it('share of growth: 1,200 + (200/2,500)·2,500 = 1,400', () => expect(shareOfGrowth(area, city, 15000)).toBeCloseTo(1400, 9));
  it('OLS through (2000, 1000), (2005, 1150), (2010, 1200): slope 1000/50 = 20, at 2020 1,116.67 + 300', () => {
    expect(regressionTrend([2000, 2005, 2010], [1000, 1150, 1200], 2020)).toBeCloseTo(1416.6667, 4);
  });
  it('relative development 2012 → 2030 in per cent', () => {
    expect(relativeChange(528540, 644000)).toBeCloseTo(21.845, 3);
    expect(relativeChange(0, 5)).toBeNull();
  });
});

describe('trend and share methods, edge cases', () => {
  it('an exponential trend from or to 0 stays constant instead of producing NaN', () => {
    expect(exponentialTrend({ baseYear: 2000, base: 0, launchYear: 2010, launch: 50 }, 2020)).toBe(50);
  });
  it('share of growth with a city that did not change falls back to the constant share', () => {
    expect(shareOfGrowth(area, { ...city, base: 12500 }, 15000)).toBeCloseTo(1440, 9);
  });
  it('a base year not before the launch year is refused', () => {
    expect(() => linearTrend({ ...area, baseYear: 2010 }, 2020)).toThrow(/base year/);
  });
});
