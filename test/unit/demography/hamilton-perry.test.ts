import { describe, expect, it } from 'vitest';
import { cohortChangeRatios, hamiltonPerry } from '../../../src/core/demography/hamilton-perry.ts';

// 10-year groups 0–9 … 40–49, 50+, distributions of 2000 and 2010, women of 20–49 as mothers.
// Hand-worked: women CCR 110/100 = 1.1, 130/120, 160/150, 140/140 = 1, open 380/(130+300);
// W(2010) = 130+160+140 = 430, CWR girls 90/430, boys 95/430.
// 2020 women: 99, 110·130/120 = 119.1667, 130·160/150 = 138.6667, 160, 520·380/430 = 459.5349;
// W(2020) = 417.8333, girls 90·417.8333/430 = 87.4535, boys 95·417.8333/430 = 92.3120.
const input = {
  groupWidth: 10,
  step: 10,
  fertileAges: [20, 50] as [number, number],
  earlier: { female: [100, 120, 150, 140, 130, 300], male: [105, 125, 140, 130, 120, 250] },
  later: { female: [90, 110, 130, 160, 140, 380], male: [95, 120, 150, 150, 125, 300] },
};

describe('Hamilton-Perry, worked by hand', () => {
  it('computes cohort-change and child–woman ratios', () => {
    const r = cohortChangeRatios(input);
    expect(r.ccr.female).toEqual([0, 1.1, 130 / 120, 160 / 150, 1, 380 / 430].map((v) => expect.closeTo(v, 12)));
    expect(r.cwr.female[0]).toBeCloseTo(90 / 430, 12);
    expect(r.cwr.male[0]).toBeCloseTo(95 / 430, 12);
  });

  it('projects 2020 from the 2010 distribution', () => {
    const [p] = hamiltonPerry(input, 1);
    expect(p.female).toEqual([87.4535, 99, 119.1667, 138.6667, 160, 459.5349].map((v) => expect.closeTo(v, 3)));
    expect(p.male).toEqual([92.312, 108.5714, 144, 160.7143, 144.2308, 344.5946].map((v) => expect.closeTo(v, 3)));
  });

  it('an empty cohort has ratio 1 and a cap limits ratios of tiny areas', () => {
    const r = cohortChangeRatios({ ...input, earlier: { ...input.earlier, female: [100, 0, 150, 140, 130, 300] }, later: { ...input.later, female: [90, 110, 0, 160, 140, 380] }, maxRatio: 1.05 });
    expect(r.ccr.female[2]).toBe(1); // 0 → 0
    expect(r.ccr.female[1]).toBe(1.05); // 110/100 capped
  });

  it('a cohort that grew from nothing has ratio 1 without a cap (no infinite ratio)', () => {
    const r = cohortChangeRatios({ ...input, earlier: { ...input.earlier, female: [0, 120, 150, 140, 130, 300] } });
    expect(r.ccr.female[1]).toBe(1);
  });

  it('refuses a step that is not a multiple of the group width', () => {
    expect(() => cohortChangeRatios({ ...input, step: 5 })).toThrow(/multiple/);
  });
});
