// The whole pipeline on hand-made examples: top-up, the explanation term by term, sensitivity.
import { describe, expect, it } from 'vitest';
import { allocate, sensitivity, type AllocationArea, type AllocationModel } from '../../../src/core/allocation/index.ts';

const area = (code: string, values: Record<string, number | null>): AllocationArea => ({ code, values });

describe('top-up: last year carried forward, only the increment by need', () => {
  // last year 100,000 / 200,000 / 300,000 € = 600,000 €; budget 700,000 €: increment 100,000 €
  // formula w = 0.6 by under-18s (1000 / 1000 / 2000 → 0.25 / 0.25 / 0.5), 0.4 by under-18s in a
  // focus area (only a: 1000 of 1000 → 1, 0, 0): shares 0.15 + 0.4 = 0.55, 0.15, 0.30
  // increments 55,000 (15,000 population + 40,000 need), 15,000, 30,000 €
  const model: AllocationModel = {
    name: 'top-up', mode: 'top-up', lastYear: 'last_year', optimisation: { kind: 'none' }, rounding: { unit: 0.01 },
    formula: { kind: 'share', alpha: 0, w: 0.6, population: 'u18', need: { kind: 'class-indicator', column: 'focus' } },
  };
  const areas = [area('a', { u18: 1000, focus: 1, last_year: 100_000 }), area('b', { u18: 1000, focus: 0, last_year: 200_000 }), area('c', { u18: 2000, focus: 0, last_year: 300_000 })];

  it('gives 155,000 / 215,000 / 330,000 € and explains a as 100,000 carried + 15,000 + 40,000', async () => {
    const r = await allocate(model, areas, 70_000_000);
    expect(r.areas.map((a) => a.amount)).toEqual([15_500_000, 21_500_000, 33_000_000]);
    expect(r.areas[0]).toMatchObject({ carriedForward: 10_000_000, base: 0, populationPart: 1_500_000, needPart: 4_000_000, rounding: 0 });
  });

  it('treats an area without last year as new: nothing carried, its share of the increment only', async () => {
    const r = await allocate(model, [...areas, area('d', { u18: 0, focus: 0, last_year: null })], 70_000_000);
    expect(r.areas[3]).toMatchObject({ carriedForward: 0, amount: 0 });
  });

  it('refuses a budget below last year: a cut is not a top-up', async () => {
    await expect(allocate(model, areas, 59_999_999)).rejects.toMatchObject({ code: 'BUDGET_TOPUP_NEGATIVE', en: expect.stringContaining('0.01 €') });
  });
});

describe('explanation and sensitivity', () => {
  // 1,000 € over three areas, α = 0.3, w = 1: base 100 € each, population part 0.7·P/ΣP·1,000 €
  //   P = 1 / 1 / 1: every area 100 + 233.33… = 333.33… €; 100,000 cents in thirds: the extra cent to a
  const model: AllocationModel = { name: 'e', mode: 'full', optimisation: { kind: 'none' }, rounding: { unit: 0.01 }, formula: { kind: 'share', alpha: 0.3, w: 1, population: 'p' } };
  const equal = [area('a', { p: 1 }), area('b', { p: 1 }), area('c', { p: 1 })];

  it('adds up base + population part + rounding to the amount in cents exactly', async () => {
    const r = await allocate(model, equal, 100_000);
    expect(r.areas.map((a) => a.amount)).toEqual([33_334, 33_333, 33_333]);
    // base 10,000 + population 23,333 (23,333.33 rounded) + rounding 1 = 33,334
    expect(r.areas[0]).toMatchObject({ base: 10_000, populationPart: 23_333, rounding: 1 });
    // distance (A − T)/T = (33,334 − 33,333.33…)/33,333.33… = (2/3)/(100,000/3) = 0.00002
    expect(r.areas[0].distanceFromTarget).toBeCloseTo(0.00002, 12);
  });

  it('reports € per +0.01 of α: areas above the mean lose, below it gain', async () => {
    // P = 1 / 3, 1,000 €: amount_i = 1000·(α/2 + (1 − α)·P_i/4); d/dα = 1000·(1/2 − P_i/4)
    //   a: 1000·(0.5 − 0.25) = +250 € per unit of α = +2.50 € per +0.01; b: −2.50 €
    const r = await sensitivity(model, [area('a', { p: 1 }), area('b', { p: 3 })], 100_000);
    expect(r).toEqual([{ parameter: 'alpha', value: 0.3, perArea: { a: 2.5, b: -2.5 } }]);
  });

  it('steps a parameter at the top of its range downwards and still reports per +0.01', async () => {
    const r = await sensitivity({ ...model, formula: { kind: 'share', alpha: 1, w: 1, population: 'p' } }, [area('a', { p: 1 }), area('b', { p: 3 })], 100_000);
    expect(r[0].perArea).toEqual({ a: 2.5, b: -2.5 });
  });

  it('reports a floor step that makes the damping infeasible instead of failing', async () => {
    // last year 500 + 500 €, floor −0.01: the floors need 990 €, the budget; floor 0 would need 1,000 €
    const damped: AllocationModel = { ...model, lastYear: 'ly', damping: { floor: -0.01, cap: 0.05 } };
    const r = await sensitivity(damped, [area('a', { p: 1, ly: 500 }), area('b', { p: 3, ly: 500 })], 99_000);
    expect(r.find((s) => s.parameter === 'floor')).toMatchObject({ perArea: null, problem: 'BUDGET_FLOORS_EXCEED_BUDGET' });
    // both areas sit at their floors: α moves nothing
    expect(r.find((s) => s.parameter === 'alpha')?.perArea).toEqual({ a: 0, b: 0 });
  });
});
