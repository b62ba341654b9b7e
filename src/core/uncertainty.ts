// Uncertainty and reliability of small numbers — METHODS.md §4 (as in the Public Health England
// "Technical Guide: Confidence Intervals", 2018).

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959964;
/** z for a two-sided 99.8 % interval. */
export const Z998 = 3.090232;

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for a proportion x/n (Wilson 1927; Newcombe 1998, method 3):
 * (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²)).
 * Checks: 65/100 → [0.552544, 0.736358]; 1045/5000 → [0.197955, 0.220491] (95 %).
 */
export function wilsonInterval(x: number, n: number, z: number = Z95): Interval {
  if (!(n > 0) || x < 0 || x > n) throw new RangeError(`wilsonInterval: need 0 ≤ x ≤ n and n > 0, got x=${x}, n=${n}`);
  const z2 = z * z;
  const root = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  const denom = 2 * (n + z2);
  return { lower: (2 * x + z2 - root) / denom, upper: (2 * x + z2 + root) / denom };
}

/**
 * Byar's approximation to the exact Poisson interval for a count x (Breslow & Day 1987):
 * lower x(1 − 1/(9x) − z/(3√x))³, upper (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³.
 * For x = 0 the lower limit is 0. Divide both by the denominator for a rate.
 * Check: 65 → [50.1632, 82.8491] (95 %).
 */
export function byarInterval(x: number, z: number = Z95): Interval {
  if (!(x >= 0)) throw new RangeError(`byarInterval: need a count ≥ 0, got ${x}`);
  const lower = x === 0 ? 0 : x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
  const y = x + 1;
  const upper = y * (1 - 1 / (9 * y) + z / (3 * Math.sqrt(y))) ** 3;
  return { lower, upper };
}

/** The Byar interval of a rate x/denominator × scale. */
export function byarRateInterval(x: number, denominator: number, scale = 1, z: number = Z95): Interval {
  const { lower, upper } = byarInterval(x, z);
  return { lower: (lower / denominator) * scale, upper: (upper / denominator) * scale };
}

export type Polarity = 'higher-is-better' | 'higher-is-worse';
export type Comparison = 'better' | 'similar' | 'worse';

/**
 * Compare an area with the city: "similar" if the area's interval contains the city value
 * (bounds inclusive), otherwise better or worse according to the indicator's polarity.
 */
export function compareWithCity(interval: Interval, cityValue: number, polarity: Polarity): Comparison {
  if (cityValue >= interval.lower && cityValue <= interval.upper) return 'similar';
  const areaHigher = interval.lower > cityValue;
  return areaHigher === (polarity === 'higher-is-better') ? 'better' : 'worse';
}

export type InstabilityReason = 'SMALL_NUMERATOR' | 'WIDE_INTERVAL';

/**
 * Flag a value as unstable: numerator below `minNumerator` (default 20), or an interval wider than
 * the value itself. Returns the reasons; an empty list means stable.
 */
export function instability(value: number, numerator: number | null, interval: Interval | null, minNumerator = 20): InstabilityReason[] {
  const reasons: InstabilityReason[] = [];
  if (numerator !== null && numerator < minNumerator) reasons.push('SMALL_NUMERATOR');
  if (interval && interval.upper - interval.lower > Math.abs(value)) reasons.push('WIDE_INTERVAL');
  return reasons;
}

export function isUnstable(value: number, numerator: number | null, interval: Interval | null, minNumerator = 20): boolean {
  return instability(value, numerator, interval, minNumerator).length > 0;
}
