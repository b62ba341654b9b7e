import { describe, expect, it } from 'vitest';
import { classifyConsistency } from '../../../src/modules/monitoring/service.ts';

const complete = (published: number, sum: number) => ({ published, sumOfKnown: sum, children: 3, childrenWithValue: 3, anyNegative: false });

describe('consistency of a published total with its parts', () => {
  it('reports Leipzig 2024: 632,562 published against 632,560 in the Stadtbezirke as a difference of 2', () => {
    expect(classifyConsistency(complete(632562, 632560))).toMatchObject({ status: 'different', difference: 2, knownDifferenceAtLeast: 2 });
  });

  it('treats float noise such as 2.842170943040401e-14 as equal', () => {
    const sum = 0.1 + 0.2 + 100; // 100.30000000000001
    expect(classifyConsistency(complete(100.3, sum))).toMatchObject({ status: 'equal', difference: 0 });
    expect(classifyConsistency(complete(12.5, 12.5 - 2.842170943040401e-14)).status).toBe('equal');
  });

  it('uses the relative tolerance for large totals and the absolute one for small', () => {
    // 1e-9 × 5e9 = 5: a difference of 4 in five billion is noise, 6 is not.
    expect(classifyConsistency(complete(5e9, 5e9 - 4)).status).toBe('equal');
    expect(classifyConsistency(complete(5e9, 5e9 - 6)).status).toBe('different');
    expect(classifyConsistency(complete(1, 1 - 5e-7)).status).toBe('equal');
    expect(classifyConsistency(complete(1, 1 - 2e-6)).status).toBe('different');
  });

  it('lets a deployment choose a stricter or looser tolerance', () => {
    expect(classifyConsistency(complete(1000, 999), { absoluteTolerance: 1 }).status).toBe('equal');
    expect(classifyConsistency(complete(1, 1 - 5e-7), { absoluteTolerance: 0, relativeTolerance: 0 }).status).toBe('different');
  });

  it('reports a district whose island Stadtteil has no value as incomplete, the gap of 6,777 unaccounted but not proven', () => {
    const r = classifyConsistency({ published: 100_000, sumOfKnown: 93_223, children: 9, childrenWithValue: 8, anyNegative: false });
    expect(r).toMatchObject({ status: 'incomplete', difference: 6777, knownDifferenceAtLeast: 0 });
    expect(r.note.en).toBe('incomplete: 8 of 9 children have values; 6,777 are not held by any known child (the missing ones would have to hold exactly that).');
    expect(r.note.de).toContain('8 von 9 Teilgebieten');
  });

  it('proves a difference when the known children already exceed the total: missing counts can only add', () => {
    const r = classifyConsistency({ published: 1000, sumOfKnown: 1040, children: 4, childrenWithValue: 3, anyNegative: false });
    expect(r).toMatchObject({ status: 'incomplete', difference: -40, knownDifferenceAtLeast: 40 });
    expect(r.note.en).toContain('known difference ≥ 40');
  });

  it('claims no bound when values can be negative (a balance), since a missing child could subtract', () => {
    const r = classifyConsistency({ published: -10, sumOfKnown: 5, children: 2, childrenWithValue: 1, anyNegative: true });
    expect(r).toMatchObject({ status: 'incomplete', difference: -15, knownDifferenceAtLeast: 0 });
  });

  it('calls a parent with no child values incomplete, not equal or different', () => {
    expect(classifyConsistency({ published: 50, sumOfKnown: 0, children: 2, childrenWithValue: 0, anyNegative: false })).toMatchObject({ status: 'incomplete', difference: 50 });
  });
});
