import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '../../../src/core/random.ts';
import { rankAscending, rankWorkspace, sortUint16 } from '../../../src/core/fast-rank.ts';
import { sensitivity } from '../../../src/core/sensitivity.ts';
import { MSS_STATUS } from '../../../src/core/classify/sd.ts';

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and a different one for another seed', () => {
    const a = createRandom(42), b = createRandom(42), c = createRandom(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniformly from [0, 1): mean near 0.5 and every tenth filled about equally', () => {
    const r = createRandom(0);
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      bins[Math.floor(x * 10)]++;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});

describe('typed-array ranking', () => {
  function naiveRanks(xs: number[]): number[] {
    return xs.map((v) => 1 + xs.filter((u) => u < v).length);
  }

  it('ranks like counting smaller values, ties sharing the lowest rank (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 200 }), (xs) => {
      const rank = new Uint32Array(xs.length);
      rankAscending(Float64Array.from(xs), rank, rankWorkspace(xs.length));
      expect(Array.from(rank)).toEqual(naiveRanks(xs));
    }));
  });

  it('ranks clustered data with one far outlier correctly', () => {
    const xs = [...Array.from({ length: 100 }, (_, i) => (i % 7) * 1e-9), 1e9];
    const rank = new Uint32Array(xs.length);
    rankAscending(Float64Array.from(xs), rank, rankWorkspace(xs.length));
    expect(Array.from(rank)).toEqual(naiveRanks(xs));
  });

  it('sorts Uint16 values like the native sort (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 300 }), (xs) => {
      const a = Uint16Array.from(xs);
      sortUint16(a, new Uint16Array(a.length), new Uint32Array(257));
      expect(Array.from(a)).toEqual(Array.from(Uint16Array.from(xs).sort()));
    }));
  });
});

describe('sensitivity of a composite index', () => {
  const ind = [[3, 1, 2, 10], [30, 10, 20, 5]];

  it('gives rank 1 to the highest score of the base run', () => {
    // z-scores summed: area 4 is top in the first indicator, area 1 in the second
    const r = sensitivity([[1, 2, 3], [1, 2, 3]], { draws: 10 });
    expect(Array.from(r.baseRank)).toEqual([3, 2, 1]);
  });

  it('reports no shift and no class flips when nothing is perturbed', () => {
    const r = sensitivity(ind, { draws: 50, weightPerturbation: 0 });
    expect(Array.from(r.medianRank)).toEqual(Array.from(r.baseRank));
    expect(Array.from(r.p05Rank)).toEqual(Array.from(r.baseRank));
    expect(r.meanAbsShiftOverall).toBe(0);
    expect(Array.from(r.classFlipRate)).toEqual([0, 0, 0, 0]);
  });

  it('keeps an area that leads in every indicator at rank 1 in every draw', () => {
    const r = sensitivity([[9, 1, 2, 3], [9, 3, 2, 1], [9, 2, 3, 1]], { draws: 200, weightPerturbation: 0.5, leaveOneOut: true, normalisations: ['z', 'minmax', 'percentile'] });
    expect(r.p05Rank[0]).toBe(1);
    expect(r.p95Rank[0]).toBe(1);
    expect(r.meanAbsShift[0]).toBe(0);
  });

  it('makes an area whose rank depends on one indicator visible by a wide interval and class flips', () => {
    // area 4 is top on indicator 1 only; leaving indicator 1 out drops it
    const r = sensitivity(ind, { draws: 400, leaveOneOut: true, classes: 2, seed: 7 });
    expect(r.p95Rank[3] - r.p05Rank[3]).toBeGreaterThanOrEqual(2);
    expect(r.classFlipRate[3]).toBeGreaterThan(0.1);
  });

  it('counts flips of the MSS status class when classes come from the sd of each run', () => {
    // ten areas; area 10 sits far out on indicator 1 only, area 9 in the middle of both
    const a = [0, 1, 2, 3, 4, 5, 6, 7, 4.5, 30];
    const b = [0, 1, 2, 3, 4, 5, 6, 7, 4.5, 0];
    const still = sensitivity([a, b], { draws: 100, weightPerturbation: 0, sdScheme: MSS_STATUS });
    expect(Array.from(still.classFlipRate).every((f) => f === 0)).toBe(true);
    const loo = sensitivity([a, b], { draws: 300, leaveOneOut: true, sdScheme: MSS_STATUS, seed: 3 });
    expect(loo.classFlipRate[9]).toBeGreaterThan(0.2); // "sehr niedrig" only while indicator 1 counts
    expect(loo.classFlipRate[8]).toBe(0); // stays "mittel"
  });

  it('is reproducible to the digit for the same seed', () => {
    const a = sensitivity(ind, { draws: 300, seed: 5, leaveOneOut: true, weightPerturbation: 0.4 });
    const b = sensitivity(ind, { draws: 300, seed: 5, leaveOneOut: true, weightPerturbation: 0.4 });
    expect(Array.from(a.meanAbsShift)).toEqual(Array.from(b.meanAbsShift));
    expect(Array.from(a.medianRank)).toEqual(Array.from(b.medianRank));
  });

  it('refuses a missing value instead of ranking it', () => {
    expect(() => sensitivity([[1, Number.NaN, 3]])).toThrow(RangeError);
  });
});
