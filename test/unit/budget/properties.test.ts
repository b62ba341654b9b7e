// Invariants of rounding and of the optimised pipeline, as fast-check properties (seeded).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocate, dampingBounds, largestRemainder, type AllocationModel, type LpSolver } from '../../../src/core/allocation/index.ts';
import { highsSolver } from '../../../src/modules/budget/solver.ts';

let solver: LpSolver;
beforeAll(async () => {
  solver = await highsSolver();
});

describe('largest-remainder rounding (properties)', () => {
  it('sums to the total exactly and moves every amount by at most one cent', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 40 }), (values) => {
      const total = Math.round(values.reduce((s, v) => s + v, 0));
      const items = values.map((value, i) => ({ code: `A${i}`, value }));
      const out = largestRemainder(items, total);
      expect(out.reduce((s, x) => s + x, 0)).toBe(total);
      out.forEach((x, i) => {
        expect(Number.isInteger(x)).toBe(true);
        expect(Math.abs(x - values[i])).toBeLessThanOrEqual(1 + 1e-6);
      });
    }), { seed: 11, numRuns: 300 });
  });

  it('does not depend on the order of the input (ties go by code)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 12 }), fc.integer({ min: 1, max: 7 }), (weights, parts) => {
      const sum = weights.reduce((s, w) => s + w, 0) || 1;
      const total = 1000 + parts;
      const items = weights.map((w, i) => ({ code: `A${String(i).padStart(2, '0')}`, value: (total * w) / sum }));
      const forward = largestRemainder(items, total);
      const backward = largestRemainder([...items].reverse(), total).reverse();
      expect(backward).toEqual(forward);
    }), { seed: 12, numRuns: 200 });
  });
});

describe('optimised pipeline (properties)', () => {
  it('l1-closest and maximin under damping sum to the budget to the cent and hold every bound', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ p: fc.integer({ min: 1, max: 9000 }), s: fc.double({ min: 0, max: 1, noNaN: true }), ly: fc.integer({ min: 1000, max: 400_000 }) }), { minLength: 2, maxLength: 12 }),
      fc.double({ min: 0.97, max: 1.06, noNaN: true }),
      fc.constantFrom<'l1-closest' | 'maximin'>('l1-closest', 'maximin'),
      async (rows, growth, kind) => {
        const floor = -0.03, cap = 0.05;
        const budget = Math.round(rows.reduce((t, r) => t + r.ly * 100, 0) * growth);
        const b = rows.map((r) => dampingBounds(r.ly * 100, floor, cap));
        fc.pre(b.reduce((t, x) => t + x.lo, 0) <= budget && b.reduce((t, x) => t + x.hi, 0) >= budget);
        const model: AllocationModel = {
          name: 'p', mode: 'full', rounding: { unit: 0.01 }, lastYear: 'ly', damping: { floor, cap },
          formula: { kind: 'share', alpha: 0.05, w: 0.7, population: 'p', need: { kind: 'score', column: 's' } },
          optimisation: kind === 'l1-closest' ? { kind } : { kind, need: 'target' },
        };
        fc.pre(rows.some((r) => r.s > 0));
        const r = await allocate(model, rows.map((x, i) => ({ code: `A${i}`, values: x })), budget, solver);
        expect(r.areas.reduce((t, a) => t + a.amount, 0)).toBe(budget);
        r.areas.forEach((a, i) => {
          expect(a.amount).toBeGreaterThanOrEqual(b[i].lo);
          expect(a.amount).toBeLessThanOrEqual(b[i].hi);
          expect(a.carriedForward + a.base + a.populationPart + a.needPart + a.damping + a.optimisation + a.rounding).toBe(a.amount);
        });
      }), { seed: 13, numRuns: 60 });
  });
});
