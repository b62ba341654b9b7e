// Distance-decay weights W(t) of the floating catchment family — METHODS.md §6. t is in minutes.
//
// - binary: W = 1 for t ≤ cutoff, else 0 (classic 2SFCA, Luo & Wang 2003).
// - steps: the first step whose upper bound t does not exceed (bounds inclusive); classic E2SFCA
//   (Luo & Qi 2009): 1.00 for ≤ 10 min, 0.68 for ≤ 20, 0.22 for ≤ 30, 0 beyond.
// - gaussian: W = (e^(−½(t/t0)²) − e^(−½)) / (1 − e^(−½)) for t ≤ t0, else 0 (Dai 2010).
// - power: W = max(t, tMin)^(−β), optionally cut off (gravity model, Joseph & Bantock 1982); tMin
//   avoids an infinite weight at t = 0.
// A facility at t = 0 is always inside its catchment.

export type Decay =
  | { kind: 'binary'; cutoff: number }
  | { kind: 'steps'; steps: { upTo: number; weight: number }[] }
  | { kind: 'gaussian'; cutoff: number }
  | { kind: 'power'; beta: number; cutoff?: number; minMinutes?: number };

export const E2SFCA_STEPS: { upTo: number; weight: number }[] = [
  { upTo: 10, weight: 1 },
  { upTo: 20, weight: 0.68 },
  { upTo: 30, weight: 0.22 },
];

export interface CompiledDecay {
  weight: (minutes: number) => number;
  /** Beyond this many minutes the weight is 0 (Infinity for an uncut power decay). */
  maxMinutes: number;
}

export function compileDecay(decay: Decay): CompiledDecay {
  switch (decay.kind) {
    case 'binary': {
      const c = decay.cutoff;
      return { weight: (t) => (t <= c ? 1 : 0), maxMinutes: c };
    }
    case 'steps': {
      const steps = decay.steps.slice().sort((a, b) => a.upTo - b.upTo);
      if (steps.length === 0) throw new RangeError('steps decay needs at least one step');
      const n = steps.length;
      const maxMinutes = steps[n - 1].upTo;
      if (n <= 4) {
        // unrolled for the usual three or four steps (this runs once per pair); padding repeats
        // the last bound, which is never reached after the last step matched
        const b = [0, 1, 2, 3].map((s) => steps[Math.min(s, n - 1)].upTo);
        const w = [0, 1, 2, 3].map((s) => (s < n ? steps[s].weight : 0));
        const [b0, b1, b2, b3] = b, [w0, w1, w2, w3] = w;
        return { weight: (t) => (t <= b0 ? w0 : t <= b1 ? w1 : t <= b2 ? w2 : t <= b3 ? w3 : 0), maxMinutes };
      }
      const bounds = Float64Array.from(steps, (s) => s.upTo);
      const weights = Float64Array.from(steps, (s) => s.weight);
      return {
        weight: (t) => {
          for (let s = 0; s < n; s++) if (t <= bounds[s]) return weights[s];
          return 0;
        },
        maxMinutes,
      };
    }
    case 'gaussian': {
      const t0 = decay.cutoff;
      const e = Math.exp(-0.5);
      return { weight: (t) => (t <= t0 ? (Math.exp(-0.5 * (t / t0) ** 2) - e) / (1 - e) : 0), maxMinutes: t0 };
    }
    case 'power': {
      const { beta } = decay;
      const cutoff = decay.cutoff ?? Infinity;
      const tMin = decay.minMinutes ?? 1;
      return { weight: (t) => (t <= cutoff ? Math.max(t, tMin) ** -beta : 0), maxMinutes: cutoff };
    }
  }
}
