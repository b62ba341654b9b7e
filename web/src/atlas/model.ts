import type { AreaCollection } from '../areas/api.ts';
import type { Indicator, Observation, ObservationFlags } from '../indicators/api.ts';
import { classify, classOf, type Classes, type ClassMethod } from './classify.ts';
import { NO_DATA_FILL, paletteFor, SUPPRESSED_FILL } from './palette.ts';
import type { AreaFill, AreaStatus } from './ChoroplethMap.tsx';

export interface AreaRow {
  code: string;
  name: string;
  /** Null when missing or suppressed: such areas are never treated as zero. */
  value: number | null;
  status: AreaStatus;
  flags: Partial<ObservationFlags>;
  aggregated: boolean;
  classIndex: number;
  fill: string;
  /** 1 = highest value; null for areas without a value. Ties share a rank. */
  rank: number | null;
}

export interface Choropleth {
  rows: AreaRow[];
  byCode: Map<string, AreaRow>;
  fills: Map<string, AreaFill>;
  classes: Classes;
  colours: string[];
  counts: number[];
  missing: number;
  suppressed: number;
}

function statusOf(obs: Observation | undefined): AreaStatus {
  if (!obs) return 'missing';
  if (obs.flags.suppressed) return 'suppressed';
  if (obs.flags.missing || obs.value === null || !Number.isFinite(obs.value)) return 'missing';
  return 'value';
}

/** Joins the areas of a layer with one period's observations and colours them by class. */
export function buildChoropleth(areas: AreaCollection, observations: Observation[], indicator: Indicator, method: ClassMethod): Choropleth {
  const byArea = new Map(observations.map((o) => [o.areaCode, o]));
  const base = areas.features.map((f) => {
    const obs = byArea.get(f.properties.code);
    const status = statusOf(obs);
    return {
      code: f.properties.code,
      name: f.properties.name || obs?.areaName || f.properties.code,
      value: status === 'value' ? (obs!.value as number) : null,
      status,
      flags: obs?.flags ?? { missing: true },
      aggregated: obs?.aggregated ?? false,
    };
  });

  const values = base.flatMap((r) => (r.value === null ? [] : [r.value]));
  const classes = classify(values, method);
  const colours = paletteFor(indicator.polarity, classes.count);
  const counts = new Array<number>(classes.count).fill(0);

  const descending = [...values].sort((a, b) => b - a);
  const rankOf = (v: number) => descending.indexOf(v) + 1;

  const rows: AreaRow[] = base.map((r) => {
    const classIndex = r.value === null ? -1 : classOf(classes, r.value);
    if (classIndex >= 0) counts[classIndex]++;
    const fill = r.status === 'suppressed' ? SUPPRESSED_FILL : classIndex >= 0 ? colours[classIndex] : NO_DATA_FILL;
    return { ...r, classIndex, fill, rank: r.value === null ? null : rankOf(r.value) };
  });

  return {
    rows,
    byCode: new Map(rows.map((r) => [r.code, r])),
    fills: new Map(rows.map((r) => [r.code, { fill: r.fill, status: r.status }])),
    classes,
    colours,
    counts,
    missing: rows.filter((r) => r.status === 'missing').length,
    suppressed: rows.filter((r) => r.status === 'suppressed').length,
  };
}
