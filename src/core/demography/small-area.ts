// Small areas with only totals, projected by one of the Smith–Tayman–Swanson methods and controlled
// to a city-wide total (the city's own projection, or an imported official one). Pure: series in,
// series out, so that a service can feed it with stored observations of any city.
import { controlToTotal } from './control.ts';
import { checkHorizon, DEFAULT_HORIZON } from './scenarios.ts';
import { valueAt, type YearSeries } from './series.ts';
import { constantShare, exponentialTrend, linearTrend, shareOfGrowth, shiftShare, type TwoPoints } from './trend-share.ts';

export type AreaMethod = 'constant' | 'linear' | 'exponential' | 'constant-share' | 'shift-share' | 'share-of-growth';

export interface AreaHistory {
  id: string;
  values: YearSeries;
}

export interface SmallAreaInput {
  areas: AreaHistory[];
  /** The city's observed totals (for the share methods' base and launch years). */
  cityHistory: YearSeries;
  /** The city's projected totals for the target years (the control). */
  cityProjection: YearSeries;
  method: AreaMethod;
  baseYear: number;
  launchYear: number;
  targetYears: number[];
  /** Scale the areas to the city projection (default true). */
  control?: boolean;
  maxYear?: number;
}

export interface SmallAreaResult {
  areas: Array<{ id: string; values: Map<number, number> }>;
  /** Control factor per target year (1 when not controlled). */
  factors: Map<number, number>;
}

function pointsOf(series: YearSeries, baseYear: number, launchYear: number, what: string): TwoPoints {
  return { baseYear, base: valueAt(series, baseYear, what), launchYear, launch: valueAt(series, launchYear, what) };
}

export function projectSmallAreas(input: SmallAreaInput): SmallAreaResult {
  const { baseYear, launchYear, method } = input;
  for (const t of input.targetYears) checkHorizon(launchYear, t, input.maxYear ?? DEFAULT_HORIZON);
  const city = pointsOf(input.cityHistory, baseYear, launchYear, 'city');
  const points = input.areas.map((a) => pointsOf(a.values, baseYear, launchYear, a.id));
  const out = input.areas.map((a) => ({ id: a.id, values: new Map<number, number>() }));
  const factors = new Map<number, number>();
  for (const t of input.targetYears) {
    const cityT = valueAt(input.cityProjection, t, 'city projection');
    const raw = points.map((p) => {
      switch (method) {
        case 'constant': return p.launch;
        case 'linear': return linearTrend(p, t);
        case 'exponential': return exponentialTrend(p, t);
        case 'constant-share': return constantShare(p.launch, city.launch, cityT);
        case 'shift-share': return shiftShare(p, city, cityT, t);
        case 'share-of-growth': return shareOfGrowth(p, city, cityT);
      }
    });
    const controlled = input.control === false ? { values: raw, factor: 1 } : controlToTotal(raw, cityT);
    controlled.values.forEach((v, i) => out[i].values.set(t, v));
    factors.set(t, controlled.factor);
  }
  return { areas: out, factors };
}
