import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, gini, quintileRatio, theil } from '../../../src/core/inequality.ts';

describe('inequality measures', () => {
  it('gives the Gini of 1..5 as 40/(2·25·3) = 0.266667', () => {
    expect(gini([1, 2, 3, 4, 5])).toBeCloseTo(4 / 15, 12);
  });

  it('weights the Gini by population exactly like repeating each area per person', () => {
    expect(gini([1, 3], [2, 1])).toBeCloseTo(gini([1, 1, 3]) as number, 12);
    // pairs of (1,1,3): Σ|xi − xj| = 8, n² = 9, μ = 5/3 → 8/(2·9·5/3) = 0.266667
    expect(gini([1, 1, 3])).toBeCloseTo(8 / 30, 12);
  });

  it('gives 0 for equal values and null when everything is 0', () => {
    expect(gini([4, 4, 4])).toBe(0);
    expect(gini([0, 0])).toBeNull();
    expect(theil([4, 4])).toBe(0);
  });

  it('gives the Theil index of (1, 3) as ½(0.5 ln 0.5 + 1.5 ln 1.5) = 0.130812', () => {
    expect(theil([1, 3])).toBeCloseTo(0.5 * (0.5 * Math.log(0.5) + 1.5 * Math.log(1.5)), 12);
    expect(theil([1, 3])).toBeCloseTo(0.130812, 6);
  });

  it('gives the coefficient of variation of 2,4,4,4,5,5,7,9 as 2/5', () => {
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(0.4, 12);
  });

  it('gives the ratio of top to bottom fifth of ten areas 1..10 as 9.5/1.5', () => {
    expect(quintileRatio([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(9.5 / 1.5, 12);
  });

  it('splits an area straddling the 20 % line by its part inside the fifth', () => {
    // 3 areas, each a third: bottom fifth lies wholly in area 1, top fifth wholly in area 3
    expect(quintileRatio([2, 5, 10])).toBeCloseTo(5, 12);
  });
});
