// Extrapolation and ratio methods for areas that have only totals. Smith, Tayman & Swanson,
// A Practitioner's Guide to State and Local Population Projections (2013), ch. 8. Notation there:
// b = base year, l = launch year (last observed), t = target year, y = l − b, z = t − l.
//
//   LINE  P(t) = P(l) + (z/y)·(P(l) − P(b))
//   EXPO  P(t) = P(l)·exp(r·z),  r = ln(P(l)/P(b))/y
//   CONST P(t) = P(l)                                 (the naive "no change" baseline)
//   Constant share  P_i(t) = s_i(l)·C(t),  s_i = P_i/C
//   Shift-share     P_i(t) = C(t)·[s_i(l) + (z/y)·(s_i(l) − s_i(b))]
//   Share of growth P_i(t) = P_i(l) + [(P_i(l) − P_i(b))/(C(l) − C(b))]·(C(t) − C(l))
// C is the larger area (the city) whose projection controls the small areas.
import { LernortError } from '../errors.ts';

export interface TwoPoints {
  baseYear: number;
  base: number;
  launchYear: number;
  launch: number;
}

function span(p: TwoPoints): number {
  const y = p.launchYear - p.baseYear;
  if (!(y > 0)) {
    throw new LernortError('DEMOGRAPHY_BASE_PERIOD', 'Das Basisjahr muss vor dem Startjahr liegen.', 'The base year must lie before the launch year.', { status: 422 });
  }
  return y;
}

export function linearTrend(p: TwoPoints, target: number): number {
  return p.launch + ((target - p.launchYear) / span(p)) * (p.launch - p.base);
}

/** Exponential trend; an area that had 0 at one end cannot have a growth rate, so it stays constant. */
export function exponentialTrend(p: TwoPoints, target: number): number {
  const y = span(p);
  if (!(p.base > 0 && p.launch > 0)) return p.launch;
  const r = Math.log(p.launch / p.base) / y;
  return p.launch * Math.exp(r * (target - p.launchYear));
}

export function constantShare(area: number, cityAtLaunch: number, cityAtTarget: number): number {
  return cityAtLaunch === 0 ? 0 : (area / cityAtLaunch) * cityAtTarget;
}

export function shiftShare(area: TwoPoints, city: TwoPoints, cityAtTarget: number, target: number): number {
  const y = span(area);
  const sl = area.launch / city.launch;
  const sb = area.base / city.base;
  return cityAtTarget * (sl + ((target - area.launchYear) / y) * (sl - sb));
}

/**
 * Share of growth. When the city did not change between b and l the area's share of growth is
 * undefined; the constant-share projection is used instead (STS 2013 discuss this case).
 */
export function shareOfGrowth(area: TwoPoints, city: TwoPoints, cityAtTarget: number): number {
  const cityGrowth = city.launch - city.base;
  if (cityGrowth === 0) return constantShare(area.launch, city.launch, cityAtTarget);
  return area.launch + ((area.launch - area.base) / cityGrowth) * (cityAtTarget - city.launch);
}

/** Ordinary least squares line through (year, value) points, evaluated at the target year. */
export function regressionTrend(years: number[], values: number[], target: number): number {
  const n = years.length;
  if (n < 2 || values.length !== n) {
    throw new LernortError('DEMOGRAPHY_BASE_PERIOD', 'Für einen Trend braucht es mindestens zwei Jahre.', 'A trend needs at least two years.', { status: 422 });
  }
  const mx = years.reduce((s, x) => s + x, 0) / n;
  const my = values.reduce((s, x) => s + x, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (years[i] - mx) * (values[i] - my);
    sxx += (years[i] - mx) ** 2;
  }
  return my + (sxx === 0 ? 0 : sxy / sxx) * (target - mx);
}

/** Relative development between two years in per cent: 100·(P(t2) − P(t1))/P(t1); null when P(t1) is 0. */
export function relativeChange(from: number, to: number): number | null {
  return from === 0 ? null : (100 * (to - from)) / from;
}
