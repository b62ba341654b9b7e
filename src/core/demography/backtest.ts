// Backtest of total-population projections: pretend it is the launch year, project with only the data
// up to then, and compare with what happened. Generic over the city and its areas; the Leipzig
// configuration (launch years, published forecasts) is in backtest-leipzig.ts.
import { percentageError, summarizeErrors, type ErrorSummary } from './forecast-errors.ts';
import type { YearSeries } from './series.ts';
import { projectSmallAreas, type AreaHistory, type AreaMethod } from './small-area.ts';
import { trendAverage, TREND_METHODS, type TrendMethod } from './trend-methods.ts';

export interface BacktestRun {
  launchYear: number;
  targets: number[];
}

export interface BroadGroupsByYear {
  young: number;
  working: number;
  old: number;
}

export interface BacktestInput {
  city: YearSeries;
  areas: AreaHistory[];
  /** Derived broad age groups per area and year (optional; enables the broad-group method). */
  broadGroups?: ReadonlyMap<string, ReadonlyMap<number, BroadGroupsByYear>>;
  runs: BacktestRun[];
  /** City method whose projection controls the areas; default the trend average. */
  control?: TrendMethod;
  /** Base period of the area methods in years (default 5). */
  areaBasePeriod?: number;
}

export interface CityError {
  method: string;
  launchYear: number;
  target: number;
  horizon: number;
  forecast: number;
  actual: number;
  pe: number;
}

export interface AreaError {
  method: string;
  launchYear: number;
  target: number;
  horizon: number;
  summary: ErrorSummary;
  perArea: Array<{ id: string; forecast: number; actual: number; pe: number }>;
}

export interface BacktestResult {
  city: CityError[];
  areas: AreaError[];
}

const truncate = (s: YearSeries, lastYear: number): Map<number, number> => new Map([...s].filter(([y]) => y <= lastYear));

type AreaProjector = (a: { areas: AreaHistory[]; city: Map<number, number>; control: number; launchYear: number; target: number; basePeriod: number; input: BacktestInput }) => Map<string, number> | null;

function viaSmallArea(method: AreaMethod, control: boolean): AreaProjector {
  return ({ areas, city, control: ctl, launchYear, target, basePeriod }) => {
    const r = projectSmallAreas({ areas, cityHistory: city, cityProjection: new Map([[target, ctl]]), method, baseYear: launchYear - basePeriod, launchYear, targetYears: [target], control, maxYear: 2100 });
    return new Map(r.areas.map((a) => [a.id, a.values.get(target)!]));
  };
}

/**
 * Broad groups: each of under 15 / 15–<65 / 65+ projected by share of growth against the city sum
 * of that group (itself projected by the trend average), summed per area, then controlled to the
 * city total. The closest to Hamilton-Perry that three unequal bands allow: cohorts cannot be aged
 * between bands of 15, 50 and open years, so group totals carry the age-structure signal instead.
 */
const broadGroupShareOfGrowth: AreaProjector = ({ areas, control, launchYear, target, basePeriod, input }) => {
  const bg = input.broadGroups;
  if (!bg) return null;
  const base = launchYear - basePeriod;
  if (!areas.every((a) => bg.get(a.id)?.has(base) && bg.get(a.id)?.has(launchYear))) return null;
  const sums = new Map<string, number>(areas.map((a) => [a.id, 0]));
  for (const g of ['young', 'working', 'old'] as const) {
    const groupAreas = areas.map((a) => ({ id: a.id, values: new Map([...bg.get(a.id)!].filter(([y]) => y <= launchYear).map(([y, v]) => [y, v[g]])) }));
    const years = [...groupAreas[0].values.keys()];
    const groupCity = new Map(years.map((y) => [y, groupAreas.reduce((s, a) => s + (a.values.get(y) ?? 0), 0)]));
    const cityT = trendAverage(groupCity, launchYear, target);
    const r = projectSmallAreas({ areas: groupAreas, cityHistory: groupCity, cityProjection: new Map([[target, cityT]]), method: 'share-of-growth', baseYear: base, launchYear, targetYears: [target], control: false, maxYear: 2100 });
    r.areas.forEach((a) => sums.set(a.id, sums.get(a.id)! + Math.max(0, a.values.get(target)!)));
  }
  const total = [...sums.values()].reduce((s, x) => s + x, 0);
  return new Map([...sums].map(([id, v]) => [id, (v * control) / total]));
};

export const AREA_METHODS: ReadonlyArray<[string, AreaProjector]> = [
  ['naive: constant (last observed)', viaSmallArea('constant', false)],
  ['naive: linear, base period, uncontrolled', viaSmallArea('linear', false)],
  ['linear, controlled', viaSmallArea('linear', true)],
  ['exponential, controlled', viaSmallArea('exponential', true)],
  ['constant share, controlled', viaSmallArea('constant-share', true)],
  ['shift-share, controlled', viaSmallArea('shift-share', true)],
  ['share of growth, controlled', viaSmallArea('share-of-growth', true)],
  ['broad groups: share of growth, controlled', broadGroupShareOfGrowth],
];

export function runBacktest(input: BacktestInput): BacktestResult {
  const controlMethod = input.control ?? trendAverage;
  const basePeriod = input.areaBasePeriod ?? 5;
  const city: CityError[] = [];
  const areas: AreaError[] = [];
  for (const run of input.runs) {
    const history = truncate(input.city, run.launchYear);
    const areaHistory = input.areas.map((a) => ({ id: a.id, values: truncate(a.values, run.launchYear) }));
    // The areas' sum may differ from the city (residents without an area): control to the city
    // projection times the areas' share at the launch year.
    const areaSumAt = (y: number) => input.areas.reduce((s, a) => s + (a.values.get(y) ?? 0), 0);
    const share = areaSumAt(run.launchYear) / history.get(run.launchYear)!;
    for (const target of run.targets) {
      const actual = input.city.get(target);
      if (actual === undefined) continue;
      for (const [name, m] of TREND_METHODS) {
        // A method whose base period reaches before the first year is left out (short series).
        let forecast: number;
        try { forecast = m(history, run.launchYear, target); } catch (err) { if ((err as { code?: string }).code === 'DEMOGRAPHY_MISSING_YEAR') continue; throw err; }
        city.push({ method: name, launchYear: run.launchYear, target, horizon: target - run.launchYear, forecast, actual, pe: percentageError(forecast, actual) });
      }
      const control = controlMethod(history, run.launchYear, target) * share;
      for (const [name, m] of AREA_METHODS) {
        const f = m({ areas: areaHistory, city: history, control, launchYear: run.launchYear, target, basePeriod, input });
        if (!f) continue;
        const perArea = input.areas.flatMap((a) => {
          const act = a.values.get(target);
          const fc = f.get(a.id);
          return act === undefined || act === 0 || fc === undefined ? [] : [{ id: a.id, forecast: fc, actual: act, pe: percentageError(fc, act) }];
        });
        areas.push({ method: name, launchYear: run.launchYear, target, horizon: target - run.launchYear, summary: summarizeErrors(perArea.map((p) => p.pe)), perArea });
      }
    }
  }
  return { city, areas };
}

/**
 * The runs a short or gappy series allows: launch at an observed year at least `basePeriod` years
 * after the first (the area methods' base), every later observed year a target. The earliest such
 * launch gives the longest horizon; a second launch two observed years before the last gives a
 * short one. Flensburg (2011, 2017–2021): 2017 → 2018…2021 (horizon 4) and 2019 → 2020, 2021.
 */
export function backtestRunsFor(observedYears: readonly number[], basePeriod = 5): BacktestRun[] {
  const years = [...new Set(observedYears)].sort((a, b) => a - b);
  if (years.length < 2) return [];
  const last = years[years.length - 1];
  const launches = years.filter((y) => y - years[0] >= basePeriod && y < last);
  if (launches.length === 0) return [];
  const picked = [...new Set([launches[0], years[years.length - 3]])].filter((y) => y !== undefined && launches.includes(y)).sort((a, b) => a - b);
  return picked.map((l) => ({ launchYear: l, targets: years.filter((y) => y > l) }));
}
