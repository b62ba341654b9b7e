import { describe, expect, it } from 'vitest';
import { aggregateValues, consistencyCheck, crosswalk, crosswalkCoverage } from '../../../src/core/aggregate.ts';

describe('aggregateValues', () => {
  it('adds counts up', () => {
    const r = aggregateValues('count', [{ value: 120 }, { value: 80 }, { value: 0 }]);
    expect(r).toMatchObject({ value: 200, complete: true, missingMembers: 0 });
  });

  it('aggregates a rate from numerators and denominators: 30/100 and 10/400 give 8.0 %, not 16.25 %', () => {
    const r = aggregateValues('share', [
      { value: 30, numerator: 30, denominator: 100 },
      { value: 2.5, numerator: 10, denominator: 400 },
    ], { scale: 100 });
    expect(r.value).toBeCloseTo(8.0, 12);
    expect(r.numerator).toBe(40);
    expect(r.denominator).toBe(500);
    expect(r.value).not.toBeCloseTo(16.25, 3);
  });

  it('recovers a missing numerator from the value and the denominator', () => {
    const r = aggregateValues('rate', [{ value: 30, denominator: 100 }, { value: 2.5, denominator: 400 }], { scale: 100 });
    expect(r.value).toBeCloseTo(8.0, 12);
  });

  it('weights a mean by its population', () => {
    // average age 40 over 100 people and 20 over 300 people: (4000 + 6000) / 400 = 25
    const r = aggregateValues('mean', [{ value: 40, weight: 100 }, { value: 20, weight: 300 }]);
    expect(r.value).toBe(25);
  });

  it('never aggregates an index and says why', () => {
    const r = aggregateValues('index', [{ value: 1.2 }, { value: -0.4 }]);
    expect(r.value).toBeNull();
    expect(r.reason).toBe('INDEX_NOT_AGGREGABLE');
  });

  it('makes the result incomplete and null when a member is missing', () => {
    const r = aggregateValues('count', [{ value: 10 }, { value: null }]);
    expect(r).toMatchObject({ value: null, complete: false, missingMembers: 1, reason: 'INCOMPLETE' });
  });

  it('aggregates the present members when partial results are allowed, still marked incomplete', () => {
    const r = aggregateValues('share', [{ value: null, numerator: 30, denominator: 100 }, { value: null, denominator: null }], { allowPartial: true });
    expect(r).toMatchObject({ value: 0.3, complete: false, missingMembers: 1 });
  });

  it('returns null for a zero denominator instead of dividing by zero', () => {
    const r = aggregateValues('share', [{ value: null, numerator: 0, denominator: 0 }]);
    expect(r).toMatchObject({ value: null, reason: 'ZERO_DENOMINATOR' });
  });

  it('keeps an explicit zero count as a value, not as missing', () => {
    expect(aggregateValues('count', [{ value: 0 }, { value: 0 }])).toMatchObject({ value: 0, complete: true });
  });

  it('returns null for no members', () => {
    expect(aggregateValues('count', [])).toMatchObject({ value: null, reason: 'NO_MEMBERS' });
  });
});

describe('crosswalk', () => {
  it('carries counts to the target geography by areal weights', () => {
    const counts = new Map([['04109', 1000], ['04105', 500]]);
    const w = [
      { source: '04109', target: 'Zentrum', weight: 0.6 },
      { source: '04109', target: 'Zentrum-Nord', weight: 0.4 },
      { source: '04105', target: 'Zentrum-Nord', weight: 1 },
    ];
    const out = crosswalk(counts, w);
    expect(out.get('Zentrum')).toBeCloseTo(600, 10);
    expect(out.get('Zentrum-Nord')).toBeCloseTo(900, 10);
    expect(crosswalkCoverage(w).get('04109')).toBeCloseTo(1, 12);
  });
});

describe('consistencyCheck', () => {
  it('reports the difference between a parent and the sum of its children', () => {
    expect(consistencyCheck(1010, [500, 300, 200])).toEqual({ expected: 1000, actual: 1010, difference: 10 });
  });
});
