import { describe, expect, it } from 'vitest';
import { exponentialTransform, geometricMean, imdExponential, weightedMean, weightedSum } from '../../../src/core/composite.ts';
import { LernortError } from '../../../src/core/errors.ts';

describe('weighted sum, mean and geometric mean', () => {
  it('sums weighted z-scores per area and leaves an area with a missing component null', () => {
    expect(weightedSum([[1, 2, null], [3, -1, 0]], [1, 2])).toEqual([7, 0, null]);
  });

  it('takes an equally weighted mean when no weights are given', () => {
    expect(weightedMean([[1, 2], [3, 4]])).toEqual([2, 3]);
  });

  it('takes the geometric mean: √(2·8) = 4', () => {
    expect(geometricMean([[2], [8]])[0]).toBeCloseTo(4, 12);
  });

  it('refuses a geometric mean over a zero or negative input with a coded error', () => {
    expect(() => geometricMean([[2, 0], [8, 1]])).toThrow(LernortError);
    try { geometricMean([[2, 0], [8, 1]]); } catch (e) { expect((e as LernortError).code).toBe('GEOMETRIC_MEAN_NON_POSITIVE'); }
  });

  it('refuses a number of weights that does not match the indicators', () => {
    expect(() => weightedSum([[1], [2]], [1])).toThrow(LernortError);
  });
});

describe('IMD exponential transformation', () => {
  it('reproduces the published checks X(1) = 100, X(0.9) = 50.4267, X(0.5) = 15.6468', () => {
    expect(imdExponential(1)).toBeCloseTo(100, 10);
    expect(imdExponential(0.9)).toBeCloseTo(50.4267, 4);
    expect(imdExponential(0.5)).toBeCloseTo(15.6468, 4);
    expect(imdExponential(0)).toBe(0);
  });

  it('scores about 10 % of areas above 50', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const above = (exponentialTransform(values) as number[]).filter((x) => x > 50).length;
    expect(above).toBeGreaterThanOrEqual(95);
    expect(above).toBeLessThanOrEqual(105);
  });

  it('gives the most deprived area 100', () => {
    expect(exponentialTransform([3, 9, 1])[1]).toBeCloseTo(100, 10);
  });
});
