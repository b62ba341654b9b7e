// City-wide totals by scenario: a scenario is a named parameter set (data, not code), here the
// extrapolation method, the base period and a factor on the observed growth. Low / medium / high are
// the usual corridor; a publisher's V1/V2 come in as imported series instead. Horizon: up to 2040
// unless a caller allows more (the planning horizon).
import { LernortError } from '../errors.ts';
import { exponentialTrend, linearTrend } from './trend-share.ts';
import { trendAverage } from './trend-methods.ts';
import { valueAt, type YearSeries } from './series.ts';

export type { YearSeries } from './series.ts';

export const DEFAULT_HORIZON = 2040;

export interface Scenario {
  name: string;
  /** 'trend-average': the method the Leipzig backtest chose (trend-methods.ts); ignores basePeriod. */
  method: 'linear' | 'exponential' | 'constant' | 'trend-average';
  /** Years between base and launch year of the trend. */
  basePeriod: number;
  /** Multiplies the growth of the base period (1 = as observed; 0 = no change). */
  growthFactor: number;
}

export const DEFAULT_SCENARIOS: readonly Scenario[] = [
  { name: 'low', method: 'linear', basePeriod: 5, growthFactor: 0.5 },
  { name: 'medium', method: 'linear', basePeriod: 5, growthFactor: 1 },
  { name: 'high', method: 'linear', basePeriod: 5, growthFactor: 1.5 },
];

/** The corridor around the backtested method: half / as projected / one and a half times its growth. */
export const TREND_AVERAGE_SCENARIOS: readonly Scenario[] = [
  { name: 'low', method: 'trend-average', basePeriod: 10, growthFactor: 0.5 },
  { name: 'medium', method: 'trend-average', basePeriod: 10, growthFactor: 1 },
  { name: 'high', method: 'trend-average', basePeriod: 10, growthFactor: 1.5 },
];

export function checkHorizon(launchYear: number, toYear: number, maxYear = DEFAULT_HORIZON): void {
  if (toYear <= launchYear || toYear > maxYear) {
    throw new LernortError(
      'DEMOGRAPHY_HORIZON',
      `Der Zielhorizont ${toYear} muss nach dem Startjahr ${launchYear} und spätestens ${maxYear} liegen.`,
      `The horizon ${toYear} must lie after the launch year ${launchYear} and no later than ${maxYear}.`,
      { status: 422 },
    );
  }
}

/**
 * Projects a total year by year from `launchYear + 1` to `toYear` under one scenario, from the
 * observed history (only years ≤ launchYear are read: the launch year is the data cut-off).
 */
export function projectTotal(history: YearSeries, launchYear: number, toYear: number, s: Scenario, maxYear = DEFAULT_HORIZON): Map<number, number> {
  checkHorizon(launchYear, toYear, maxYear);
  const launch = valueAt(history, launchYear, 'launch year');
  if (s.method === 'trend-average') {
    const avg = new Map<number, number>();
    for (let t = launchYear + 1; t <= toYear; t++) avg.set(t, launch + s.growthFactor * (trendAverage(history, launchYear, t) - launch));
    return avg;
  }
  const baseYear = launchYear - s.basePeriod;
  const base = s.method === 'constant' ? launch : valueAt(history, baseYear, 'base year');
  // The growth factor scales the observed change of the base period, so 0 means "no change".
  const scaledBase = launch - s.growthFactor * (launch - base);
  const p = { baseYear, base: scaledBase, launchYear, launch };
  const out = new Map<number, number>();
  for (let t = launchYear + 1; t <= toYear; t++) {
    out.set(t, s.method === 'constant' ? launch : s.method === 'linear' ? linearTrend(p, t) : exponentialTrend(p, t));
  }
  return out;
}

export function projectScenarios(history: YearSeries, launchYear: number, toYear: number, scenarios: readonly Scenario[] = DEFAULT_SCENARIOS): Map<string, Map<number, number>> {
  return new Map(scenarios.map((s) => [s.name, projectTotal(history, launchYear, toYear, s)]));
}
