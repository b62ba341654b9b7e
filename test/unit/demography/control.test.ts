import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlToTotal, rake, roundToTotal } from '../../../src/core/demography/control.ts';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('control to a city-wide total', () => {
  it('scales [1, 2, 3] to 12 with factor 2; a negative projection is set to 0 first', () => {
    const r = controlToTotal([1, 2, 3, -1], 12);
    expect(r.values).toEqual([2, 4, 6, 0]);
    expect(r.factor).toBe(2);
  });

  it('controlled areas always sum to the control (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 70 }), fc.double({ min: 1, max: 1e6, noNaN: true }), (xs, c) => {
      expect(sum(controlToTotal(xs, c).values)).toBeCloseTo(c, 6);
    }));
  });

  it('areas with no residents at all cannot take a positive control', () => {
    expect(() => controlToTotal([0, 0], 10)).toThrow(/0/);
  });

  it('rounds to whole persons keeping the total: [1.5, 2.25, 3.25] → [2, 2, 3]', () => {
    expect(roundToTotal([1.5, 2.25, 3.25], 7)).toEqual([2, 2, 3]);
    expect(roundToTotal([2.2, 2.1], 3)).toEqual([2, 1]);
  });
});

describe('two-dimensional raking (IPF)', () => {
  it('from a uniform seed gives the independence table row·col/total', () => {
    const r = rake([[1, 1], [1, 1]], [30, 70], [40, 60]);
    expect(r.converged).toBe(true);
    expect(r.table.flat().map((v) => Math.round(v * 1e9) / 1e9)).toEqual([12, 18, 28, 42]);
  });

  it('meets both margins and keeps the seed\'s odds ratio (10·40)/(20·30) = 2/3', () => {
    const r = rake([[10, 20], [30, 40]], [40, 60], [50, 50], { tolerance: 1e-10 });
    expect(r.converged).toBe(true);
    const [[a, b], [c, d]] = r.table;
    expect(a + b).toBeCloseTo(40, 6);
    expect(a + c).toBeCloseTo(50, 6);
    expect((a * d) / (b * c)).toBeCloseTo(2 / 3, 9);
  });

  it('keeps a structural zero at zero', () => {
    const r = rake([[0, 5], [5, 5]], [10, 20], [12, 18]);
    expect(r.table[0][0]).toBe(0);
    expect(r.converged).toBe(true);
  });

  it('refuses margins with different grand totals', () => {
    expect(() => rake([[1]], [10], [11])).toThrow(/margins/);
  });
});
