import type { AreaCollection } from '../areas/api.ts';
import type { Indicator, Observation, ObservationFlags } from '../indicators/api.ts';
import { classify, classOf, type Classes, type ClassMethod } from './classify.ts';
import { divergingFor, NO_DATA_FILL, paletteFor, SUPPRESSED_FILL } from './palette.ts';
import type { AreaFill, AreaStatus } from './ChoroplethMap.tsx';

export type MapView = 'value' | 'change';

export interface AreaRow {
  code: string;
  name: string;
  parentCode: string | null;
  /** Null when missing or suppressed: such areas are never treated as zero. */
  value: number | null;
  status: AreaStatus;
  flags: Partial<ObservationFlags>;
  aggregated: boolean;
  /** Public mode: the text the server wants shown (e.g. "."). */
  display?: string;
  classIndex: number;
  fill: string;
  /** 1 = highest value; null for areas without a value. Ties share a rank. */
  rank: number | null;
  /** value − value in the comparison period (null without both). */
  change: number | null;
  /** Shares, rates, means: value − city value; counts: share of the city total in %. */
  vsCity: number | null;
}

export interface Choropleth {
  view: MapView;
  rows: AreaRow[];
  byCode: Map<string, AreaRow>;
  fills: Map<string, AreaFill>;
  classes: Classes;
  colours: string[];
  counts: number[];
  missing: number;
  suppressed: number;
  provisional: number;
  breakInSeries: number;
  cityValue: number | null;
  /**
   * Why the values on the map are not believable, if they are not: 'all-zero' when every area with a
   * value has exactly 0 (Leipzig's long-term unemployed 2018/19: a gap in the source filled with
   * zeros, not a city without long-term unemployment).
   */
  implausible: 'all-zero' | null;
}

export interface ChoroplethOptions {
  method: ClassMethod;
  thresholds?: number[];
  view?: MapView;
  /** Observations of the comparison period (change column and change map). */
  compare?: Observation[] | null;
  cityValue?: number | null;
}

function statusOf(obs: Observation | undefined): AreaStatus {
  if (!obs) return 'missing';
  if (obs.flags.suppressed || obs.display === '.') return 'suppressed';
  if (obs.flags.missing || obs.value === null || !Number.isFinite(obs.value)) return 'missing';
  return 'value';
}

function usableValue(obs: Observation | undefined): number | null {
  return statusOf(obs) === 'value' ? (obs!.value as number) : null;
}

/** Joins the areas of a layer with one period's observations and colours them by class. */
export function buildChoropleth(areas: AreaCollection, observations: Observation[], indicator: Indicator, opts: ChoroplethOptions): Choropleth {
  const view: MapView = opts.view === 'change' && opts.compare ? 'change' : 'value';
  const byArea = new Map(observations.map((o) => [o.areaCode, o]));
  const before = new Map((opts.compare ?? []).map((o) => [o.areaCode, o]));
  const city = opts.cityValue ?? null;
  const base = areas.features.map((f) => {
    const obs = byArea.get(f.properties.code);
    const status = statusOf(obs);
    const value = usableValue(obs);
    const prev = opts.compare ? usableValue(before.get(f.properties.code)) : null;
    const change = value !== null && prev !== null ? value - prev : null;
    const vsCity = value === null || city === null ? null : indicator.kind === 'count' ? (city === 0 ? null : (value / city) * 100) : value - city;
    return {
      code: f.properties.code,
      name: f.properties.name || obs?.areaName || f.properties.code,
      parentCode: f.properties.parentCode ?? null,
      value,
      status: view === 'change' && status === 'value' && change === null ? ('missing' as AreaStatus) : status,
      flags: obs?.flags ?? { missing: true },
      aggregated: obs?.aggregated ?? false,
      display: obs?.display,
      change,
      vsCity,
    };
  });

  const shown = (r: (typeof base)[number]) => (view === 'change' ? r.change : r.value);
  const values = base.flatMap((r) => (shown(r) === null ? [] : [shown(r) as number]));
  let classes = classify(values, opts.method, 5, opts.thresholds ?? []);
  // A change map always breaks at zero, so that no class mixes decreases with increases.
  if (view === 'change' && classes.count > 0 && classes.breaks[0] < 0 && classes.breaks[classes.count] > 0 && !classes.breaks.includes(0)) {
    const breaks = [...classes.breaks, 0].sort((x, y) => x - y);
    classes = { breaks, count: breaks.length - 1 };
  }
  const colours = view === 'change' ? divergingFor(classes.breaks) : paletteFor(indicator.polarity, classes.count);
  const counts = new Array<number>(classes.count).fill(0);

  // Rank 1 = highest value; ties share the best rank. A map, not indexOf: 10,990 areas stay linear.
  const descending = base.flatMap((r) => (r.value === null ? [] : [r.value])).sort((a, b) => b - a);
  const firstIndex = new Map<number, number>();
  descending.forEach((v, i) => { if (!firstIndex.has(v)) firstIndex.set(v, i); });
  const rankOf = (v: number) => (firstIndex.get(v) ?? 0) + 1;

  const rows: AreaRow[] = base.map((r) => {
    const v = shown(r);
    const classIndex = v === null ? -1 : classOf(classes, v);
    if (classIndex >= 0) counts[classIndex]++;
    const fill = r.status === 'suppressed' ? SUPPRESSED_FILL : classIndex >= 0 ? colours[classIndex] : NO_DATA_FILL;
    return { ...r, classIndex, fill, rank: r.value === null ? null : rankOf(r.value) };
  });

  return {
    view,
    rows,
    byCode: new Map(rows.map((r) => [r.code, r])),
    fills: new Map(rows.map((r) => [r.code, {
      fill: r.fill, status: r.status,
      provisional: r.status === 'value' && Boolean(r.flags.provisional || r.flags.estimated),
      breakInSeries: r.status === 'value' && Boolean(r.flags.breakInSeries),
    }])),
    classes,
    colours,
    counts,
    missing: rows.filter((r) => r.status === 'missing').length,
    suppressed: rows.filter((r) => r.status === 'suppressed').length,
    provisional: rows.filter((r) => r.status === 'value' && (r.flags.provisional || r.flags.estimated)).length,
    breakInSeries: rows.filter((r) => r.status === 'value' && r.flags.breakInSeries).length,
    cityValue: city,
    implausible: implausibility(base.map((r) => r.value)),
  };
}

/** Two or more areas with a value, and every one of them exactly 0. */
export function implausibility(values: ReadonlyArray<number | null>): 'all-zero' | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length >= 2 && present.every((v) => v === 0) ? 'all-zero' : null;
}
