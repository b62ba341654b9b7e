// The index engine (src/modules/indices/compute.ts) on small worked examples whose numbers are
// computed by hand here, plus property tests over random data. The pure methods themselves are
// tested in test/unit/core; these tests check how a definition wires them together.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeIndex, componentsOf, previousPeriod, rankDescending, type ComputeInput } from '../../../src/modules/indices/compute.ts';
import { definitionJsonSchema, type IndexDefinitionInput } from '../../../src/modules/indices/schema.ts';
import { parseDefinition, listTemplates, stableStringify } from '../../../src/modules/indices/service.ts';
import { LernortError } from '../../../src/core/errors.ts';
import { projectRoot } from '../../../src/config.ts';

const areas = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, code: String(i + 1).padStart(2, '0'), name: `Gebiet ${i + 1}` }));

function def(over: Partial<IndexDefinitionInput> = {}) {
  return parseDefinition({ key: 't', name: 'Test', indicators: [{ key: 'a' }], classification: { kind: 'mss-status' }, ...over });
}

function run(over: Partial<IndexDefinitionInput>, input: Omit<ComputeInput, 'definition' | 'areas'> & { n?: number }) {
  const n = input.n ?? Object.values(input.values)[0].length;
  return computeIndex({ ...input, definition: def(over), areas: areas(n) });
}

const sdN = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

describe('index engine: standardisation as the definition says', () => {
  it('z-scores with the unweighted mean and divisor N (Berlin MSS): 2, 4, 6, 8 give ∓1.3416, ∓0.4472', () => {
    const r = run({}, { values: { a: [2, 4, 6, 8] } });
    // mean 5, population sd √5 = 2.2361
    expect(r.rows.map((x) => x.score)).toEqual([-3 / Math.sqrt(5), -1 / Math.sqrt(5), 1 / Math.sqrt(5), 3 / Math.sqrt(5)].map((v) => expect.closeTo(v, 12)));
  });

  it('z-scores with divisor N−1 use the sample sd', () => {
    const r = run({ standardisation: { method: 'z-score', sdDivisor: 'N-1' } }, { values: { a: [2, 4, 6, 8] } });
    expect(r.rows[0].score).toBeCloseTo(-3 / Math.sqrt(20 / 3), 12);
  });

  it('a population-weighted mean: 10 and 20 with 100 and 300 residents give mean 17.5 and z −1.7321, 0.5774', () => {
    const r = run({ standardisation: { method: 'z-score', mean: 'population-weighted' }, population: 'pop' }, { values: { a: [10, 20] }, population: [100, 300] });
    // variance (100·7.5² + 300·2.5²)/400 = 18.75
    expect(r.rows[0].score).toBeCloseTo(-7.5 / Math.sqrt(18.75), 12);
    expect(r.rows[1].score).toBeCloseTo(2.5 / Math.sqrt(18.75), 12);
  });

  it('reverses an indicator where higher means less need', () => {
    const r = run({ indicators: [{ key: 'a', direction: 'higher-is-better' }] }, { values: { a: [2, 4, 6, 8] } });
    expect(r.rows[0].score).toBeCloseTo(3 / Math.sqrt(5), 12);
    expect(r.rows[0].rank).toBe(1);
  });

  it('percentile ranks: ties take the lowest rank, (rank − 1)/(N − 1) rounded to 4 decimals', () => {
    const r = run({ standardisation: { method: 'percentile-rank' }, classification: { kind: 'quantiles', k: 2 } }, { values: { a: [1, 2, 2, 3] } });
    expect(r.rows.map((x) => componentsOf(r.components, r.rows.indexOf(x)).a.standardised)).toEqual([0, 0.3333, 0.3333, 1]);
  });

  it('min–max × 100 and goalposts truncated to [0, 1]', () => {
    const mm = run({ standardisation: { method: 'min-max', scale: 100 }, classification: { kind: 'equal-interval', k: 2 } }, { values: { a: [10, 15, 30] } });
    expect(mm.rows.map((x) => x.score)).toEqual([0, 25, 100]);
    const gp = run({ standardisation: { method: 'goalposts', lower: 10, upper: 20 }, classification: { kind: 'equal-interval', k: 2 } }, { values: { a: [5, 15, 25] } });
    expect(gp.rows.map((x) => x.score)).toEqual([0, 0.5, 1]);
  });

  it('the IMD exponential transform of ranks: the most deprived scores 100 and about 10 % of areas score above 50', () => {
    const n = 1000;
    const values = Array.from({ length: n }, (_, i) => i + 1);
    const r = run({ standardisation: { method: 'imd-exponential' }, aggregation: { method: 'mean' }, classification: { kind: 'quantiles', k: 10 } }, { values: { a: values } });
    expect(r.rows[n - 1].score).toBeCloseTo(100, 9);
    expect(r.rows[899].score).toBeCloseTo(50.4267, 4); // R = 900/1000
    expect(r.rows[499].score).toBeCloseTo(15.6468, 4); // R = 0.5
    const above = r.rows.filter((x) => (x.score as number) > 50).length / n;
    expect(above).toBeGreaterThan(0.09);
    expect(above).toBeLessThan(0.11);
  });

  it('a fixed reference period applies the base year’s mean and sd, so a whole-city rise shows', () => {
    // base 1, 2, 3: mean 2, sd √(2/3); this year every area is 1 higher
    const r = run({ reference: { mode: 'fixed', period: '2015' } }, { values: { a: [2, 3, 4] }, reference: { a: [1, 2, 3] } });
    const sd = Math.sqrt(2 / 3);
    expect(r.rows.map((x) => x.score)).toEqual([0, 1 / sd, 2 / sd].map((v) => expect.closeTo(v, 12)));
    expect((r.params.indicators as Record<string, { basis: string }>).a.basis).toBe('reference');
  });
});

describe('index engine: exclusions', () => {
  it('areas below the minimum population are "not rated", not zero, and do not enter the mean', () => {
    const r = run({ exclusions: { minPopulation: { indicator: 'pop', threshold: 300 } } }, { values: { a: [2, 4, 6, 8, 1000] }, population: [500, 500, 500, 500, 299] });
    expect(r.rows[4].score).toBeNull();
    expect(r.rows[4].class).toBeNull();
    expect(r.rows[4].excludedReason).toBe('MIN_POPULATION: 299 < 300');
    expect(r.rows[0].score).toBeCloseTo(-3 / Math.sqrt(5), 12); // as if the fifth area did not exist
  });

  it('a manual exclusion carries its reason; an area missing one indicator is rated on none', () => {
    const r = run({ indicators: [{ key: 'a' }, { key: 'b' }], exclusions: { manual: [{ code: '01', reason: 'Gewerbegebiet' }] } },
      { values: { a: [100, 2, 4, 6, 8], b: [1, 1, 2, null, 3] } });
    expect(r.rows[0].excludedReason).toBe('MANUAL: Gewerbegebiet');
    expect(r.rows[3].excludedReason).toBe('MISSING_VALUE: b');
    expect(componentsOf(r.components, 3).a.standardised).toBeNull();
    // a is standardised over areas 2, 3, 5 only: 2, 4, 8
    expect(componentsOf(r.components, 1).a.standardised).toBeCloseTo((2 - 14 / 3) / sdN([2, 4, 8]), 12);
    expect(r.summary.rated).toBe(3);
  });

  it('an indicator that does not distinguish the areas is an error naming it', () => {
    expect(() => run({ indicators: [{ key: 'a' }, { key: 'b' }] }, { values: { a: [1, 2, 3], b: [5, 5, 5] } }))
      .toThrow(expect.objectContaining({ code: 'INDEX_INDICATOR_NO_SPREAD', location: { field: 'indicators.1' } }));
  });
});

describe('index engine: MSS status, dynamics and focus areas', () => {
  // status: one indicator, so the index is its z-score (mean 0, sd 1) and the classes are z cut at −1, +1, +1.5
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 30];
  const before = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 22];

  it('classes by the index’s own sd: hoch < −1σ ≤ mittel ≤ +1σ < niedrig ≤ +1.5σ < sehr niedrig', () => {
    const r = run({}, { values: { a: values } });
    const m = values.reduce((a, b) => a + b, 0) / values.length, s = sdN(values);
    const expected = values.map((x) => {
      const z = (x - m) / s;
      return z < -1 ? 1 : z <= 1 ? 2 : z <= 1.5 ? 3 : 4;
    });
    expect(r.rows.map((x) => x.class)).toEqual(expected);
    expect(r.rows[11].classLabel).toBe('sehr niedrig');
    expect(r.summary.classCounts).toEqual([0, 1, 2, 3, 4].slice(1).map((c) => expected.filter((e) => e === c).length));
  });

  it('dynamics: z-scores of the change in percentage points over two periods; focus = status 4, or 3 with dynamics 3', () => {
    const r = run({
      dynamics: { periods: 2, classification: { kind: 'mss-dynamics' } },
      focusRule: 'status = 4 or (status = 3 and dynamics = 3)',
    }, { values: { a: values }, previous: { a: before } });
    const change = values.map((v, i) => v - before[i]); // all 0 but the last: 8
    expect(componentsOf(r.components, 11).a.change).toBe(8);
    expect(r.rows[11].dynamicsClass).toBe(3);
    expect(r.rows[0].dynamicsClass).toBe(2);
    expect(r.rows[11].dynamicsScore).toBeCloseTo((8 - 8 / 12) / sdN(change), 12);
    expect(r.rows.filter((x) => x.focus).map((x) => x.area.code)).toEqual(r.rows.filter((x) => x.class === 4 || (x.class === 3 && x.dynamicsClass === 3)).map((x) => x.area.code));
    expect(r.rows[11].focus).toBe(true);
    expect(r.summary.matrix).toBeDefined();
  });

  it('the comparison period of the dynamics is k years (or months) back', () => {
    expect(previousPeriod('2019', 2)).toBe('2017');
    expect(previousPeriod('2019-01', 2)).toBe('2018-11');
    expect(previousPeriod('2020-12-31', 1)).toBe('2019-12-31');
  });

  it('ranks: 1 = highest score, ties share the lowest rank', () => {
    expect(rankDescending([3, 5, 5, null, 1])).toEqual([3, 1, 1, null, 4]);
  });

  it('quantile classes weighted by a target population put a k-th of the children in each class', () => {
    const r = run({ classification: { kind: 'quantiles', k: 2, weightIndicator: 'kinder' } }, { values: { a: [1, 2, 3, 4] }, classWeights: [10, 10, 10, 70] });
    expect(r.rows.map((x) => x.class)).toEqual([1, 1, 1, 2]);
  });

  it('a geometric mean needs positive inputs: an offset makes min–max scores usable, without it the error names the aggregation', () => {
    const over = { indicators: [{ key: 'a' }, { key: 'b' }], standardisation: { method: 'min-max' as const }, classification: { kind: 'equal-interval' as const, k: 2 } };
    expect(() => run({ ...over, aggregation: { method: 'geometric-mean' } }, { values: { a: [1, 2, 3], b: [3, 1, 2] } }))
      .toThrow(expect.objectContaining({ code: 'GEOMETRIC_MEAN_NON_POSITIVE', location: { field: 'aggregation' } }));
    const r = run({ ...over, aggregation: { method: 'geometric-mean', offset: 1 } }, { values: { a: [1, 2, 3], b: [3, 1, 2] } });
    expect(r.rows[0].score).toBeCloseTo(Math.sqrt(1 * 2), 12); // (0 + 1)·(1 + 1)
  });
});

describe('index engine: sensitivity', () => {
  const values = { a: Array.from({ length: 40 }, (_, i) => i + (i % 3)), b: Array.from({ length: 40 }, (_, i) => (i * 7) % 40), c: Array.from({ length: 40 }, (_, i) => 40 - i + (i % 5)) };
  const over = { indicators: [{ key: 'a' }, { key: 'b' }, { key: 'c', direction: 'higher-is-better' as const }] };
  const settings = { draws: 200, weightPerturbation: 0.3, normalisations: ['z' as const, 'percentile' as const], leaveOneOut: true, seed: 7, flipThreshold: 0.1 };

  it('gives each rated area a median rank inside its 5–95 % interval, and flags frequent class flips', () => {
    const r = run(over, { values, sensitivity: settings });
    for (const row of r.rows) {
      expect(row.rankP05).not.toBeNull();
      expect(row.rankP05! <= row.medianRank! && row.medianRank! <= row.rankP95!).toBe(true);
      expect(row.unstable).toBe((row.classFlipRate as number) > 0.1);
    }
    expect(r.summary.meanAbsRankShift).toBeGreaterThan(0);
  });

  it('is reproducible to the digit with the same seed', () => {
    const a = run(over, { values, sensitivity: settings }), b = run(over, { values, sensitivity: settings });
    expect(a.rows.map((x) => [x.medianRank, x.rankP05, x.rankP95, x.classFlipRate])).toEqual(b.rows.map((x) => [x.medianRank, x.rankP05, x.rankP95, x.classFlipRate]));
  });
});

describe('index engine: properties', () => {
  const data = fc.array(fc.record({ x: fc.integer({ min: 0, max: 1000 }), y: fc.integer({ min: 0, max: 1000 }), pop: fc.integer({ min: 0, max: 2000 }) }), { minLength: 5, maxLength: 60 });

  it('z-scores of the rated areas have mean 0 and population sd 1; classes partition the rated areas', () => {
    fc.assert(fc.property(data, (rows) => {
      const xs = rows.map((r) => r.x), ys = rows.map((r) => r.y), pop = rows.map((r) => r.pop);
      const rated = rows.filter((r) => r.pop >= 300);
      if (rated.length < 2 || new Set(rated.map((r) => r.x)).size < 2 || new Set(rated.map((r) => r.y)).size < 2) return;
      const r = run({ indicators: [{ key: 'x' }, { key: 'y' }], exclusions: { minPopulation: { indicator: 'pop', threshold: 300 } } }, { values: { x: xs, y: ys }, population: pop });
      const z = r.rows.map((_row, i) => componentsOf(r.components, i).x.standardised).filter((v): v is number => v !== null);
      expect(z.length).toBe(rated.length);
      expect(z.reduce((a, b) => a + b, 0) / z.length).toBeCloseTo(0, 9);
      expect(sdN(z)).toBeCloseTo(1, 9);
      const classed = r.rows.filter((row) => row.class !== null);
      const scores = r.rows.map((row) => row.score).filter((v): v is number => v !== null);
      if (sdN(scores) < 1e-9) {
        // an index without spread (e.g. two indicators that cancel out) cannot be classed by its sd
        expect(classed.length).toBe(0);
        expect((r.params.classification as { reason: string }).reason).toBe('ZERO_SD');
        return;
      }
      expect(classed.length).toBe(rated.length);
      expect((r.summary.classCounts as number[]).reduce((a, b) => a + b, 0)).toBe(rated.length);
      for (const row of r.rows) expect(row.class === null).toBe(row.excludedReason !== null);
    }), { numRuns: 100 });
  });

  it('percentile ranks lie in [0, 1] and never fall when the raw value rises', () => {
    fc.assert(fc.property(data, (rows) => {
      const xs = rows.map((r) => r.x);
      if (new Set(xs).size < 2) return;
      const r = run({ standardisation: { method: 'percentile-rank' }, classification: { kind: 'quantiles', k: 4 } }, { values: { a: xs } });
      const p = r.rows.map((_row, i) => componentsOf(r.components, i).a.standardised as number);
      for (let i = 0; i < xs.length; i++) {
        expect(p[i]).toBeGreaterThanOrEqual(0);
        expect(p[i]).toBeLessThanOrEqual(1);
        for (let j = 0; j < xs.length; j++) if (xs[i] < xs[j]) expect(p[i]).toBeLessThanOrEqual(p[j]);
      }
    }), { numRuns: 100 });
  });
});

describe('index definitions', () => {
  it('reports an invalid field with its path in German and English', () => {
    try {
      parseDefinition({ key: 'x', name: 'x', indicators: [{ key: 'a', weight: -1 }], classification: { kind: 'mss-status' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LernortError);
      const e = err as LernortError;
      expect(e.code).toBe('INDEX_DEFINITION_INVALID');
      expect(e.location?.field).toBe('indicators.0.weight');
      expect(e.de).toContain('Indexdefinition ungültig');
      expect(e.en).toContain('Invalid index definition');
    }
  });

  it('rejects a focus rule with a syntax error, naming its column', () => {
    expect(() => def({ focusRule: 'status = = 4' })).toThrow(expect.objectContaining({ code: 'FOCUS_RULE_SYNTAX' }));
    expect(() => def({ focusRule: 'dynamics = 3' })).toThrow(expect.objectContaining({ location: { field: 'focusRule' } }));
  });

  it('rejects an indicator listed twice and a fixed reference period with percentile ranks', () => {
    expect(() => def({ indicators: [{ key: 'a' }, { key: 'a' }] })).toThrow(/twice/);
    expect(() => def({ standardisation: { method: 'percentile-rank' }, reference: { mode: 'fixed', period: '2015' } })).toThrow(expect.objectContaining({ code: 'INDEX_REFERENCE_UNSUPPORTED' }));
  });

  it('ships the three templates (MSS, SVI, IMD), all valid', () => {
    expect(listTemplates().map((t) => t.name)).toEqual(['IMD-Transformation', 'Status/Dynamik (Berlin-MSS-Verfahren)', 'Perzentilrang (SVI-Verfahren)']);
  });

  it('the documented JSON Schema is the one exported from the zod schema (regenerate with `lernort index schema`)', () => {
    const file = JSON.parse(fs.readFileSync(path.join(projectRoot, 'docs', 'index-definition.schema.json'), 'utf8'));
    expect(file).toEqual(definitionJsonSchema());
  });

  it('hashes content, not key order', () => {
    expect(stableStringify({ b: 1, a: [1, { d: 2, c: null }] })).toBe(stableStringify({ a: [1, { c: null, d: 2 }], b: 1 }));
  });
});
