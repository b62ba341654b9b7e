import { describe, expect, it } from 'vitest';
import { dampAllocation, formulaShares, jewShares } from '../../../src/core/allocation.ts';

describe('formula shares', () => {
  it("follows Hamburg's key: 80 % by under-18s, 20 % by under-18s in low-status areas", () => {
    // district 1: 100 children, half in low-status areas; district 2: 300 children, none
    const r = formulaShares([{ id: 'd1', population: 100, need: 0.5 }, { id: 'd2', population: 300, need: 0 }], { alpha: 0, w: 0.8 });
    expect(r[0].share).toBeCloseTo(0.8 * 0.25 + 0.2 * 1, 12);
    expect(r[1].share).toBeCloseTo(0.8 * 0.75, 12);
    expect(r[0]).toMatchObject({ base: 0 });
    expect(r[0].populationTerm + r[0].needTerm).toBeCloseTo(r[0].share, 12);
  });

  it('splits the base share α equally and the shares sum to 1', () => {
    const r = formulaShares([{ id: 'a', population: 10, need: 1 }, { id: 'b', population: 30, need: 2 }, { id: 'c', population: 60, need: 0 }], { alpha: 0.3, w: 0.5 });
    expect(r[0].base).toBeCloseTo(0.1, 12);
    expect(r.reduce((s, t) => s + t.share, 0)).toBeCloseTo(1, 12);
  });

  it('refuses a need term when nobody is in need', () => {
    expect(() => formulaShares([{ id: 'a', population: 10, need: 0 }], { w: 0.8 })).toThrow(RangeError);
  });

  it('weights the rank variant JEW = P (1 + SP/100)', () => {
    // JEW = 100·2 = 200 and 100·1 = 100
    expect(jewShares([100, 100], [100, 0])).toEqual([2 / 3, 1 / 3]);
  });
});

describe('damping against last year', () => {
  const areas = [
    { id: 'a', target: 50, previous: 30 },
    { id: 'b', target: 30, previous: 35 },
    { id: 'c', target: 20, previous: 35 },
  ];

  it('keeps each area within floor and cap and gives the remainder pro rata to target', () => {
    // bounds: a [28.5, 33], b and c [33.25, 38.5]; clamped 33 + 33.25 + 33.25 = 99.5; 0.5 left
    // goes to b and c in proportion 30 : 20
    const r = dampAllocation(areas, 100, -0.05, 0.1);
    expect(r.feasible).toBe(true);
    if (!r.feasible) return;
    expect(r.areas.map((x) => x.allocation)).toEqual([33, expect.closeTo(33.55, 10), expect.closeTo(33.45, 10)]);
    expect(r.areas[0]).toMatchObject({ bound: 'cap', distance: expect.closeTo(-0.34, 12) });
    expect(r.areas.reduce((s, x) => s + x.allocation, 0)).toBeCloseTo(100, 9);
  });

  it('reports infeasible floors instead of breaking them', () => {
    const r = dampAllocation(areas.map((a) => ({ ...a, previous: 50 })), 100, -0.05, 0.1);
    expect(r).toMatchObject({ feasible: false, issue: 'FLOORS_EXCEED_BUDGET', gap: expect.closeTo(42.5, 9) });
  });

  it('does not damp a new area without a previous allocation', () => {
    const r = dampAllocation([{ id: 'new', target: 40, previous: null }, { id: 'old', target: 60, previous: 60 }], 100, -0.05, 0.05);
    expect(r.feasible && r.areas.map((x) => x.allocation)).toEqual([40, 60]);
  });
});
