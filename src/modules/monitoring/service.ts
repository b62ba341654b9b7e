// Values of an indicator for the areas of a layer: stored where the source gives them, otherwise
// aggregated from member or child areas by the rules of METHODS.md §1 (never an average of rates).
import type { Queryable } from '../../db/connection.ts';
import { aggregateValues, consistencyCheck, type AggregateMember, type IndicatorKind } from '../../core/aggregate.ts';
import { notFound } from '../../core/errors.ts';
import * as indicators from '../indicators/service.ts';
import * as areas from '../areas/service.ts';
import * as repo from './repo.ts';

export interface Flags {
  provisional: boolean;
  estimated: boolean;
  breakInSeries: boolean;
  suppressed: boolean;
  missing: boolean;
}

export interface AreaValue {
  areaId: number;
  areaCode: string;
  areaName: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  flags: Flags;
  aggregated: boolean;
  /** Why an aggregated value is null (e.g. INCOMPLETE, INDEX_NOT_AGGREGABLE). */
  reason?: string;
}

const noFlags = (): Flags => ({ provisional: false, estimated: false, breakInSeries: false, suppressed: false, missing: false });
const MAX_DEPTH = 4;

/**
 * Values of one indicator on one layer, for one period or all periods. Recursion follows the
 * layer's grouping members or its child layer, so a city can be aggregated from boroughs that are
 * themselves aggregated from districts.
 */
export async function layerValues(q: Queryable, layerKey: string, indicatorKey: string, period: string | null, depth = 0): Promise<AreaValue[]> {
  const layer = await repo.layerInfo(q, layerKey);
  if (!layer) throw notFound('Ebene / layer', layerKey);
  const ind = await indicators.requireIndicator(q, indicatorKey);
  const stored = await repo.storedValues(q, layer.id, ind.id, period);

  const result: AreaValue[] = [];
  const areaNames = new Map<number, { code: string; name: string }>();
  const storedPeriods = new Map<number, Set<string>>();
  for (const r of stored) {
    areaNames.set(r.area_id, { code: r.code, name: r.name });
    if (r.period === null) continue;
    if (!storedPeriods.has(r.area_id)) storedPeriods.set(r.area_id, new Set());
    storedPeriods.get(r.area_id)!.add(r.period);
    result.push({
      areaId: r.area_id, areaCode: r.code, areaName: r.name, period: r.period, value: r.value, numerator: r.numerator, denominator: r.denominator,
      flags: { provisional: !!r.provisional, estimated: !!r.estimated, breakInSeries: !!r.break_in_series, suppressed: !!r.suppressed, missing: !!r.missing },
      aggregated: false,
    });
  }

  const memberLayerId = layer.kind === 'grouping' ? layer.member_layer_id : layer.child_layer_id;
  if (memberLayerId !== null && depth < MAX_DEPTH) {
    const memberLayer = await repo.layerInfoById(q, memberLayerId);
    const links = await repo.memberships(q, layer.id);
    if (memberLayer && links.length > 0) {
      const memberValues = await layerValues(q, memberLayer.key, indicatorKey, period, depth + 1);
      const weights = ind.kind === 'mean' && ind.weight_key ? await layerValues(q, memberLayer.key, ind.weight_key, period, depth + 1) : [];
      const byMember = indexBy(memberValues);
      const weightByMember = indexBy(weights);
      const periods = [...new Set(memberValues.map((v) => v.period))].sort();
      const membersOf = new Map<number, { id: number; weight: number }[]>();
      for (const l of links) {
        if (!membersOf.has(l.group_id)) membersOf.set(l.group_id, []);
        membersOf.get(l.group_id)!.push({ id: l.member_id, weight: l.weight });
      }
      for (const [groupId, members] of membersOf) {
        const area = areaNames.get(groupId);
        if (!area) continue;
        for (const p of periods) {
          if (storedPeriods.get(groupId)?.has(p)) continue;
          const flags = noFlags();
          const input: AggregateMember[] = members.map((m) => {
            const v = byMember.get(`${m.id}|${p}`);
            if (v) {
              flags.provisional ||= v.flags.provisional;
              flags.estimated ||= v.flags.estimated;
              flags.breakInSeries ||= v.flags.breakInSeries;
            }
            // Crosswalk weights (< 1) scale counts; plain memberships have weight 1.
            const scale = m.weight;
            return {
              value: v?.value == null ? null : ind.kind === 'count' ? v.value * scale : v.value,
              numerator: v?.numerator == null ? null : v.numerator * scale,
              denominator: v?.denominator == null ? null : v.denominator * scale,
              weight: weightByMember.get(`${m.id}|${p}`)?.value ?? null,
            };
          });
          const agg = aggregateValues(ind.kind as IndicatorKind, input, { scale: ind.scale });
          flags.missing = agg.value === null;
          result.push({
            areaId: groupId, areaCode: area.code, areaName: area.name, period: p,
            value: agg.value, numerator: agg.numerator, denominator: agg.denominator, flags, aggregated: true,
            ...(agg.reason ? { reason: agg.reason } : {}),
          });
        }
      }
    }
  }
  return result.sort((a, b) => (a.areaCode < b.areaCode ? -1 : a.areaCode > b.areaCode ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

function indexBy(values: AreaValue[]): Map<string, AreaValue> {
  return new Map(values.map((v) => [`${v.areaId}|${v.period}`, v]));
}

/** Every area of the layer for one period; areas without a value appear with value null. */
export async function observationsFor(q: Queryable, layerKey: string, indicatorKey: string, period: string) {
  const values = await layerValues(q, layerKey, indicatorKey, period);
  const have = new Set(values.map((v) => v.areaId));
  for (const a of await areas.listAreas(q, layerKey)) {
    if (!have.has(a.id)) {
      values.push({ areaId: a.id, areaCode: a.code, areaName: a.name, period, value: null, numerator: null, denominator: null, flags: { ...noFlags(), missing: true }, aggregated: false, reason: 'NO_DATA' });
    }
  }
  return values.sort((a, b) => (a.areaCode < b.areaCode ? -1 : 1));
}

export interface ConsistencyRow {
  indicator: string;
  period: string;
  parentLayer: string;
  parentCode: string;
  parentName: string;
  childLayer: string;
  children: number;
  published: number;
  sumOfChildren: number;
  difference: number;
}

/**
 * Where a source gives a parent value itself (a Stadtbezirk, the city), compare it with the sum of
 * its children. Differences are shown, not hidden: Leipzig's 2024 total has 2 residents that no
 * Ortsteil holds.
 */
export async function consistencyReport(q: Queryable, indicatorKey: string, period: string | null): Promise<ConsistencyRow[]> {
  const ind = await indicators.requireIndicator(q, indicatorKey);
  if (ind.kind !== 'count') return [];
  const r = await q.query<{ parent_layer: string; child_layer: string; parent_code: string; parent_name: string; period: string; published: number; sum_children: number; children: number; children_with_value: number }>(
    `SELECT pl.key AS parent_layer, cl.key AS child_layer, p.code AS parent_code, p.name AS parent_name, po.period,
            po.value AS published, sum(co.value) AS sum_children, count(c.id)::int AS children, count(co.value)::int AS children_with_value
       FROM areas p
       JOIN layers pl ON pl.id = p.layer_id
       JOIN observations po ON po.area_id = p.id AND po.indicator_id = $1 AND ($2::text IS NULL OR po.period = $2) AND po.value IS NOT NULL
       JOIN areas c ON c.parent_id = p.id AND c.valid_to IS NULL
       JOIN layers cl ON cl.id = c.layer_id
       LEFT JOIN observations co ON co.area_id = c.id AND co.indicator_id = $1 AND co.period = po.period
      WHERE p.valid_to IS NULL
      GROUP BY pl.key, cl.key, p.code, p.name, po.period, po.value
      ORDER BY po.period, pl.key, p.code`,
    [ind.id, period],
  );
  return r.rows
    .filter((row) => row.children_with_value === row.children)
    .map((row) => {
      const check = consistencyCheck(row.published, [row.sum_children]);
      return {
        indicator: indicatorKey, period: row.period, parentLayer: row.parent_layer, parentCode: row.parent_code, parentName: row.parent_name,
        childLayer: row.child_layer, children: row.children, published: check.actual, sumOfChildren: check.expected, difference: check.difference,
      };
    });
}
