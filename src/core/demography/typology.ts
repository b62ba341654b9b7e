// Demographic typology of areas (METHODS.md §9; like Bertelsmann's "Demographietypen"):
//  1. z-scores per indicator (§2: unweighted mean, population sd, divisor N); areas missing any
//     indicator are left out and listed;
//  2. Ward's criterion (ml-hclust 'ward2') to choose k: the largest gap in merge heights among
//     k = 2..kMax, silhouettes of the Ward cut reported for every k;
//  3. k-means (ml-kmeans) started from the Ward centroids, plus `restarts` kmeans++ runs with
//     seeds 1..restarts; the partition with the smallest within-SS is kept (ties: the Ward start);
//  4. silhouette and stability: mean adjusted Rand index between the partition and the partitions of
//     `bootstrap` resamples (seeded), each resample clustered the same way and every area assigned
//     to its nearest resample centroid;
//  5. profile of each cluster: mean z per indicator; |mean z| ≥ 0.5 named "high"/"low".
// Same input and seed → same labels (labels numbered by first appearance).
import { kmeans } from 'ml-kmeans';
import { zScores } from '../standardise.ts';
import { createRandom } from '../random.ts';
import { LernortError } from '../errors.ts';
import { adjustedRandIndex, centroidsOf, silhouette, squaredDistance, withinSS } from './cluster-quality.ts';
import { canonicalLabels, cutTree, heightGaps, wardTree } from './ward.ts';

export interface TypologyInput {
  areaIds: string[];
  indicators: Array<{ key: string; de: string; en: string }>;
  /** values[area][indicator]; null = missing. */
  values: (number | null)[][];
  /** Fixed number of clusters; chosen from the Ward heights when not given. */
  k?: number;
  kMax?: number;
  restarts?: number;
  bootstrap?: number;
  seed?: number;
}

export interface ClusterProfile {
  label: number;
  size: number;
  meanZ: Record<string, number>;
  defining: Array<{ key: string; meanZ: number; level: 'high' | 'low' }>;
  de: string;
  en: string;
}

export interface TypologyResult {
  areaIds: string[];
  labels: number[];
  k: number;
  kChoice: Array<{ k: number; gap: number; silhouette: number }>;
  wardHeights: number[];
  withinSS: number;
  silhouette: number;
  stability: { meanAri: number; minAri: number; resamples: number };
  start: 'ward' | `kmeans++ seed ${number}`;
  profiles: ClusterProfile[];
  excluded: string[];
}

interface Partition { labels: number[]; centroids: number[][]; wss: number; start: TypologyResult['start'] }

function cluster(points: number[][], k: number, restarts: number, seedBase: number): Partition {
  const tree = wardTree(points);
  const wardLabels = cutTree(tree, points.length, k);
  const starts: Array<[TypologyResult['start'], number[][] | 'kmeans++', number]> = [['ward', centroidsOf(points, wardLabels, k), 0]];
  for (let s = 1; s <= restarts; s++) starts.push([`kmeans++ seed ${seedBase + s}`, 'kmeans++', seedBase + s]);
  let best: Partition | null = null;
  for (const [start, initialization, seed] of starts) {
    const r = kmeans(points, k, { initialization, seed, maxIterations: 300 });
    const labels = canonicalLabels(r.clusters);
    const kk = new Set(labels).size;
    const wss = withinSS(points, labels, kk);
    // Strictly smaller (beyond rounding) replaces: equal solutions keep the earlier start.
    if (!best || wss < best.wss - 1e-9) best = { labels, centroids: centroidsOf(points, labels, kk), wss, start };
  }
  return best!;
}

function nearest(p: number[], centroids: number[][]): number {
  let bi = 0;
  centroids.forEach((c, i) => { if (squaredDistance(p, c) < squaredDistance(p, centroids[bi])) bi = i; });
  return bi;
}

function describe(meanZ: Record<string, number>, indicators: TypologyInput['indicators']): Pick<ClusterProfile, 'defining' | 'de' | 'en'> {
  const defining = indicators
    .map((ind) => ({ key: ind.key, meanZ: meanZ[ind.key], level: (meanZ[ind.key] >= 0 ? 'high' : 'low') as 'high' | 'low' }))
    .filter((d) => Math.abs(d.meanZ) >= 0.5)
    .sort((a, b) => Math.abs(b.meanZ) - Math.abs(a.meanZ));
  const name = (key: string, lang: 'de' | 'en') => indicators.find((i) => i.key === key)![lang];
  const words = (lang: 'de' | 'en') => {
    const hi = defining.filter((d) => d.level === 'high').map((d) => name(d.key, lang));
    const lo = defining.filter((d) => d.level === 'low').map((d) => name(d.key, lang));
    const parts = [hi.length ? `${lang === 'de' ? 'hoch' : 'high'}: ${hi.join(', ')}` : '', lo.length ? `${lang === 'de' ? 'niedrig' : 'low'}: ${lo.join(', ')}` : ''].filter(Boolean);
    return parts.length ? parts.join('; ') : lang === 'de' ? 'durchschnittlich in allen Merkmalen' : 'average in every indicator';
  };
  return { defining, de: words('de'), en: words('en') };
}

export function typology(input: TypologyInput): TypologyResult {
  const seed = input.seed ?? 1;
  const restarts = input.restarts ?? 50;
  const B = input.bootstrap ?? 50;
  const complete = input.values.map((row) => row.every((v) => v !== null && Number.isFinite(v)));
  const ids = input.areaIds.filter((_, i) => complete[i]);
  const excluded = input.areaIds.filter((_, i) => !complete[i]);
  const rows = input.values.filter((_, i) => complete[i]) as number[][];
  const z = input.indicators.map((_, j) => zScores(rows.map((r) => r[j])));
  const bad = input.indicators.filter((_, j) => z[j].reason);
  if (bad.length || ids.length < 3) {
    throw new LernortError(
      'TYPOLOGY_INPUT',
      `Für eine Typisierung braucht es mindestens 3 Gebiete mit allen Merkmalen und Merkmale, die sich unterscheiden${bad.length ? ` (ohne Streuung: ${bad.map((b) => b.de).join(', ')})` : ''}.`,
      `A typology needs at least 3 areas with every indicator and indicators that vary${bad.length ? ` (no spread: ${bad.map((b) => b.en).join(', ')})` : ''}.`,
      { status: 422 },
    );
  }
  const points = rows.map((_, i) => z.map((zj) => zj.values[i] as number));
  const tree = wardTree(points);
  const kMax = Math.min(input.kMax ?? 8, points.length - 1);
  const kChoice = heightGaps(tree.heights, kMax).map(({ k, gap }) => ({ k, gap, silhouette: silhouette(points, cutTree(tree, points.length, k)).mean }));
  const k = input.k ?? kChoice.reduce((a, b) => (b.gap > a.gap ? b : a)).k;
  const best = cluster(points, k, restarts, seed * 1000);

  const rnd = createRandom(seed);
  const aris: number[] = [];
  for (let b = 0; b < B; b++) {
    const sample = Array.from({ length: points.length }, () => points[rnd.int(points.length)]);
    if (new Set(sample).size <= k) continue; // too few distinct areas to form k clusters
    const part = cluster(sample, k, Math.min(restarts, 10), seed * 1000 + 100000 + b * 100);
    aris.push(adjustedRandIndex(best.labels, points.map((p) => nearest(p, part.centroids))));
  }
  const kk = best.centroids.length;
  const profiles: ClusterProfile[] = Array.from({ length: kk }, (_, label) => {
    const members = points.filter((_, i) => best.labels[i] === label);
    const meanZ = Object.fromEntries(input.indicators.map((ind, j) => [ind.key, members.reduce((s, p) => s + p[j], 0) / members.length]));
    return { label, size: members.length, meanZ, ...describe(meanZ, input.indicators) };
  });
  return {
    areaIds: ids,
    labels: best.labels,
    k: kk,
    kChoice,
    wardHeights: tree.heights,
    withinSS: best.wss,
    silhouette: silhouette(points, best.labels).mean,
    stability: { meanAri: aris.reduce((s, x) => s + x, 0) / (aris.length || 1), minAri: aris.length ? Math.min(...aris) : Number.NaN, resamples: aris.length },
    start: best.start,
    profiles,
    excluded,
  };
}
