import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distributeCounts, largestRemainder } from '../../../src/core/uptake/areal-weights.ts';
import { readCrosswalk } from '../../../src/io/crosswalk.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const FILE = 'matrixPLZtoORTSTEIL.csv';
// The real Leipzig postcode × Ortsteil matrix: ASCII, '|'-delimited, empty first header cell,
// decimal point, 34 postcodes × 63 Ortsteile (the reader is tested in test/unit/io-csv/crosswalk.test.ts).
const matrix = readCrosswalk(readFileSync(path.join(DATA, 'leipzig/raw/messy', FILE)), FILE);

describe('largest-remainder rounding', () => {
  it('hands the persons left over to the largest fractional parts, ties to the lower target id', () => {
    // 1.5 / 1.5 → floors 1 + 1, one left: the tie goes to "x"
    expect([...largestRemainder(new Map([['y', 1.5], ['x', 1.5]]), 3)]).toEqual([['x', 2], ['y', 1]]);
    // 2.6 / 3.3 / 4.1 → floors 2 + 3 + 4 = 9, one left for the largest remainder 0.6
    expect([...largestRemainder(new Map([['a', 2.6], ['b', 3.3], ['c', 4.1]]), 10)]).toEqual([['a', 3], ['b', 3], ['c', 4]]);
  });

  it('gives a share that floating point leaves just under a whole number its seat back', () => {
    expect([...largestRemainder(new Map([['a', 2.9999999999999], ['b', 0.4], ['c', 0.6000000000001]]), 4)]).toEqual([['a', 3], ['c', 1]]);
  });
});

describe('postcode counts to Ortsteile by areal weights (§1)', () => {
  it('reads the real matrix cleanly', () => {
    expect(matrix.errors).toEqual([]);
    expect(new Set(matrix.weights.map((w) => w.source)).size).toBe(34);
  });

  it('splits 100 participants of 04103 (0.257 / 0.743) into 26 and 74', () => {
    const r = distributeCounts(new Map([['04103', 100]]), matrix.weights);
    expect([...r.counts]).toEqual([['01', 26], ['02', 74]]);
    expect(r.warnings).toEqual([]);
  });

  it('gives integer Ortsteil counts that sum exactly to a constructed list over all 34 postcodes', () => {
    const postcodes = [...new Set(matrix.weights.map((w) => w.source))].sort();
    // a constructed list: 1 … 101 participants, different for every postcode
    const counts = new Map(postcodes.map((p, i) => [p, ((i * 37) % 101) + 1]));
    const total = [...counts.values()].reduce((s, c) => s + c, 0);
    const r = distributeCounts(counts, matrix.weights);
    expect(r.warnings).toEqual([]);
    expect(r.unassigned.size).toBe(0);
    expect([...r.counts.values()].reduce((s, c) => s + c, 0)).toBe(total);
    // every Ortsteil count is within one person of its exact weighted share
    const exact = new Map<string, number>();
    for (const w of matrix.weights) exact.set(w.target, (exact.get(w.target) ?? 0) + counts.get(w.source)! * w.weight);
    for (const [target, x] of exact) expect(Math.abs((r.counts.get(target) ?? 0) - x)).toBeLessThan(1);
    for (const c of r.counts.values()) expect(Number.isInteger(c)).toBe(true);
  });

  it('reports a postcode outside the matrix as unassigned, by name, and keeps the rest exact', () => {
    const r = distributeCounts(new Map([['04103', 10], ['99999', 5]]), matrix.weights);
    expect([...r.unassigned]).toEqual([['99999', 5]]);
    expect(r.warnings.map((w) => [w.code, w.value])).toEqual([['AREAL_SOURCE_UNKNOWN', '99999']]);
    expect([...r.counts.values()].reduce((s, c) => s + c, 0)).toBe(10);
  });

  it('warns about weights that do not sum to 1, naming the postcode, and rescales them so no one is lost', () => {
    // 0.5 / 0.4 → 0.5556 / 0.4444 of 10 persons = 5.556 / 4.444 → 6 and 4
    const r = distributeCounts(new Map([['04109', 10]]), [{ source: '04109', target: '01', weight: 0.5 }, { source: '04109', target: '02', weight: 0.4 }]);
    expect([...r.counts]).toEqual([['01', 6], ['02', 4]]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code: 'AREAL_WEIGHTS_SUM', value: '04109' });
    expect(r.warnings[0].de).toBe('Die Anteile von „04109“ summieren sich zu 0,9 statt 1; sie werden auf 1 umgerechnet.');
  });

  it('refuses counts that are not whole persons', () => {
    expect(() => distributeCounts(new Map([['04103', 2.5]]), matrix.weights)).toThrow(RangeError);
  });
});

describe('areal weighting, for any counts and weights (property)', () => {
  it('always sums to the persons assigned and stays within one person of every exact share', () => {
    const sources = ['s0', 's1', 's2', 's3'];
    const targets = ['t0', 't1', 't2', 't3', 't4'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }), { minLength: 4, maxLength: 4 }),
        (counts, raw) => {
          const weights = raw.flatMap((row, i) => row.map((w, j) => ({ source: sources[i], target: targets[j], weight: w / 1000 })));
          const r = distributeCounts(new Map(sources.map((s, i) => [s, counts[i]])), weights);
          const assigned = sources.reduce((t, s, i) => t + (r.unassigned.has(s) ? 0 : counts[i]), 0);
          expect([...r.counts.values()].reduce((t, c) => t + c, 0)).toBe(assigned);
          for (const t of targets) {
            let exact = 0;
            raw.forEach((row, i) => {
              const sum = row.reduce((a, b) => a + b, 0);
              if (sum > 0) exact += (counts[i] * row[targets.indexOf(t)]) / sum;
            });
            expect(Math.abs((r.counts.get(t) ?? 0) - exact)).toBeLessThan(1);
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
