// The status of a goal as it was at each reporting date, and the lines a chart draws next to the
// actual values: the path the target needs (constant CAGR from the base, METHODS.md §8) and the
// current trend carried forward.
import { cagr } from '../progress.ts';
import type { Observation } from '../progress.ts';
import { goalStatus } from './status.ts';
import type { GoalSpec, GoalStatus, SeriesPoint } from './status.ts';

/**
 * A value with the date it became known (ISO YYYY-MM-DD). Without `knownFrom` a value for year Y is
 * taken as known from 31 December of Y: no statistic is known before its year has ended. A later
 * revision of the same year is another point with a later `knownFrom`.
 */
export interface DatedPoint extends SeriesPoint {
  knownFrom?: string;
}

export interface HistoryEntry extends GoalStatus {
  date: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const knownFrom = (p: DatedPoint) => p.knownFrom ?? `${Math.floor(p.year)}-12-31`;

/** The series as it stood on `date`: per year the last revision known by then. */
export function seriesAsOf(points: readonly DatedPoint[], date: string): SeriesPoint[] {
  if (!ISO_DATE.test(date)) throw new RangeError(`seriesAsOf: date must be YYYY-MM-DD, got ${date}`);
  const byYear = new Map<number, DatedPoint>();
  for (const p of points) {
    if (knownFrom(p) > date) continue;
    const prev = byYear.get(p.year);
    if (!prev || knownFrom(p) >= knownFrom(prev)) byYear.set(p.year, p);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year).map(({ year, value }) => ({ year, value }));
}

/** The status at each reporting date, in date order, from the values known at that date. */
export function statusHistory(points: readonly DatedPoint[], spec: GoalSpec, dates: readonly string[]): HistoryEntry[] {
  return [...dates].sort().map((date) => ({ date, ...goalStatus(seriesAsOf(points, date), spec) }));
}

export interface ChartLines {
  /** Constant-growth path from the base to the target: y0·(1 + CAGR_needed)^(t − t0), one point a year. */
  needed: Observation[];
  /** The actual CAGR from base to latest carried forward to the target year (or `untilYear`). */
  trend: Observation[];
  /** 'linear' when a value ≤ 0 makes constant growth undefined; the lines are then straight. */
  shape: 'cagr' | 'linear';
}

/**
 * The forecast lines for a chart. Without a target only the trend is drawn, up to `untilYear`
 * (default: five years past the latest value). Years are whole years from the base year.
 */
export function chartLines(base: Observation, latest: Observation, target: Observation | null, untilYear?: number): ChartLines {
  const end = target?.year ?? untilYear ?? latest.year + 5;
  const positive = base.value > 0 && latest.value > 0 && (!target || target.value > 0);
  const shape = positive ? 'cagr' : 'linear';
  const path = (from: Observation, to: Observation, fromYear: number, toYear: number): Observation[] => {
    if (to.year === from.year) return [];
    const out: Observation[] = [];
    const rate = shape === 'cagr' ? cagr(from.value, to.value, from.year, to.year) : (to.value - from.value) / (to.year - from.year);
    for (let t = fromYear; t <= toYear; t++) {
      const value = shape === 'cagr' ? from.value * (1 + rate) ** (t - from.year) : from.value + rate * (t - from.year);
      out.push({ year: t, value });
    }
    return out;
  };
  return {
    needed: target ? path(base, target, base.year, target.year) : [],
    trend: path(base, latest, latest.year, Math.max(end, latest.year)),
    shape,
  };
}

export interface GoalOverview {
  /** The status from everything known now, with its reason. */
  current: GoalStatus;
  history: HistoryEntry[];
  /** null when there is no base or latest value to draw from. */
  chart: ChartLines | null;
}

/** What a goal answer carries: the status now, its history per reporting date, the chart lines. */
export function goalOverview(points: readonly DatedPoint[], spec: GoalSpec, reportingDates: readonly string[], today: string): GoalOverview {
  const current = goalStatus(seriesAsOf(points, today), spec);
  const past = reportingDates.filter((d) => d <= today);
  const chart = current.base && current.latest && current.latest.year > current.base.year ? chartLines(current.base, current.latest, current.target) : null;
  return { current, history: statusHistory(points, spec, past), chart };
}
