// Floating catchment area methods — METHODS.md §6. P_i demand at origin i, S_j supply at
// facility j, t_ij minutes, W a decay weight (decay.ts).
//
//   2SFCA  (Luo & Wang 2003):  R_j = S_j / Σ_{k: t_kj ≤ d0} P_k;   A_i = Σ_{j: t_ij ≤ d0} R_j
//   E2SFCA (Luo & Qi 2009):    R_j = S_j / Σ_k P_k W(t_kj);        A_i = Σ_j R_j W(t_ij)
//   gravity (Joseph & Bantock 1982): E2SFCA with W = t^(−β)
//   BFCA (Paez, Higgins & Vivona 2019): each person and each place counted once —
//     G_ij = W_ij / Σ_j W_ij (row-normalised, demand step), H_ij = W_ij / Σ_i W_ij (column-normalised,
//     supply step); R_j = S_j / Σ_i P_i G_ij;  A_i = Σ_j R_j H_ij.
// With the same W in both steps, Σ_i P_i A_i = Σ_j S_j over the facilities that reach any demand
// (2SFCA, E2SFCA, gravity). A facility no demand reaches gets R_j = 0 and is listed as unreached.

import { type Decay, E2SFCA_STEPS, compileDecay } from './decay.ts';
import { type DemandPoint, type PairSource, type SupplyPoint, type Travel, matrixPairs } from './pairs.ts';
import { gridPairs } from './grid.ts';

export type AccessInput =
  | { demand: DemandPoint[]; supply: SupplyPoint[]; travel?: Travel; pairs?: (d: DemandPoint[], s: SupplyPoint[], t?: Travel) => PairSource }
  | { demand: { id: string; population: number }[]; supply: { id: string; capacity: number }[]; minutes: (number | null)[][] };

export interface AccessResult {
  demandIds: string[];
  supplyIds: string[];
  /** A_i per demand point, supply per head of demand (e.g. places per child). */
  accessibility: Float64Array;
  /** R_j per facility, supply-to-demand ratio in its catchment. */
  ratio: Float64Array;
  /** The (weighted) demand in each facility's catchment: the denominator of R_j. */
  catchmentDemand: Float64Array;
  /** Facilities that no demand reaches (R_j = 0 by convention). */
  unreachedSupply: string[];
}

function pairSourceOf(input: AccessInput): PairSource {
  if ('minutes' in input) return matrixPairs(input.minutes, input.supply.length);
  return (input.pairs ?? gridPairs)(input.demand, input.supply, input.travel);
}

function run(input: AccessInput, decay: Decay, balanced: boolean): AccessResult {
  const source = pairSourceOf(input);
  const { weight, maxMinutes } = compileDecay(decay);
  const nD = source.nDemand, nS = source.nSupply;
  const P = Float64Array.from(input.demand, (d) => d.population);
  const S = Float64Array.from(input.supply, (s) => s.capacity);
  const rowSum = new Float64Array(nD), colSum = new Float64Array(nS);
  if (balanced) {
    source.forEachOrigin(maxMinutes, weight, (i, count, js, ws) => {
      for (let k = 0; k < count; k++) { rowSum[i] += ws[k]; colSum[js[k]] += ws[k]; }
    });
  }
  // step 1: demand in each catchment
  const demandAt = new Float64Array(nS);
  source.forEachOrigin(maxMinutes, weight, (i, count, js, ws) => {
    const p = balanced ? P[i] / rowSum[i] : P[i];
    for (let k = 0; k < count; k++) demandAt[js[k]] += p * ws[k];
  });
  const ratio = new Float64Array(nS);
  const unreachedSupply: string[] = [];
  for (let j = 0; j < nS; j++) {
    if (demandAt[j] > 0) ratio[j] = S[j] / demandAt[j];
    else unreachedSupply.push(input.supply[j].id);
  }
  // step 2: sum of the ratios each origin reaches
  const accessibility = new Float64Array(nD);
  source.forEachOrigin(maxMinutes, weight, (i, count, js, ws) => {
    let a = 0;
    if (balanced) for (let k = 0; k < count; k++) a += (ratio[js[k]] * ws[k]) / colSum[js[k]];
    else for (let k = 0; k < count; k++) a += ratio[js[k]] * ws[k];
    accessibility[i] = a;
  });
  return {
    demandIds: input.demand.map((d) => d.id),
    supplyIds: input.supply.map((s) => s.id),
    accessibility, ratio, catchmentDemand: demandAt, unreachedSupply,
  };
}

/** 2SFCA with catchment d0 minutes (bounds inclusive). */
export function twoStepFca(input: AccessInput, opts: { cutoff: number }): AccessResult {
  return run(input, { kind: 'binary', cutoff: opts.cutoff }, false);
}

/** E2SFCA; default the classic steps 1.00 (≤ 10 min), 0.68 (≤ 20), 0.22 (≤ 30). */
export function enhancedTwoStepFca(input: AccessInput, opts: { decay?: Decay } = {}): AccessResult {
  return run(input, opts.decay ?? { kind: 'steps', steps: E2SFCA_STEPS }, false);
}

/** Balanced FCA; default binary 30-minute catchments. */
export function balancedFca(input: AccessInput, opts: { decay?: Decay } = {}): AccessResult {
  return run(input, opts.decay ?? { kind: 'binary', cutoff: 30 }, true);
}

/** Gravity model: W = max(t, minMinutes)^(−β); default β = 1.5, no cutoff, minMinutes = 1. */
export function gravity(input: AccessInput, opts: { beta?: number; cutoff?: number; minMinutes?: number } = {}): AccessResult {
  const decay: Decay = { kind: 'power', beta: opts.beta ?? 1.5 };
  if (opts.cutoff !== undefined) decay.cutoff = opts.cutoff;
  if (opts.minMinutes !== undefined) decay.minMinutes = opts.minMinutes;
  return run(input, decay, false);
}
