import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { goalposts, minMax, orient, percentileRanks, zScores } from '../../../src/core/standardise.ts';

const textbook = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, population sd 2, sample sd √(32/7)

describe('zScores', () => {
  it('uses the unweighted mean and the population sd (divisor N) by default, as the Berlin MSS does', () => {
    const r = zScores(textbook);
    expect(r.mean).toBe(5);
    expect(r.sd).toBe(2);
    expect(r.values).toEqual([-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2]);
    expect(r.basis).toBe('per-period');
  });

  it('uses divisor N − 1 when the sample sd is asked for', () => {
    expect(zScores(textbook, { sdDivisor: 'N-1' }).sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('weights the mean and variance by population when asked', () => {
    const r = zScores([10, 20], { mean: 'population-weighted', population: [100, 300] });
    expect(r.mean).toBe(17.5);
    expect(r.sd).toBeCloseTo(Math.sqrt(18.75), 12);
  });

  it('returns null with reason ZERO_SD when all values are equal, instead of dividing by zero', () => {
    const r = zScores([3, 3, 3]);
    expect(r.values).toEqual([null, null, null]);
    expect(r.reason).toBe('ZERO_SD');
  });

  it('applies the mean and sd of a reference period and says so', () => {
    const r = zScores([12, 8], { reference: { mean: 10, sd: 4 } });
    expect(r.values).toEqual([0.5, -0.5]);
    expect(r.basis).toBe('reference');
  });

  it('excludes areas below the minimum population as not rated, not as zero', () => {
    const r = zScores([1, 3, 100], { population: [500, 800, 299], minPopulation: 300 });
    expect(r.status).toEqual(['rated', 'rated', 'not-rated']);
    expect(r.values).toEqual([-1, 1, null]);
  });

  it('keeps missing values missing', () => {
    expect(zScores([1, null, 3]).values).toEqual([-1, null, 1]);
  });

  it('gives z-scores with mean 0 and the stated sd (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 3, maxLength: 60 }),
      fc.constantFrom<'N' | 'N-1'>('N', 'N-1'),
      (xs, divisor) => {
        const r = zScores(xs, { sdDivisor: divisor });
        if (r.reason === 'ZERO_SD' || (r.sd as number) < 1e-6) return;
        const z = r.values as number[];
        const n = z.length;
        const m = z.reduce((a, b) => a + b, 0) / n;
        const ss = z.reduce((a, b) => a + (b - m) ** 2, 0);
        expect(Math.abs(m)).toBeLessThan(1e-9);
        expect(Math.sqrt(ss / (divisor === 'N' ? n : n - 1))).toBeCloseTo(1, 9);
      }));
  });
});

describe('percentileRanks', () => {
  it('gives ties the lowest rank: 10, 20, 20, 30, 40 → 0, 0.25, 0.25, 0.75, 1', () => {
    expect(percentileRanks([10, 20, 20, 30, 40]).values).toEqual([0, 0.25, 0.25, 0.75, 1]);
  });

  it('rounds to 4 decimals: 2 of 1..4 → 0.3333, 3 of 1..4 → 0.6667', () => {
    expect(percentileRanks([4, 3, 2, 1]).values).toEqual([1, 0.6667, 0.3333, 0]);
  });

  it('truncates like Excel PERCENTRANK.INC when asked: 3 of 1..4 → 0.666 with 3 digits', () => {
    expect(percentileRanks([1, 2, 3, 4], { rounding: 'truncate', decimals: 3 }).values).toEqual([0, 0.333, 0.666, 1]);
  });

  it('does not rank a single area', () => {
    expect(percentileRanks([5, null]).reason).toBe('TOO_FEW');
  });

  it('gives ranks in [0, 1] that are monotone in the value (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 80 }), (xs) => {
      const p = percentileRanks(xs).values as number[];
      for (let i = 0; i < xs.length; i++) {
        expect(p[i]).toBeGreaterThanOrEqual(0);
        expect(p[i]).toBeLessThanOrEqual(1);
        for (let j = 0; j < xs.length; j++) {
          if (xs[i] < xs[j]) expect(p[i]).toBeLessThan(p[j]);
          if (xs[i] === xs[j]) expect(p[i]).toBe(p[j]);
        }
      }
    }));
  });
});

describe('minMax and goalposts', () => {
  it('scales to [0, 100] with scale 100', () => {
    expect(minMax([5, 10, 15], { scale: 100 }).values).toEqual([0, 50, 100]);
  });

  it("doesn't divide by zero when max = min: values null with reason NO_RANGE", () => {
    const r = minMax([7, 7, null]);
    expect(r.values).toEqual([null, null, null]);
    expect(r.reason).toBe('NO_RANGE');
  });

  it('truncates goalposts to [0, 1]', () => {
    expect(goalposts([0, 5, 10, 20, null], 5, 15)).toEqual([0, 0, 0.5, 1, null]);
  });

  it('reverses goalposts for an indicator where higher is better', () => {
    expect(goalposts([5, 10, 15], 5, 15, 'higher-is-better')).toEqual([1, 0.5, 0]);
  });

  it('reverses the direction of an indicator where higher is better before combining', () => {
    expect(orient([1, null, -2], 'higher-is-better')).toEqual([-1, null, 2]);
    expect(orient([1, 2], 'higher-is-worse')).toEqual([1, 2]);
  });
});
