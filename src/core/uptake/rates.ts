// Uptake of a city-wide service by area of residence (Inanspruchnahme): participants / target
// population with a Wilson interval (METHODS.md §4), compared with the city. The city rate is
// aggregated from numerators and denominators, never averaged over areas (§1).
import { byarRateInterval, compareWithCity, instability, wilsonInterval, Z95 } from '../uncertainty.ts';
import type { Comparison, InstabilityReason, Interval } from '../uncertainty.ts';

export interface AreaCount {
  areaId: string;
  participants: number;
  /** The target population (e.g. children 6–14, or those entitled). */
  population: number;
}

export type UptakeFlag = 'ZERO_POPULATION' | 'PARTICIPANTS_EXCEED_POPULATION';

export interface UptakeRate extends AreaCount {
  /** participants / population; null without a population. */
  rate: number | null;
  /** Wilson; Byar (count/population) when participants exceed the population and x/n is no proportion. */
  interval: Interval | null;
  intervalMethod: 'wilson' | 'byar' | null;
  /** better: uptake significantly above the city; worse: below (higher uptake is better). */
  comparison: Comparison | null;
  unstable: InstabilityReason[];
  flags: UptakeFlag[];
}

export interface UptakeOptions {
  z?: number;
  /** Numerator below which a rate is unstable (default 20, §4). */
  minNumerator?: number;
  /**
   * The city's own count, when it is more than the sum of the areas (participants whose area is
   * unknown, residents not in any listed area). Default: the sum over the areas.
   */
  city?: { participants: number; population: number };
}

export interface UptakeResult {
  city: { participants: number; population: number; rate: number | null; interval: Interval | null };
  areas: UptakeRate[];
}

export function rateWithInterval(participants: number, population: number, z = Z95): Pick<UptakeRate, 'rate' | 'interval' | 'intervalMethod' | 'flags'> {
  if (!(population > 0)) return { rate: null, interval: null, intervalMethod: null, flags: ['ZERO_POPULATION'] };
  const rate = participants / population;
  if (participants > population) return { rate, interval: byarRateInterval(participants, population, 1, z), intervalMethod: 'byar', flags: ['PARTICIPANTS_EXCEED_POPULATION'] };
  return { rate, interval: wilsonInterval(participants, population, z), intervalMethod: 'wilson', flags: [] };
}

export function uptakeRates(areas: readonly AreaCount[], opts: UptakeOptions = {}): UptakeResult {
  const z = opts.z ?? Z95;
  for (const a of areas) {
    if (!Number.isInteger(a.participants) || a.participants < 0 || !(a.population >= 0))
      throw new RangeError(`uptakeRates: area ${a.areaId} needs a whole participant count ≥ 0 and a population ≥ 0`);
  }
  const cityCount = opts.city ?? {
    participants: areas.reduce((s, a) => s + a.participants, 0),
    population: areas.reduce((s, a) => s + a.population, 0),
  };
  const cityRate = rateWithInterval(cityCount.participants, cityCount.population, z);
  const rows = areas.map((a): UptakeRate => {
    const r = rateWithInterval(a.participants, a.population, z);
    const comparison = r.interval && cityRate.rate !== null ? compareWithCity(r.interval, cityRate.rate, 'higher-is-better') : null;
    const unstable = r.rate === null ? [] : instability(r.rate, a.participants, r.interval, opts.minNumerator ?? 20);
    return { ...a, ...r, comparison, unstable };
  });
  return { city: { ...cityCount, rate: cityRate.rate, interval: cityRate.interval }, areas: rows };
}

export interface PeriodCount {
  period: string;
  participants: number;
  population: number;
}

export interface TrendStep {
  from: string;
  to: string;
  /** Change in the rate (rate_to − rate_from), a difference of proportions. */
  change: number;
  /** Newcombe's hybrid score interval for the difference. */
  interval: Interval;
  direction: 'rising' | 'stable' | 'falling';
}

/**
 * Change of the uptake rate between consecutive periods, with the interval for a difference of two
 * independent proportions by Newcombe's hybrid score method (Newcombe 1998, Statistics in Medicine
 * 17:873–890, method 10), built from the two Wilson intervals (l, u):
 *   d = p2 − p1;  lower = d − √((p2 − l2)² + (u1 − p1)²);  upper = d + √((u2 − p2)² + (p1 − l1)²).
 * Rising or falling only when the interval excludes 0. Periods without a population are skipped.
 */
export function uptakeTrend(periods: readonly PeriodCount[], z = Z95): TrendStep[] {
  const usable = periods.filter((p) => p.population > 0 && p.participants <= p.population);
  const out: TrendStep[] = [];
  for (let i = 1; i < usable.length; i++) {
    const a = usable[i - 1];
    const b = usable[i];
    const p1 = a.participants / a.population;
    const p2 = b.participants / b.population;
    const w1 = wilsonInterval(a.participants, a.population, z);
    const w2 = wilsonInterval(b.participants, b.population, z);
    const d = p2 - p1;
    const interval = {
      lower: d - Math.sqrt((p2 - w2.lower) ** 2 + (w1.upper - p1) ** 2),
      upper: d + Math.sqrt((w2.upper - p2) ** 2 + (p1 - w1.lower) ** 2),
    };
    const direction = interval.lower > 0 ? 'rising' : interval.upper < 0 ? 'falling' : 'stable';
    out.push({ from: a.period, to: b.period, change: d, interval, direction });
  }
  return out;
}
