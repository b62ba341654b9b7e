import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type ClassScheme, MSS_DYNAMICS, MSS_STATUS, centredSdScheme, classify, classifyBySd, needsAttention } from '../../../src/core/classify/index.ts';

describe('MSS status and dynamics classes (multiples of the index sd)', () => {
  // mean 0 and σ 1 given explicitly, so the bounds are exact
  const fixedSigma = { center: 0, sd: 1 };

  it('puts −1σ itself into "mittel", +1σ into "mittel", +1.5σ into "niedrig"', () => {
    const r = classifyBySd([-1.0001, -1, 0, 1, 1.0001, 1.5, 1.5001], { ...MSS_STATUS, ...fixedSigma });
    expect(r.classes).toEqual([1, 2, 2, 2, 3, 3, 4]);
    expect(r.bounds.map((b) => b.label)).toEqual(['hoch', 'mittel', 'niedrig', 'sehr niedrig']);
    expect(r.bounds[1]).toMatchObject({ lower: -1, upper: 1, lowerClosed: true, upperClosed: true });
    expect(r.bounds[2]).toMatchObject({ lower: 1, upper: 1.5, lowerClosed: false, upperClosed: true });
  });

  it('keeps ±1σ itself in "stabil" for dynamics', () => {
    const r = classifyBySd([-1.01, -1, 1, 1.01], { ...MSS_DYNAMICS, ...fixedSigma });
    expect(r.classes).toEqual([1, 2, 2, 3]);
  });

  it("takes σ from the index itself (population sd): −1, −1, 1, 1 has σ = 1 and is all 'mittel'", () => {
    const r = classify([-1, -1, 1, 1], { kind: 'mss-status' });
    expect(r.classes).toEqual([2, 2, 2, 2]);
  });

  it('does not classify an index without spread', () => {
    expect(classify([2, 2, 2], { kind: 'mss-status' }).reason).toBe('ZERO_SD');
  });

  it('centres the cartographic standard-deviation scheme on the mean, a value on a break going to the class nearer the mean', () => {
    const r = classifyBySd([-1.6, -1.5, -0.5, 0, 0.5, 0.51, 1.5, 2], { ...centredSdScheme(5, 1), center: 0, sd: 1 });
    expect(r.classes).toEqual([1, 2, 3, 3, 3, 4, 4, 5]);
    expect(r.bounds.map((b) => [b.lower, b.upper])).toEqual([[-1.6, -1.5], [-1.5, -0.5], [-0.5, 0.5], [0.5, 1.5], [1.5, 2]]);
  });

  it('flags status "sehr niedrig" with any dynamics and "niedrig" with "negativ" as needing attention', () => {
    expect(needsAttention(4, 1)).toBe(true);
    expect(needsAttention(3, 3)).toBe(true);
    expect(needsAttention(3, 2)).toBe(false);
    expect(needsAttention(2, 3)).toBe(false);
  });
});

describe('quantiles', () => {
  it('puts two of ten areas into each quintile', () => {
    const r = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { kind: 'quantiles', k: 5 });
    expect(r.classes).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('weighted by children, each class holds about half of the children rather than of the areas', () => {
    // children 10, 10, 10, 70: the break after 30 children is nearest to 50
    const r = classify([1, 2, 3, 4], { kind: 'quantiles', k: 2, weights: [10, 10, 10, 70] });
    expect(r.classes).toEqual([1, 1, 1, 2]);
  });

  it('never splits tied values between classes', () => {
    const r = classify([1, 2, 2, 2, 3, 4], { kind: 'quantiles', k: 3 });
    expect(new Set([r.classes[1], r.classes[2], r.classes[3]]).size).toBe(1);
  });
});

describe('equal intervals, natural breaks, fixed thresholds', () => {
  it('splits 0..10 into equal intervals with a value on a break in the lower class', () => {
    const r = classify([0, 2, 2.5, 5, 7.5, 10], { kind: 'equal-interval', k: 4 });
    expect(r.classes).toEqual([1, 1, 1, 2, 3, 4]);
    expect(r.bounds.map((b) => [b.lower, b.upper])).toEqual([[0, 2.5], [2.5, 5], [5, 7.5], [7.5, 10]]);
  });

  it('finds the natural groups with ckmeans', () => {
    const r = classify([1, 2, 4, 5, 12, 43, 52, 123, 234, 1244], { kind: 'ckmeans', k: 3 });
    expect(r.classes).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2, 3]);
  });

  it('uses fewer natural classes than asked when there are fewer distinct values, and says so', () => {
    const r = classify([1, 1, 5, 5], { kind: 'ckmeans', k: 4 });
    expect(r.classes).toEqual([1, 1, 2, 2]);
    expect(r.reason).toBe('FEWER_DISTINCT_VALUES_THAN_CLASSES');
  });

  it('puts a value on a fixed threshold into the class above ("von 10 bis unter 20")', () => {
    expect(classify([9.99, 10, 19.99, 20], { kind: 'fixed', thresholds: [10, 20] }).classes).toEqual([1, 2, 2, 3]);
    expect(classify([10], { kind: 'fixed', thresholds: [10, 20], side: 'lower' }).classes).toEqual([1]);
  });

  it('keeps missing values unclassified', () => {
    expect(classify([1, null, 3], { kind: 'equal-interval', k: 2 }).classes).toEqual([1, null, 2]);
  });
});

describe('NRW hybrid', () => {
  it('sends the top 5 % straight to level 9 and splits the rest into 8 equal-width levels', () => {
    const values = Array.from({ length: 100 }, (_, i) => i); // 0..99; top 5 % = 95..99
    const r = classify(values, { kind: 'hybrid' });
    expect(r.classes.slice(95)).toEqual([9, 9, 9, 9, 9]);
    expect(r.classes[94]).toBe(8);
    expect(r.classes[0]).toBe(1);
    // rest 0..94 in widths of 94/8 = 11.75: 11 is level 1, 12 level 2
    expect(r.classes[11]).toBe(1);
    expect(r.classes[12]).toBe(2);
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('every scheme partitions its input (property)', () => {
  it('gives each value exactly one class within 1..k and counts that add up', () => {
    const schemes: ClassScheme[] = [
      { kind: 'quantiles', k: 4 }, { kind: 'equal-interval', k: 5 }, { kind: 'ckmeans', k: 3 },
      { kind: 'fixed', thresholds: [-10, 0, 10] }, { kind: 'hybrid', levels: 5, topShare: 0.1 },
    ];
    fc.assert(fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 50 }),
      fc.constantFrom(...schemes), (xs, scheme) => {
        const r = classify(xs, scheme);
        const k = r.bounds.length;
        for (const c of r.classes) {
          expect(c).not.toBeNull();
          expect(c).toBeGreaterThanOrEqual(1);
          expect(c).toBeLessThanOrEqual(k);
        }
        expect(r.counts.reduce((a, b) => a + b, 0)).toBe(xs.length);
        // classes are monotone in the value
        for (let i = 0; i < xs.length; i++) for (let j = 0; j < xs.length; j++) {
          if (xs[i] < xs[j]) expect(r.classes[i] as number).toBeLessThanOrEqual(r.classes[j] as number);
        }
      }));
  });
});
