// Categories against their total: which sets partition it, exact sums, the publisher's rounding.
import { describe, expect, it } from 'vitest';
import { agesComplete, checkBreakdown, type BreakdownCategory } from '../../../src/core/breakdowns.ts';
import { FLAG_COLUMNS, OBSERVATION_FLAGS, flagsFromRow, flagsOf } from '../../../src/core/flags.ts';

const c = (ageFrom: number | null, ageTo: number | null, sex: 'w' | 'm' | 'd' | null, value: number | null, nationality: string | null = null): BreakdownCategory => ({ ageFrom, ageTo, sex, nationality, value });

describe('agesComplete', () => {
  it('needs bands from 0 without gap or overlap, ending open', () => {
    expect(agesComplete([{ ageFrom: 0, ageTo: 15 }, { ageFrom: 65, ageTo: null }, { ageFrom: 15, ageTo: 65 }])).toBe(true);
    expect(agesComplete([{ ageFrom: 0, ageTo: 15 }, { ageFrom: 15, ageTo: 65 }])).toBe(false); // no open band
    expect(agesComplete([{ ageFrom: 0, ageTo: 15 }, { ageFrom: 18, ageTo: null }])).toBe(false); // gap 15–18
    expect(agesComplete([{ ageFrom: 0, ageTo: 18 }, { ageFrom: 15, ageTo: null }])).toBe(false); // overlap
    expect(agesComplete([{ ageFrom: 0, ageTo: null }, { ageFrom: 0, ageTo: null }])).toBe(false); // twice
    expect(agesComplete([])).toBe(false);
  });
});

describe('checkBreakdown', () => {
  it('accepts parts that sum to the total (age, sex, age × sex)', () => {
    expect(checkBreakdown(100, [c(0, 15, null, 20), c(15, 65, null, 60), c(65, null, null, 20), c(null, null, 'w', 51), c(null, null, 'm', 49)])).toEqual([]);
    expect(checkBreakdown(10, [c(0, 18, 'w', 2), c(18, null, 'w', 3), c(0, 18, 'm', 1), c(18, null, 'm', 4)])).toEqual([]);
  });

  it('reports a sum that misses the total, with and beyond rounding', () => {
    const exact = checkBreakdown(100, [c(0, 18, null, 20), c(18, null, null, 79)]);
    expect(exact).toEqual([{ kind: 'sum', dimensions: 'age', parts: 2, sum: 99, total: 100, difference: -1, tolerance: 0, withinRounding: false }]);
    // The state office rounds to 10: two parts and the total may each be off by 5.
    expect(checkBreakdown(1000, [c(0, 18, null, 190), c(18, null, null, 820)], { rounding: 10 })).toMatchObject([{ difference: 10, tolerance: 15, withinRounding: true }]);
    expect(checkBreakdown(1000, [c(0, 18, null, 190), c(18, null, null, 830)], { rounding: 10 })).toMatchObject([{ difference: 20, tolerance: 15, withinRounding: false }]);
  });

  it('ignores float noise', () => {
    expect(checkBreakdown(0.3, [c(null, null, 'w', 0.1), c(null, null, 'm', 0.2)])).toEqual([]);
  });

  it('checks only sets that partition the total', () => {
    // Leipzig planning bands stop at 27: not all ages, nothing to compare.
    expect(checkBreakdown(1000, [c(0, 6, null, 50), c(6, 10, null, 40), c(10, 15, null, 45), c(15, 18, null, 30), c(18, 27, null, 120)])).toEqual([]);
    // Only women: not a partition by sex.
    expect(checkBreakdown(100, [c(null, null, 'w', 40)])).toEqual([]);
    // One nationality group alone says nothing about the total; two do.
    expect(checkBreakdown(100, [c(null, null, null, 80, 'deutsch')])).toEqual([]);
    expect(checkBreakdown(100, [c(null, null, null, 80, 'deutsch'), c(null, null, null, 19, 'nichtdeutsch')])).toMatchObject([{ dimensions: 'nationality', difference: -1 }]);
    // A suppressed part: no check.
    expect(checkBreakdown(100, [c(null, null, 'w', null), c(null, null, 'm', 40)])).toEqual([]);
  });

  it('finds invalid categories', () => {
    expect(checkBreakdown(1, [c(10, 6, null, 1)])).toEqual([{ kind: 'invalid', index: 0, reason: 'age' }]);
    expect(checkBreakdown(1, [c(null, 6, null, 1)])).toEqual([{ kind: 'invalid', index: 0, reason: 'age' }]);
    expect(checkBreakdown(1, [c(1.5, 6, null, 1)])).toEqual([{ kind: 'invalid', index: 0, reason: 'age' }]);
    expect(checkBreakdown(1, [{ ...c(0, null, null, 1), sex: 'x' as 'w' }])).toEqual([{ kind: 'invalid', index: 0, reason: 'sex' }]);
    expect(checkBreakdown(1, [c(null, null, 'w', 1), c(null, null, 'w', 1)])).toEqual([{ kind: 'invalid', index: 1, reason: 'duplicate' }]);
    expect(checkBreakdown(1, [c(null, null, null, 1)])).toEqual([{ kind: 'invalid', index: 0, reason: 'duplicate' }]);
    expect(checkBreakdown(1, [c(null, null, 'w', Number.NaN)])).toEqual([{ kind: 'invalid', index: 0, reason: 'value' }]);
  });
});

describe('flags', () => {
  it('are five, each with a column, read from rows and partial records alike', () => {
    expect(OBSERVATION_FLAGS).toEqual(['provisional', 'estimated', 'breakInSeries', 'suppressed', 'missing']);
    expect(Object.keys(FLAG_COLUMNS)).toEqual([...OBSERVATION_FLAGS]);
    expect(flagsFromRow({ break_in_series: true, suppressed: null })).toEqual({ provisional: false, estimated: false, breakInSeries: true, suppressed: false, missing: false });
    expect(flagsOf({ estimated: true })).toEqual({ provisional: false, estimated: true, breakInSeries: false, suppressed: false, missing: false });
  });
});
