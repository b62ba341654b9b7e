// How sure and how unequal: confidence intervals per area and their comparison with the city
// (METHODS.md §4), inequality between areas and its trend. Read-only; computed from true values.
import type { z } from 'zod';
import type { Queryable } from '../../db/connection.ts';
import { wilsonInterval, byarInterval, byarRateInterval, compareWithCity, instability, Z95, Z998, type Interval } from '../../core/uncertainty.ts';
import { quintileRatio, coefficientOfVariation, gini, theil } from '../../core/inequality.ts';
import * as indicators from '../indicators/service.ts';
import * as monitoring from '../monitoring/service.ts';
import type { inequalityPointSchema, uncertaintyRowSchema } from './schema.ts';

export type UncertaintyRow = z.infer<typeof uncertaintyRowSchema>;

/**
 * Confidence intervals per area (METHODS.md §4): Wilson for shares with numerator and denominator,
 * Byar for counts and for rates with a numerator; compared with the city value (Σ numerators /
 * Σ denominators of the layer's areas). Shares published without their numerator get no interval.
 */
export async function uncertainty(q: Queryable, o: { indicator: string; layer: string; period: string; level?: '95' | '99.8'; minNumerator?: number }) {
  const ind = await indicators.requireIndicator(q, o.indicator);
  const z = o.level === '99.8' ? Z998 : Z95;
  const rows = (await monitoring.layerValues(q, o.layer, o.indicator, o.period)).filter((r) => r.period === o.period);
  const scale = ind.scale || 1;
  const withNd = rows.filter((r) => r.numerator !== null && r.denominator !== null && r.denominator > 0);
  const sumN = withNd.reduce((s, r) => s + (r.numerator as number), 0), sumD = withNd.reduce((s, r) => s + (r.denominator as number), 0);
  const cityValue = (ind.kind === 'share' || ind.kind === 'rate') && sumD > 0 ? (sumN / sumD) * scale : null;
  const polarity = ind.polarity.replace(/_/g, '-');
  const out: UncertaintyRow[] = rows.map((r) => {
    let interval: Interval | null = null;
    let method: UncertaintyRow['method'] = null;
    const num = r.numerator, den = r.denominator;
    if (ind.kind === 'share' && num !== null && den !== null && den > 0 && num >= 0 && num <= den) {
      const w = wilsonInterval(num, den, z);
      interval = { lower: w.lower * scale, upper: w.upper * scale };
      method = 'wilson';
    } else if (ind.kind === 'rate' && num !== null && den !== null && den > 0 && num >= 0) {
      interval = byarRateInterval(num, den, scale, z);
      method = 'byar';
    } else if (ind.kind === 'count' && r.value !== null && r.value >= 0) {
      interval = byarInterval(r.value, z);
      method = 'byar';
    }
    let comparison: UncertaintyRow['comparison'] = null;
    if (interval && cityValue !== null) {
      if (polarity === 'higher-is-better' || polarity === 'higher-is-worse') comparison = compareWithCity(interval, cityValue, polarity);
      else comparison = cityValue >= interval.lower && cityValue <= interval.upper ? 'similar' : interval.lower > cityValue ? 'higher' : 'lower';
    }
    const numerator = ind.kind === 'count' ? r.value : num;
    return {
      areaCode: r.areaCode, areaName: r.areaName, value: r.value, numerator: num, denominator: den, method,
      lower: interval?.lower ?? null, upper: interval?.upper ?? null, comparison,
      unstable: r.value !== null ? instability(r.value, numerator, interval, o.minNumerator ?? 20) : [],
    };
  });
  return { indicator: ind.key, layer: o.layer, period: o.period, level: o.level ?? '95', z, kind: ind.kind, cityValue, areas: out };
}

export type InequalityPoint = z.infer<typeof inequalityPointSchema>;

const safe = (f: () => number | null): number | null => {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) return null; // e.g. negative values have no Gini
    throw err;
  }
};

/** Least-squares slope per year of a measure over the periods (null with fewer than 2 points). */
function slope(points: { x: number; y: number | null }[]): number | null {
  const ps = points.filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.x));
  if (ps.length < 2) return null;
  const mx = ps.reduce((s, p) => s + p.x, 0) / ps.length, my = ps.reduce((s, p) => s + p.y, 0) / ps.length;
  const sxx = ps.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? null : ps.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

/**
 * Inequality between the areas of a layer for one period or all: quintile ratio and CV over areas,
 * Gini and Theil weighted by a population indicator (the `weight` parameter, else the indicator's
 * denominator; unweighted when neither exists), with their trend per year.
 */
export async function inequality(q: Queryable, o: { indicator: string; layer: string; period?: string; weight?: string }) {
  const ind = await indicators.requireIndicator(q, o.indicator);
  const weightKey = o.weight ?? ind.denominator_key ?? null;
  if (weightKey) await indicators.requireIndicator(q, weightKey);
  const values = await monitoring.layerValues(q, o.layer, o.indicator, o.period ?? null);
  const weights = weightKey ? await monitoring.layerValues(q, o.layer, weightKey, o.period ?? null) : [];
  const w = new Map(weights.map((r) => [`${r.areaId}|${r.period}`, r.value]));
  const periods = [...new Set(values.map((v) => v.period))].sort();
  const series: InequalityPoint[] = periods.map((p) => {
    const xs: number[] = [], ws: number[] = [];
    for (const v of values) {
      if (v.period !== p || v.value === null || !Number.isFinite(v.value)) continue;
      const wt = weightKey ? w.get(`${v.areaId}|${p}`) : 1;
      if (wt === null || wt === undefined) continue;
      xs.push(v.value); ws.push(wt);
    }
    const wArg = weightKey ? ws : undefined;
    return {
      period: p, areas: xs.length, quintileRatio: safe(() => quintileRatio(xs)), cv: safe(() => coefficientOfVariation(xs)),
      gini: safe(() => gini(xs, wArg)), theil: safe(() => theil(xs, wArg)),
    };
  });
  const year = (p: string) => Number(p.slice(0, 4)) + (p.length >= 7 ? (Number(p.slice(5, 7)) - 1) / 12 : 0);
  const trend = Object.fromEntries((['quintileRatio', 'cv', 'gini', 'theil'] as const).map((m) => {
    const pts = series.map((s) => ({ x: year(s.period), y: s[m] }));
    const present = series.filter((s) => s[m] !== null);
    return [m, {
      slopePerYear: slope(pts),
      change: present.length >= 2 ? (present[present.length - 1][m] as number) - (present[0][m] as number) : null,
    }];
  })) as Record<'quintileRatio' | 'cv' | 'gini' | 'theil', { slopePerYear: number | null; change: number | null }>;
  return { indicator: ind.key, layer: o.layer, weightedBy: weightKey, series, trend };
}

