import fs from 'node:fs';
import path from 'node:path';
import { agnes } from 'ml-hclust';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, silhouette } from '../../../src/core/demography/cluster-quality.ts';
import { typology } from '../../../src/core/demography/typology.ts';
import { cutTree, heightGaps, wardTree } from '../../../src/core/demography/ward.ts';
import { createRandom } from '../../../src/core/random.ts';
import { readKdValues, readLeipzigPopulation } from '../../../src/io/leipzig-json.ts';
import { sharedData } from './leipzig-data.ts';

// Five points on a line: 0, 1, 4, 9, 11. Ward merges the pair with the smallest increase of the
// within sum of squares ΔSSE = n_a·n_b/(n_a+n_b)·(centroid distance)²; height h = sqrt(2·ΔSSE).
//   1. {0}+{1}:     ½·1² = 0.5              h = 1
//   2. {9}+{11}:    ½·2² = 2                h = 2        (next best: {0,1}+{4} = ⅔·3.5² = 8.1667)
//   3. {0,1}+{4}:   ⅔·3.5² = 8.1667          h = sqrt(16.3333) = 4.04145
//   4. {0,1,4}+{9,11}: (3·2/5)·(10 − 5/3)² = 83.3333   h = sqrt(166.667) = 12.90994
// Check: 0.5 + 2 + 8.1667 + 83.3333 = 94 = total SSE around the mean 5 (25+16+1+16+36).
const line = [[0], [1], [4], [9], [11]];

describe("Ward's criterion (ml-hclust 'ward2') on a hand-checked example", () => {
  it('merges in the order {0,1}, {9,11}, {0,1,4}, all, at heights 1, 2, 4.04145, 12.90994', () => {
    const t = wardTree(line);
    expect(t.heights).toEqual([1, 2, 4.04145, 12.90994].map((h) => expect.closeTo(h, 5)));
    expect(t.heights.reduce((s, h) => s + (h * h) / 2, 0)).toBeCloseTo(94, 9);
    expect(cutTree(t, 5, 2)).toEqual([0, 0, 0, 1, 1]);
    expect(cutTree(t, 5, 3)).toEqual([0, 0, 1, 2, 2]);
  });

  it("the library's plain 'ward' is not Ward's criterion: its third height differs", () => {
    let third = 0;
    const heights: number[] = [];
    agnes(line, { method: 'ward' }).traverse((c) => { if (!c.isLeaf) heights.push(c.height); });
    third = heights.sort((a, b) => a - b)[2];
    expect(third).not.toBeCloseTo(4.04145, 3);
  });

  it('the largest gap in merge heights chooses k = 2 (12.91 − 4.04)', () => {
    expect(heightGaps(wardTree(line).heights, 4)).toEqual([
      { k: 2, gap: expect.closeTo(8.86849, 4) }, { k: 3, gap: expect.closeTo(2.04145, 4) }, { k: 4, gap: 1 },
    ]);
  });
});

describe('partition measures by hand', () => {
  it('adjusted Rand index: 1 for the same partition under other names, −0.5 for a crossed one', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    // all four cells 1: index 0, expected 2·2/6 = 0.6667, max 2 → (0 − 0.6667)/(2 − 0.6667)
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('silhouette of 0, 1 | 10, 11: (10.5 − 1)/10.5 and (9.5 − 1)/9.5, mean 0.899749', () => {
    const s = silhouette([[0], [1], [10], [11]], [0, 0, 1, 1]);
    expect(s.perPoint[0]).toBeCloseTo(9.5 / 10.5, 12);
    expect(s.perPoint[1]).toBeCloseTo(8.5 / 9.5, 12);
    expect(s.mean).toBeCloseTo(0.899749, 6);
  });

  it('a point alone in its cluster has silhouette 0', () => {
    expect(silhouette([[0], [1], [10]], [0, 0, 1]).perPoint[2]).toBe(0);
  });
});

// Three groups of 10 areas around (2, 0), (−2, 2), (0, −3) in (indicator A, indicator B), seeded noise.
function synthetic(seed: number) {
  const r = createRandom(seed);
  const centres = [[2, 0], [-2, 2], [0, -3]];
  const values = centres.flatMap((c) => Array.from({ length: 10 }, () => [c[0] + r.uniform(-0.5, 0.5), c[1] + r.uniform(-0.5, 0.5)]));
  return { areaIds: values.map((_, i) => `a${i}`), indicators: [{ key: 'a', de: 'Merkmal A', en: 'indicator A' }, { key: 'b', de: 'Merkmal B', en: 'indicator B' }], values };
}

describe('typology: Ward to choose k, seeded k-means, silhouette, stability, profiles', () => {
  const input = synthetic(7);
  const r = typology({ ...input, restarts: 20, bootstrap: 20, seed: 3 });

  it('finds the three planted groups, with high silhouette and stable bootstrap partitions', () => {
    expect(r.k).toBe(3);
    expect(r.labels).toEqual([...new Array(10).fill(0), ...new Array(10).fill(1), ...new Array(10).fill(2)]);
    expect(r.silhouette).toBeGreaterThan(0.7);
    expect(r.stability.meanAri).toBeGreaterThan(0.95);
    expect(r.stability.resamples).toBe(20);
    expect(r.start).toBe('ward');
  });

  it('describes each cluster by its defining indicators in words', () => {
    expect(r.profiles[0].en).toBe('high: indicator A');
    expect(r.profiles[1].de).toBe('hoch: Merkmal B; niedrig: Merkmal A');
    expect(r.profiles[2].en).toBe('low: indicator B');
  });

  it('is reproducible: same input and seed give the same labels and stability', () => {
    const again = typology({ ...input, restarts: 20, bootstrap: 20, seed: 3 });
    expect(again.labels).toEqual(r.labels);
    expect(again.stability).toEqual(r.stability);
  });

  it('leaves out areas with a missing indicator and names them', () => {
    const values = input.values.map((v, i) => (i === 4 ? [v[0], null] : v));
    const t = typology({ ...input, values, restarts: 5, bootstrap: 5 });
    expect(t.excluded).toEqual(['a4']);
    expect(t.areaIds).toHaveLength(29);
  });

  it('refuses an indicator without spread', () => {
    expect(() => typology({ ...input, values: input.values.map((v) => [v[0], 1]) })).toThrow(/no spread: indicator B/);
  });
});

describe('typology of the 63 Leipzig Ortsteile, 2020 (real files)', () => {
  const dir = path.join(sharedData, 'leipzig', 'statistik');
  const pop = readLeipzigPopulation(fs.readFileSync(path.join(dir, 'einwohner-2000-2024.json')), 'einwohner-2000-2024.json').records.filter((r) => r.layer === 'ortsteil');
  const kd = readKdValues(fs.readFileSync(path.join(dir, 'jugendquote.json')), 'jugendquote.json').records;
  const at = new Map([...pop, ...kd].map((r) => [`${r.indicator}|${r.area.name.trim()}|${r.period}`, r.value]));
  const get = (ind: string, name: string, year: string) => at.get(`${ind}|${name}|${year}`) ?? null;
  const names = [...new Set(pop.map((r) => r.area.name.trim()))];
  const values = names.map((n) => [
    get('jugendquote', n, '2020'), get('altenquote', n, '2020'),
    (100 * get('auslaender', n, '2020')!) / get('einwohner', n, '2020')!,
    100 * (get('einwohner', n, '2020')! / get('einwohner', n, '2012')! - 1),
  ]);
  const r = typology({
    areaIds: names,
    indicators: [
      { key: 'jq', de: 'Jugendquote', en: 'youth ratio' }, { key: 'aq', de: 'Altenquote', en: 'old-age ratio' },
      { key: 'ausl', de: 'Ausländeranteil', en: 'share of foreigners' }, { key: 'dev', de: 'Bevölkerungsentwicklung 2012–2020', en: 'population change 2012–2020' },
    ],
    values,
    seed: 1,
  });

  it('chooses k = 2 by the largest Ward height gap and records silhouette and stability', () => {
    expect(r.k).toBe(2);
    expect(r.kChoice[0]).toMatchObject({ k: 2, gap: expect.closeTo(4.0639, 4), silhouette: expect.closeTo(0.3177, 4) });
    expect(r.silhouette).toBeCloseTo(0.3695, 4);
    expect(r.stability.meanAri).toBeCloseTo(0.7363, 4);
    expect(r.stability.resamples).toBe(50);
    expect(r.profiles.map((p) => p.size)).toEqual([18, 45]);
  });

  it('names the inner-city growth type and the rest', () => {
    expect(r.profiles[0].en).toBe('high: population change 2012–2020, share of foreigners; low: old-age ratio, youth ratio');
    expect(r.profiles[1].en).toBe('average in every indicator');
    const type = (n: string) => r.labels[r.areaIds.indexOf(n)];
    expect(type('Volkmarsdorf')).toBe(0);
    expect(type('Grünau-Mitte')).toBe(1);
  });
});
