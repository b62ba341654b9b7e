// The formula family of METHODS.md §7 on examples worked out by hand (arithmetic in the comments).
import { describe, expect, it } from 'vitest';
import { allocate, formulaShares, rankScores, type AllocationArea, type AllocationModel } from '../../../src/core/allocation/index.ts';

const area = (code: string, values: Record<string, number | null>): AllocationArea => ({ code, values });
const hamburg: AllocationModel = {
  name: 'Hamburg JEW 2021 (0.8/0.2)', mode: 'full', optimisation: { kind: 'none' }, rounding: { unit: 0.01 },
  formula: { kind: 'share', alpha: 0, w: 0.8, population: 'u18', need: { kind: 'population-in-need', column: 'u18_low_status' } },
};

// Four districts, ΣP = 100,000 under-18s, Σ P·f = 20,000 of them in low-status areas.
//               P       P·f     0.8·P/ΣP          0.2·Pf/ΣPf       share
//   Altona   40,000  10,000   0.8·0.4 = 0.32   0.2·0.5 = 0.10    0.42
//   Bergedorf 20,000  2,000   0.8·0.2 = 0.16   0.2·0.1 = 0.02    0.18
//   Eimsbüttel 30,000     0   0.8·0.3 = 0.24   0                 0.24
//   Mitte    10,000   8,000   0.8·0.1 = 0.08   0.2·0.4 = 0.08    0.16
// With 18,100,000 € (Leipzig's 2024 budget): 7,602,000 / 3,258,000 / 4,344,000 / 2,896,000 €.
const districts = [
  area('altona', { u18: 40_000, u18_low_status: 10_000 }),
  area('bergedorf', { u18: 20_000, u18_low_status: 2_000 }),
  area('eimsbuettel', { u18: 30_000, u18_low_status: 0 }),
  area('mitte', { u18: 10_000, u18_low_status: 8_000 }),
];

describe('Hamburg JEW 2021 (0.8/0.2), four districts by hand', () => {
  it('gives 80 % by the share of under-18s and 20 % by the share of under-18s in low-status areas', () => {
    const s = formulaShares(districts, hamburg.formula);
    expect(s.map((x) => x.share)).toEqual([expect.closeTo(0.42, 12), expect.closeTo(0.18, 12), expect.closeTo(0.24, 12), expect.closeTo(0.16, 12)]);
    expect(s[3]).toMatchObject({ base: 0, population: expect.closeTo(0.08, 12), need: expect.closeTo(0.08, 12) });
  });

  it('allocates 18,100,000 € to the cent and explains Altona as 5,792,000 + 1,810,000 €', async () => {
    const r = await allocate(hamburg, districts, 1_810_000_000);
    expect(r.areas.map((a) => a.amount)).toEqual([760_200_000, 325_800_000, 434_400_000, 289_600_000]);
    // Altona: population part 0.32 · 18.1 M = 5,792,000 €, need part 0.10 · 18.1 M = 1,810,000 €
    expect(r.areas[0]).toMatchObject({ populationPart: 579_200_000, needPart: 181_000_000, base: 0, damping: 0, optimisation: 0, rounding: 0, distanceFromTarget: expect.closeTo(0, 12) });
  });

  it('splits the base share α equally: α = 0.2 over four areas is 5 % each before the rest', () => {
    const s = formulaShares(districts, { ...hamburg.formula, alpha: 0.2 } as AllocationModel['formula']);
    // Mitte: 0.2/4 + 0.8 · 0.16 = 0.05 + 0.128 = 0.178
    expect(s[3].share).toBeCloseTo(0.178, 12);
    expect(s.reduce((t, x) => t + x.share, 0)).toBeCloseTo(1, 12);
  });

  it('refuses a need share when nobody is in need', () => {
    expect(() => formulaShares(districts.map((d) => area(d.code, { u18: 1, u18_low_status: 0 })), hamburg.formula)).toThrow(expect.objectContaining({ code: 'BUDGET_NO_NEED' }));
  });

  it('refuses a class indicator that is neither 0 nor 1, naming the area', () => {
    const f = { kind: 'share', alpha: 0, w: 0.5, population: 'u18', need: { kind: 'class-indicator', column: 'low' } } as const;
    expect(() => formulaShares([area('a', { u18: 1, low: 1 }), area('b', { u18: 1, low: 0.5 })], f)).toThrow(expect.objectContaining({ code: 'BUDGET_VALUE_INVALID', details: { area: 'b' } }));
  });
});

describe('JEW rank variant (ISA): JEW_i = P_i · (1 + SP_i/100)', () => {
  // need score 5, 9, 1 → ranks (1 = least need) 2, 3, 1 → SP = 50, 100, 0
  // JEW = 1000·1.5 = 1500, 2000·2 = 4000, 3000·1 = 3000; Σ = 8500; 850,000 € → 150,000 / 400,000 / 300,000
  const areas = [area('a', { u18: 1000, need_score: 5 }), area('b', { u18: 2000, need_score: 9 }), area('c', { u18: 3000, need_score: 1 })];
  const model: AllocationModel = { ...hamburg, formula: { kind: 'jew-rank', population: 'u18', need: { kind: 'rank-score', column: 'need_score', direction: 'higher-is-needier' } } };

  it('scores ranks from 0 (least need) to 100 (most need)', () => {
    expect(rankScores([5, 9, 1], 'higher-is-needier')).toEqual([50, 100, 0]);
    expect(rankScores([5, 9, 1], 'lower-is-needier')).toEqual([50, 0, 100]);
  });

  it('gives tied areas their mean rank', () => {
    // ranks 1, 2.5, 2.5, 4 → (r − 1)/3 · 100
    expect(rankScores([1, 3, 3, 7], 'higher-is-needier')).toEqual([0, 50, 50, 100]);
  });

  it('scores every area 0 when all values are equal (no area ranks above another)', () => {
    expect(rankScores([4, 4, 4], 'higher-is-needier')).toEqual([0, 0, 0]);
  });

  it('allocates 150,000 / 400,000 / 300,000 € and splits b into 200,000 by population + 200,000 by rank', async () => {
    const r = await allocate(model, areas, 85_000_000);
    expect(r.areas.map((a) => a.amount)).toEqual([15_000_000, 40_000_000, 30_000_000]);
    expect(r.areas[1]).toMatchObject({ populationPart: 20_000_000, needPart: 20_000_000 });
    expect(r.areas[2].needPart).toBe(0);
  });
});
