// Sensitivity of a composite index — METHODS.md §3 "Sensitivity" (OECD/JRC Handbook on Constructing
// Composite Indicators, 2008, ch. 7): re-run the index many times with perturbed weights, another
// normalisation and one indicator left out; report per area the median rank, the 5th–95th
// percentile rank interval, the mean absolute rank shift against the base run, and how often its
// class flips. Rank 1 = highest score = most need. Seeded, so a run is reproducible to the digit.
//
// Speed: every normalisation is computed once up front into a flat Float64Array; a draw is a
// weighted sum and a bucket-sort ranking (fast-rank.ts; ties share the lowest rank) into reused
// typed arrays, written into a preallocated rank matrix. No allocation inside the draw loop.

import { rankAscending, rankWorkspace, sortUint16 } from './fast-rank.ts';
import { createRandom } from './random.ts';
import type { SdScheme } from './classify/sd.ts';
import { classOf } from './classify/breaks.ts';
import { minMax, percentileRanks, zScores } from './standardise.ts';

export type Normalisation = 'z' | 'minmax' | 'percentile';

export interface SensitivityOptions {
  /** Base weights, one per indicator; default all 1. */
  weights?: number[];
  /** Each weight is multiplied by 1 + U(−x, x); default 0.2 (±20 %). */
  weightPerturbation?: number;
  /** Normalisation of the base run; default 'z'. */
  base?: Normalisation;
  /** Normalisations drawn from at random in each run; default only the base one. */
  normalisations?: Normalisation[];
  /** Leave one indicator out in each draw (or none, each with probability 1/(K+1)); default false. */
  leaveOneOut?: boolean;
  /** Number of draws; default 1000. */
  draws?: number;
  seed?: number;
  /** Classes by rank: k equal-count classes, class 1 = highest need; default 5. */
  classes?: number;
  /**
   * Classes by multiples of each run's own score sd instead (e.g. MSS_STATUS from classify/sd.ts):
   * a flip is then a change of status class, as the Berlin MSS would publish it.
   */
  sdScheme?: SdScheme;
}

export interface SensitivityResult {
  baseRank: Uint32Array;
  medianRank: Float64Array;
  p05Rank: Float64Array;
  p95Rank: Float64Array;
  /** Per area: mean |rank in a draw − base rank|. */
  meanAbsShift: Float64Array;
  /** Mean of meanAbsShift over all areas. */
  meanAbsShiftOverall: number;
  /** Per area: share of draws in which its class differs from the base class. */
  classFlipRate: Float64Array;
}

/** indicators[k][i], oriented so that higher = more need, complete (no missing values). */
export function sensitivity(indicators: ArrayLike<number>[], opts: SensitivityOptions = {}): SensitivityResult {
  const K = indicators.length;
  const N = indicators[0]?.length ?? 0;
  const D = opts.draws ?? 1000;
  const baseWeights = opts.weights ?? new Array<number>(K).fill(1);
  const x = opts.weightPerturbation ?? 0.2;
  const baseNorm = opts.base ?? 'z';
  const norms = opts.normalisations ?? [baseNorm];
  const k = opts.classes ?? 5;
  const rnd = createRandom(opts.seed ?? 1);
  if (baseWeights.length !== K) throw new RangeError('sensitivity: one weight per indicator');
  for (const col of indicators) {
    if (col.length !== N) throw new RangeError('sensitivity: indicators cover different numbers of areas');
    for (let i = 0; i < N; i++) if (!Number.isFinite(col[i])) throw new RangeError(`sensitivity: value ${i} is missing or not finite`);
  }

  // normalised matrices, area-major: m[(n * N + i) * K + k]
  const allNorms = Array.from(new Set([baseNorm, ...norms]));
  const mat = new Float64Array(allNorms.length * N * K);
  allNorms.forEach((norm, n) => {
    for (let c = 0; c < K; c++) {
      const col = Array.from(indicators[c], (v) => v as number | null);
      const r = norm === 'z' ? zScores(col) : norm === 'minmax' ? minMax(col) : percentileRanks(col);
      for (let i = 0; i < N; i++) {
        const v = r.values[i];
        mat[(n * N + i) * K + c] = v === null ? 0 : v; // an indicator without spread contributes nothing
      }
    }
  });

  const key = new Float64Array(N);
  const w = new Float64Array(K);
  const rank = new Uint32Array(N);
  const work = rankWorkspace(N);
  const rankDraw = (normIndex: number): void => {
    const off = normIndex * N * K;
    for (let i = 0; i < N; i++) {
      let s = 0;
      const row = off + i * K;
      for (let c = 0; c < K; c++) s += w[c] * mat[row + c];
      key[i] = -s; // ascending rank of −score = rank 1 for the highest score
    }
    rankAscending(key, rank, work);
  };
  const classOfRank = (r: number): number => Math.floor(((r - 1) * k) / N);
  // classes by σ of the run's score (key = −score): breaks mean + at·sd, computed per run
  const sd = opts.sdScheme;
  const sdBreaks = sd ? new Array<number>(sd.cuts.length) : [];
  const sdSides = sd ? sd.cuts.map((c) => c.side) : [];
  const sdClass = new Uint8Array(N);
  const classBySd = (): void => {
    if (!sd) return;
    let m = 0;
    for (let i = 0; i < N; i++) m -= key[i];
    m /= N;
    let ss = 0;
    for (let i = 0; i < N; i++) ss += (-key[i] - m) ** 2;
    const sigma = Math.sqrt(ss / (sd.sdDivisor === 'N-1' ? N - 1 : N));
    const centre = typeof sd.center === 'number' ? sd.center : m;
    for (let c = 0; c < sdBreaks.length; c++) sdBreaks[c] = centre + sd.cuts[c].at * (sd.sd ?? sigma);
    for (let i = 0; i < N; i++) sdClass[i] = classOf(-key[i], sdBreaks, sdSides);
  };

  for (let c = 0; c < K; c++) w[c] = baseWeights[c];
  rankDraw(0);
  const baseRank = rank.slice();
  classBySd();
  const baseSdClass = sdClass.slice();

  const ranks = N <= 65535 ? new Uint16Array(N * D) : new Uint32Array(N * D); // area-major
  const shift = new Float64Array(N);
  const flips = new Uint32Array(N);
  const normIndex = norms.map((n) => allNorms.indexOf(n));
  for (let d = 0; d < D; d++) {
    for (let c = 0; c < K; c++) w[c] = baseWeights[c] * (1 + x * (2 * rnd.next() - 1));
    if (opts.leaveOneOut) {
      const out = rnd.int(K + 1);
      if (out < K) w[out] = 0;
    }
    rankDraw(normIndex[norms.length === 1 ? 0 : rnd.int(norms.length)]);
    classBySd();
    for (let i = 0; i < N; i++) {
      const r = rank[i];
      ranks[i * D + d] = r;
      shift[i] += Math.abs(r - baseRank[i]);
      if (sd ? sdClass[i] !== baseSdClass[i] : classOfRank(r) !== classOfRank(baseRank[i])) flips[i]++;
    }
  }

  const medianRank = new Float64Array(N), p05Rank = new Float64Array(N), p95Rank = new Float64Array(N);
  const meanAbsShift = new Float64Array(N), classFlipRate = new Float64Array(N);
  let overall = 0;
  const tmp16 = new Uint16Array(D), count = new Uint32Array(257);
  for (let i = 0; i < N; i++) {
    const mine = ranks.subarray(i * D, (i + 1) * D);
    if (mine instanceof Uint16Array) sortUint16(mine, tmp16, count);
    else mine.sort();
    medianRank[i] = quantileSorted(mine, 0.5);
    p05Rank[i] = quantileSorted(mine, 0.05);
    p95Rank[i] = quantileSorted(mine, 0.95);
    meanAbsShift[i] = shift[i] / D;
    classFlipRate[i] = flips[i] / D;
    overall += meanAbsShift[i];
  }
  return { baseRank, medianRank, p05Rank, p95Rank, meanAbsShift, meanAbsShiftOverall: N ? overall / N : 0, classFlipRate };
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, as R and Excel). */
function quantileSorted(a: ArrayLike<number>, p: number): number {
  const n = a.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return a[lo] + (h - lo) * (a[hi] - a[lo]);
}
