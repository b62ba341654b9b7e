// Values of an indicator for the areas of a layer: stored where the source gives them, otherwise
// aggregated from member or child areas by the rules of METHODS.md §1 (never an average of rates).
import type { Queryable } from '../../db/connection.ts';
import { aggregateValues, type AggregateMember, type IndicatorKind } from '../../core/aggregate.ts';
import { notFound } from '../../core/errors.ts';
import { INHERITED_FLAGS, OBSERVED_VARIANT_ID, flagsFromRow, noFlags, type Flags } from '../../core/flags.ts';
import * as indicators from '../indicators/service.ts';
import * as areas from '../areas/service.ts';
import * as repo from './repo.ts';

export type { Flags };

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

const MAX_DEPTH = 4;

/**
 * Values of one indicator on one layer, for one period or all periods. Recursion follows the
 * layer's grouping members or its child layer, so a city can be aggregated from boroughs that are
 * themselves aggregated from districts. Actual (observed) values unless `variantId` names a
 * projection or scenario; members aggregate within the same variant, never across.
 */
export async function layerValues(q: Queryable, layerKey: string, indicatorKey: string, period: string | null, variantId = OBSERVED_VARIANT_ID): Promise<AreaValue[]> {
  return valuesOf(q, layerKey, indicatorKey, period, variantId, 0);
}

async function valuesOf(q: Queryable, layerKey: string, indicatorKey: string, period: string | null, variantId: number, depth: number): Promise<AreaValue[]> {
  const layer = await repo.layerInfo(q, layerKey);
  if (!layer) throw notFound('Ebene / layer', layerKey);
  const ind = await indicators.requireIndicator(q, indicatorKey);
  const stored = await repo.storedValues(q, layer.id, ind.id, period, variantId);

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
      flags: flagsFromRow(r),
      aggregated: false,
    });
  }

  const memberLayerId = layer.kind === 'grouping' ? layer.member_layer_id : layer.child_layer_id;
  if (memberLayerId !== null && depth < MAX_DEPTH) {
    const memberLayer = await repo.layerInfoById(q, memberLayerId);
    const links = await repo.memberships(q, layer.id);
    if (memberLayer && links.length > 0) {
      const memberValues = await valuesOf(q, memberLayer.key, indicatorKey, period, variantId, depth + 1);
      const weights = ind.kind === 'mean' && ind.weight_key ? await valuesOf(q, memberLayer.key, ind.weight_key, period, variantId, depth + 1) : [];
      const byMember = indexBy(memberValues);
      const weightByMember = indexBy(weights);
      const periods = [...new Set(memberValues.map((v) => v.period))].sort();
      const merged = await mergedAreasOver(q, memberLayer.key, ind.id, period, variantId);
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
          const { rest, substitutes } = substituteMerged(members, p, byMember, merged, ind.kind);
          const input: AggregateMember[] = rest.map((m) => {
            const v = byMember.get(`${m.id}|${p}`);
            if (v) for (const f of INHERITED_FLAGS) flags[f] ||= v.flags[f];
            // Crosswalk weights (< 1) scale counts; plain memberships have weight 1.
            const scale = m.weight;
            return {
              value: v?.value == null ? null : ind.kind === 'count' ? v.value * scale : v.value,
              numerator: v?.numerator == null ? null : v.numerator * scale,
              denominator: v?.denominator == null ? null : v.denominator * scale,
              weight: weightByMember.get(`${m.id}|${p}`)?.value ?? null,
            };
          });
          input.push(...substitutes);
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

interface MergedArea {
  memberIds: number[];
  /** period → stored value of the merged row. */
  values: Map<string, { value: number | null; numerator: number | null; denominator: number | null }>;
}

/**
 * Merged source rows ("Kleiner Grasbrook und Steinwerder") live as grouping areas of the layer
 * `<member layer>_merged`; their stored values stand for the sum of their members.
 */
async function mergedAreasOver(q: Queryable, memberLayerKey: string, indicatorId: number, period: string | null, variantId: number): Promise<MergedArea[]> {
  const layer = await repo.layerInfo(q, `${memberLayerKey}_merged`);
  if (!layer || layer.kind !== 'grouping') return [];
  const links = await repo.memberships(q, layer.id);
  const stored = await repo.storedValues(q, layer.id, indicatorId, period, variantId);
  const byGroup = new Map<number, MergedArea>();
  for (const l of links) {
    if (!byGroup.has(l.group_id)) byGroup.set(l.group_id, { memberIds: [], values: new Map() });
    byGroup.get(l.group_id)!.memberIds.push(l.member_id);
  }
  for (const r of stored) {
    if (r.period !== null) byGroup.get(r.area_id)?.values.set(r.period, { value: r.value, numerator: r.numerator, denominator: r.denominator });
  }
  return [...byGroup.values()].filter((m) => m.values.size > 0);
}

/**
 * Members without a value of their own that a merged row covers are replaced by that row: its
 * value is the exact sum of theirs. Only for additive kinds (count, share/rate via numerator and
 * denominator) and plain memberships (weight 1); a merged row reaching outside the group is not used.
 */
function substituteMerged(members: { id: number; weight: number }[], period: string, byMember: Map<string, AreaValue>, merged: MergedArea[], kind: string): { rest: { id: number; weight: number }[]; substitutes: AggregateMember[] } {
  if (merged.length === 0 || !['count', 'share', 'rate'].includes(kind)) return { rest: members, substitutes: [] };
  const lacking = new Set(members.filter((m) => m.weight === 1 && byMember.get(`${m.id}|${period}`)?.value == null).map((m) => m.id));
  const replaced = new Set<number>();
  const substitutes: AggregateMember[] = [];
  for (const a of merged) {
    const v = a.values.get(period);
    if (!v || v.value === null || !a.memberIds.every((id) => lacking.has(id) && !replaced.has(id))) continue;
    for (const id of a.memberIds) replaced.add(id);
    substitutes.push({ value: v.value, numerator: v.numerator, denominator: v.denominator });
  }
  return { rest: members.filter((m) => !replaced.has(m.id)), substitutes };
}

function indexBy(values: AreaValue[]): Map<string, AreaValue> {
  return new Map(values.map((v) => [`${v.areaId}|${v.period}`, v]));
}

/** Every area of the layer for one period (one variant, observed by default); areas without a value appear with value null. */
export async function observationsFor(q: Queryable, layerKey: string, indicatorKey: string, period: string, variantId = OBSERVED_VARIANT_ID) {
  const values = await layerValues(q, layerKey, indicatorKey, period, variantId);
  const have = new Set(values.map((v) => v.areaId));
  for (const a of await areas.listAreas(q, layerKey)) {
    if (!have.has(a.id)) {
      values.push({ areaId: a.id, areaCode: a.code, areaName: a.name, period, value: null, numerator: null, denominator: null, flags: { ...noFlags(), missing: true }, aggregated: false, reason: 'NO_DATA' });
    }
  }
  return values.sort((a, b) => (a.areaCode < b.areaCode ? -1 : 1));
}

export type ConsistencyStatus = 'equal' | 'different' | 'incomplete';

export interface ConsistencyRow {
  indicator: string;
  period: string;
  parentLayer: string;
  parentCode: string;
  parentName: string;
  childLayer: string;
  /** 'hierarchy': children by parent; 'grouping': members of a grouping area (weighted). */
  relation: 'hierarchy' | 'grouping';
  status: ConsistencyStatus;
  children: number;
  childrenWithValue: number;
  published: number;
  /** Sum over the children that have a value (all of them unless status is 'incomplete'). */
  sumOfChildren: number;
  /** published − sumOfChildren; for an incomplete parent the part no known child accounts for. */
  difference: number;
  /**
   * What is proven about |published − Σ all children| whatever the missing children hold. Complete:
   * |difference| (0 when equal). Incomplete count with non-negative values: the missing children can
   * only add, so the true difference is ≤ difference; a gap (difference > 0) may be theirs (bound 0),
   * an excess (difference < 0) cannot be closed by them (bound −difference). Negative values: 0.
   */
  knownDifferenceAtLeast: number;
  /** One sentence for people, German and English (empty for equal rows). */
  note: { de: string; en: string };
}

export interface ConsistencyOptions {
  /** Differences up to max(absolute, relative × max(|published|, |sum|)) count as equal (float noise). */
  relativeTolerance?: number;
  absoluteTolerance?: number;
}

export const DEFAULT_CONSISTENCY_TOLERANCE = { relativeTolerance: 1e-9, absoluteTolerance: 1e-6 } as const;

export interface ConsistencyInput {
  published: number;
  sumOfKnown: number;
  children: number;
  childrenWithValue: number;
  anyNegative: boolean;
}

const fmt = (n: number, locale: string) => n.toLocaleString(locale, { maximumFractionDigits: 6 });

/** Classifies one parent against its children; pure, so the rule is tested without a database. */
export function classifyConsistency(c: ConsistencyInput, opts: ConsistencyOptions = {}): Pick<ConsistencyRow, 'status' | 'difference' | 'knownDifferenceAtLeast' | 'note'> {
  const rel = opts.relativeTolerance ?? DEFAULT_CONSISTENCY_TOLERANCE.relativeTolerance;
  const abs = opts.absoluteTolerance ?? DEFAULT_CONSISTENCY_TOLERANCE.absoluteTolerance;
  const raw = c.published - c.sumOfKnown;
  const tolerance = Math.max(abs, rel * Math.max(Math.abs(c.published), Math.abs(c.sumOfKnown)));
  const negligible = Math.abs(raw) <= tolerance;
  const difference = negligible ? 0 : raw;
  if (c.childrenWithValue === c.children) {
    if (negligible) return { status: 'equal', difference: 0, knownDifferenceAtLeast: 0, note: { de: '', en: '' } };
    return {
      status: 'different', difference, knownDifferenceAtLeast: Math.abs(difference),
      note: { de: `Differenz ${fmt(difference, 'de-DE')} (keinem Teilgebiet zugeordnet).`, en: `Difference ${fmt(difference, 'en-GB')} (not assigned to any part).` },
    };
  }
  const excess = difference < 0 && !c.anyNegative ? -difference : 0;
  const head = { de: `unvollständig: ${c.childrenWithValue} von ${c.children} Teilgebieten haben Werte`, en: `incomplete: ${c.childrenWithValue} of ${c.children} children have values` };
  const tail = excess > 0
    ? { de: `; die bekannten übersteigen die Summe schon um ${fmt(excess, 'de-DE')}, bekannte Differenz ≥ ${fmt(excess, 'de-DE')}.`, en: `; the known ones already exceed the total by ${fmt(excess, 'en-GB')}, known difference ≥ ${fmt(excess, 'en-GB')}.` }
    : difference > 0
      ? { de: `; ${fmt(difference, 'de-DE')} sind keinem bekannten Teilgebiet zugeordnet (die fehlenden müssten genau das halten).`, en: `; ${fmt(difference, 'en-GB')} are not held by any known child (the missing ones would have to hold exactly that).` }
      : { de: '.', en: '.' };
  return { status: 'incomplete', difference, knownDifferenceAtLeast: excess, note: { de: head.de + tail.de, en: head.en + tail.en } };
}

/**
 * Where a source gives a parent value itself (a Stadtbezirk, the city, a grouping), compare it with
 * the sum of its children over every declared relation. Differences are shown, not hidden: Leipzig's
 * 2024 total has 2 residents that no Stadtbezirk holds; a parent with children lacking values is
 * reported as incomplete with what is known, never left out.
 */
export async function consistencyReport(q: Queryable, indicatorKey: string, period: string | null, opts: ConsistencyOptions = {}): Promise<ConsistencyRow[]> {
  const ind = await indicators.requireIndicator(q, indicatorKey);
  if (ind.kind !== 'count') return [];
  const all = await repo.parentRelations(q, ind.id, period);
  // A child layer without any value of the indicator in a period (Flensburg's statistical districts
  // for the Stadtteil tables) has nothing to compare; a layer with some values has gaps to report.
  const layerHasValues = new Set(all.filter((r) => r.children_with_value > 0).map((r) => `${r.relation}|${r.child_layer}|${r.period}`));
  const rows = all.filter((r) => layerHasValues.has(`${r.relation}|${r.child_layer}|${r.period}`));
  return rows.map((row) => {
    const sumOfKnown = row.sum_known ?? 0;
    const verdict = classifyConsistency({ published: row.published, sumOfKnown, children: row.children, childrenWithValue: row.children_with_value, anyNegative: row.any_negative }, opts);
    return {
      indicator: indicatorKey, period: row.period, parentLayer: row.parent_layer, parentCode: row.parent_code, parentName: row.parent_name,
      childLayer: row.child_layer, relation: row.relation, children: row.children, childrenWithValue: row.children_with_value,
      published: row.published, sumOfChildren: sumOfKnown, ...verdict,
    };
  });
}
