// Use cases of the reports module: area profiles (Steckbriefe), aggregates of user selections,
// download tables and named selections. Values come from the monitoring service, so a profile, a
// selection and the atlas always agree; aggregation follows METHODS.md §1 via core/aggregate.ts.
import type { Queryable } from '../../db/connection.ts';
import { aggregateValues, type AggregateMember, type IndicatorKind } from '../../core/aggregate.ts';
import { byarRateInterval, compareWithCity, isUnstable, wilsonInterval, type Interval } from '../../core/uncertainty.ts';
import { LernortError, notFound } from '../../core/errors.ts';
import { implausibility } from '../../core/plausibility.ts';
import * as monitoring from '../monitoring/service.ts';
import * as areas from '../areas/service.ts';
import * as indicators from '../indicators/service.ts';
import * as publication from '../publication/service.ts';
import { VersionedCache } from '../system/service.ts';
import * as repo from './repo.ts';
import {
  PROFILE_TEMPLATE, type AggregateResponse, type Profile, type ProfileItem, type ProfileSection, type ProfileSlot, type SelectionInput,
} from './schema.ts';

type AreaValue = monitoring.AreaValue;
type Flags = monitoring.Flags;
type IndicatorRow = indicators.IndicatorRow;

const noFlags = (): Flags => ({ provisional: false, estimated: false, breakInSeries: false, suppressed: false, missing: false });

/**
 * The values of a whole layer per (visibility, layer, indicator, period), kept per data version of
 * the indicator's dependencies: the profiles of 63 Ortsteile read the same 50 layer tables, so only
 * the first profile after a change reads them (a Steckbrief took ~50 value reads, 1–3 s on PGlite).
 * Callers must not change the arrays or values they get.
 */
const layerReads = new VersionedCache(400);

/** Values per (layer, indicator) as the caller may see them, asked once per request. */
class ValueCache {
  private readonly cache = new Map<string, Promise<AreaValue[]>>();
  constructor(private readonly q: Queryable, private readonly vis: publication.Visibility) {}
  get(layer: string, indicator: string, period: string | null = null): Promise<AreaValue[]> {
    const key = `${this.vis}|${layer}|${indicator}|${period}`;
    let p = this.cache.get(key);
    if (!p) {
      p = publication.dependencies(this.q, indicator).then((deps) =>
        layerReads.get(this.q, key, () => publication.readValues(this.q, this.vis, { indicator, layer, period }), deps));
      this.cache.set(key, p);
    }
    return p;
  }
}

const usable = (v: AreaValue | undefined): v is AreaValue & { value: number } =>
  v !== undefined && v.value !== null && Number.isFinite(v.value) && !v.flags.suppressed && !v.flags.missing;

/** The layer that holds the whole city: one area and no parent layer. */
export async function cityLayer(q: Queryable): Promise<areas.LayerRow | undefined> {
  return (await areas.listLayers(q)).find((l) => l.area_count === 1 && l.parent_key === null && l.kind === 'geometry');
}

// ---- Aggregates of selections ----------------------------------------------------------------

/**
 * The aggregate of a set of areas of one layer for one period (or all periods): counts add up,
 * shares and rates are Σ numerator / Σ denominator, means are weighted — never an average of rates.
 */
export async function aggregateSelection(
  q: Queryable, vis: publication.Visibility, input: { indicator: string; layer: string; codes: string[]; period: string | null },
): Promise<AggregateResponse> {
  const ind = await indicators.requireIndicator(q, input.indicator);
  const layerAreas = await areas.listAreas(q, input.layer);
  if (layerAreas.length === 0) await areas.requireLayer(q, input.layer);
  const byCode = new Map(layerAreas.map((a) => [a.code, a]));
  const unknown = input.codes.filter((c) => !byCode.has(c));
  if (unknown.length > 0) {
    throw new LernortError('AREA_UNKNOWN', `Unbekannte Gebiete in der Ebene „${input.layer}“: ${unknown.slice(0, 10).join(', ')}`,
      `Unknown areas in layer "${input.layer}": ${unknown.slice(0, 10).join(', ')}`, { status: 404, location: { field: 'codes' } });
  }
  const ids = new Set(input.codes.map((c) => byCode.get(c)!.id));
  const cache = new ValueCache(q, vis);
  const read = async (key: string) => (await cache.get(input.layer, key, input.period)).filter((v) => ids.has(v.areaId));
  let values = await read(ind.key);
  if (vis === 'public' && (ind.kind === 'share' || ind.kind === 'rate')) {
    // Public values carry no numerator/denominator pair: take them from the displayed counts, so
    // an aggregate is built only from what the caller can already see.
    const nums = ind.numerator_key ? new Map((await read(ind.numerator_key)).map((v) => [`${v.areaId}|${v.period}`, v])) : new Map<string, AreaValue>();
    const dens = ind.denominator_key ? new Map((await read(ind.denominator_key)).map((v) => [`${v.areaId}|${v.period}`, v])) : new Map<string, AreaValue>();
    values = values.map((v) => {
      const n = nums.get(`${v.areaId}|${v.period}`);
      const d = dens.get(`${v.areaId}|${v.period}`);
      const hidden = v.flags.suppressed || !n || !d || n.flags.suppressed || d.flags.suppressed;
      return hidden ? { ...v, flags: { ...v.flags, suppressed: true } } : { ...v, numerator: n.value, denominator: d.value };
    });
  }
  const weights = ind.kind === 'mean' && ind.weight_key ? await read(ind.weight_key) : [];
  const weightOf = new Map(weights.map((w) => [`${w.areaId}|${w.period}`, w.value]));
  const byKey = new Map(values.map((v) => [`${v.areaId}|${v.period}`, v]));
  const periods = input.period ? [input.period] : [...new Set(values.map((v) => v.period))].sort();

  return {
    indicator: ind.key,
    layer: input.layer,
    kind: ind.kind,
    members: input.codes.map((c) => ({ code: c, name: byCode.get(c)!.name })),
    periods: periods.map((period) => {
      const flags = noFlags();
      const members: AggregateMember[] = [...ids].map((id) => {
        const v = byKey.get(`${id}|${period}`);
        if (v) {
          flags.provisional ||= v.flags.provisional;
          flags.estimated ||= v.flags.estimated;
          flags.breakInSeries ||= v.flags.breakInSeries;
          flags.suppressed ||= v.flags.suppressed;
        }
        // A suppressed member is not known to the caller: it makes the aggregate incomplete.
        if (!v || v.flags.suppressed) return { value: null };
        return { value: v.value, numerator: v.numerator, denominator: v.denominator, weight: weightOf.get(`${id}|${period}`) ?? null };
      });
      const agg = aggregateValues(ind.kind as IndicatorKind, members, { scale: ind.scale });
      flags.missing = agg.value === null;
      return {
        period, value: agg.value, numerator: agg.numerator, denominator: agg.denominator, complete: agg.complete,
        missingMembers: agg.missingMembers, ...(agg.reason ? { reason: agg.reason } : {}), flags,
      };
    }),
  };
}

// ---- Area profile ----------------------------------------------------------------------------

interface Place { layer: string; code: string; name: string }

function seriesOf(values: AreaValue[], code: string) {
  return values.filter((v) => v.areaCode === code).sort((a, b) => (a.period < b.period ? -1 : 1));
}

const point = (v: AreaValue) => ({ period: v.period, value: v.flags.suppressed ? null : v.value, flags: v.flags });

function intervalOf(ind: IndicatorRow, v: AreaValue): { method: 'wilson' | 'byar'; interval: Interval } | null {
  const n = v.numerator;
  const d = v.denominator;
  if (n === null || d === null || !(d > 0) || n < 0) return null;
  if (ind.kind === 'share' && n <= d) {
    const w = wilsonInterval(n, d);
    return { method: 'wilson', interval: { lower: w.lower * ind.scale, upper: w.upper * ind.scale } };
  }
  if (ind.kind === 'rate') return { method: 'byar', interval: byarRateInterval(n, d, ind.scale) };
  return null;
}

type Verdict = 'better' | 'similar' | 'worse' | 'higher' | 'lower';

/** Better/similar/worse by the indicator's polarity; a neutral indicator is only higher or lower. */
function verdict(ind: IndicatorRow, interval: Interval, city: number): Verdict {
  if (ind.polarity === 'higher_is_better' || ind.polarity === 'higher_is_worse') {
    return compareWithCity(interval, city, ind.polarity === 'higher_is_better' ? 'higher-is-better' : 'higher-is-worse');
  }
  if (city >= interval.lower && city <= interval.upper) return 'similar';
  return interval.lower > city ? 'higher' : 'lower';
}

function indicatorInfo(ind: IndicatorRow): NonNullable<ProfileItem['indicator']> {
  return {
    key: ind.key, name: ind.name_de, nameEn: ind.name_en, unit: ind.unit, unitEn: ind.unit_en, decimals: ind.decimals,
    kind: ind.kind, polarity: ind.polarity, source: ind.source, licence: ind.licence, updatedAt: ind.updated_at.toISOString(),
  };
}

async function profileItem(cache: ValueCache, slot: ProfileSlot, ind: IndicatorRow | undefined, area: Place, parent: Place | null, city: Place | null): Promise<ProfileItem> {
  const empty: ProfileItem = {
    slot: slot.key, label: slot.label, available: false, indicator: ind ? indicatorInfo(ind) : null, period: null, value: null, flags: null,
    previous: null, change: null, parent: null, city: null, comparison: null, implausible: null, series: [], parentSeries: [], citySeries: [],
  };
  if (!ind) return empty;
  const layerValues = await cache.get(area.layer, ind.key);
  const own = seriesOf(layerValues, area.code);
  const parentSeries = parent ? seriesOf(await cache.get(parent.layer, ind.key), parent.code) : [];
  const citySeries = city ? seriesOf(await cache.get(city.layer, ind.key), city.code) : [];
  let latestIndex = own.length - 1;
  while (latestIndex >= 0 && !usable(own[latestIndex])) latestIndex--;
  const base = { ...empty, series: own.map(point), parentSeries: parentSeries.map(point), citySeries: citySeries.map(point) };
  if (latestIndex < 0) return base;
  const latest = own[latestIndex] as AreaValue & { value: number };
  const prev = own.slice(0, latestIndex).reverse().find((v) => usable(v));
  const at = (s: AreaValue[]) => s.find((v) => v.period === latest.period);
  const parentV = at(parentSeries);
  const cityV = at(citySeries);
  const ref = (p: Place | null, v: AreaValue | undefined) => (p ? { layer: p.layer, code: p.code, name: p.name, period: v ? v.period : null, value: usable(v) ? v.value : null } : null);
  const ci = intervalOf(ind, latest);
  return {
    ...base,
    available: true,
    period: latest.period,
    value: latest.value,
    flags: latest.flags,
    implausible: implausibility(layerValues.filter((v) => v.period === latest.period && !v.flags.suppressed && !v.flags.missing).map((v) => v.value)),
    previous: prev ? { period: prev.period, value: prev.value as number } : null,
    change: prev ? latest.value - (prev.value as number) : null,
    parent: ref(parent, parentV),
    city: ref(city, cityV),
    comparison: ci ? {
      method: ci.method, lower: ci.interval.lower, upper: ci.interval.upper,
      vsCity: usable(cityV) ? verdict(ind, ci.interval, cityV.value) : null,
      unstable: isUnstable(latest.value, latest.numerator, ci.interval),
    } : null,
  };
}

function sectionIndicators(section: ProfileSection, all: IndicatorRow[], used: Set<string>): { slot: ProfileSlot; ind: IndicatorRow | undefined }[] {
  const byKey = new Map(all.map((i) => [i.key, i]));
  const out = section.slots.map((slot) => {
    const ind = slot.candidates.map((k) => byKey.get(k)).find((i) => i !== undefined && (i.periods?.length ?? 0) > 0);
    if (ind) used.add(ind.key);
    return { slot, ind };
  });
  for (const ind of all) {
    if (!section.topics?.includes(ind.topic) || used.has(ind.key) || !['share', 'rate', 'mean'].includes(ind.kind) || !(ind.periods?.length)) continue;
    used.add(ind.key);
    out.push({ slot: { key: ind.key, label: { de: ind.name_de, en: ind.name_en }, candidates: [ind.key] }, ind });
  }
  return out;
}

/** The profile (Steckbrief) of one area of any layer. */
export async function areaProfile(q: Queryable, vis: publication.Visibility, layerKey: string, code: string, template: ProfileSection[] = PROFILE_TEMPLATE): Promise<Profile> {
  const area = await areas.requireArea(q, layerKey, code);
  const layers = await areas.listLayers(q);
  const layer = layers.find((l) => l.key === layerKey)!;
  const parentLayer = layer.parent_key ? layers.find((l) => l.key === layer.parent_key) : undefined;
  const parentArea = parentLayer && area.parent_code ? await areas.requireArea(q, parentLayer.key, area.parent_code).catch(() => undefined) : undefined;
  const cityL = await cityLayer(q);
  const cityArea = cityL && cityL.key !== layerKey ? (await areas.listAreas(q, cityL.key))[0] : undefined;

  const place: Place = { layer: layerKey, code: area.code, name: area.name };
  const parent: Place | null = parentArea && parentLayer ? { layer: parentLayer.key, code: parentArea.code, name: parentArea.name } : null;
  const city: Place | null = cityArea && cityL ? { layer: cityL.key, code: cityArea.code, name: cityArea.name } : null;

  const all = await indicators.listIndicators(q);
  const cache = new ValueCache(q, vis);
  const used = new Set<string>();
  const sections = [];
  for (const section of template) {
    const items = [];
    for (const { slot, ind } of sectionIndicators(section, all, used)) items.push(await profileItem(cache, slot, ind, place, parent, city));
    const anyData = items.some((i) => i.available);
    sections.push({ key: section.key, title: section.title, note: anyData ? null : (section.emptyNote ?? null), items });
  }
  return {
    area: { layer: layerKey, layerName: layer.name_de, layerNameEn: layer.name_en, code: area.code, name: area.name },
    parent: parent && parentLayer ? { layer: parent.layer, layerName: parentLayer.name_de, layerNameEn: parentLayer.name_en, code: parent.code, name: parent.name } : null,
    city,
    generatedAt: new Date().toISOString(),
    sections,
  };
}

// ---- Downloads -------------------------------------------------------------------------------

export interface DownloadRow {
  code: string;
  name: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  flags: Flags;
  aggregated: boolean;
}

export interface DownloadTable {
  indicator: IndicatorRow;
  layer: areas.LayerRow;
  period: string | null;
  rows: DownloadRow[];
}

/**
 * What the atlas shows, as rows: the same values as the map for the same caller (the publication
 * module's visibility), so a download never reveals what the map hides.
 */
export async function downloadTable(q: Queryable, vis: publication.Visibility, input: { indicator: string; layer: string; period: string | null }): Promise<DownloadTable> {
  const ind = await indicators.requireIndicator(q, input.indicator);
  const layer = await areas.requireLayer(q, input.layer);
  const values = await publication.readValues(q, vis, { indicator: ind.key, layer: input.layer, period: input.period, strict: true });
  const rows = values.map((v) => ({
    code: v.areaCode, name: v.areaName, period: v.period,
    value: v.flags.suppressed ? null : v.value, numerator: v.numerator, denominator: v.denominator,
    flags: v.flags, aggregated: v.aggregated,
  }));
  return { indicator: ind, layer, period: input.period, rows };
}

/** The latest period with values in a download table (for downloads that need one period, like GeoJSON). */
export function latestPeriod(t: DownloadTable): string | null {
  const ps = [...new Set(t.rows.map((r) => r.period))].sort();
  return ps.length ? ps[ps.length - 1] : null;
}

// ---- Named selections ------------------------------------------------------------------------

const toApi = (r: repo.SelectionRow) => ({ id: r.id, name: r.name, layer: r.layer_key, codes: r.codes, createdAt: r.created_at.toISOString() });

export async function listSelections(q: Queryable, ownerId: number) {
  return (await repo.listSelections(q, ownerId)).map(toApi);
}

export async function saveSelection(q: Queryable, ownerId: number, input: SelectionInput) {
  const known = new Set((await areas.listAreas(q, input.layer)).map((a) => a.code));
  if (known.size === 0) await areas.requireLayer(q, input.layer);
  const codes = [...new Set(input.codes)];
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new LernortError('SELECTION_AREA_UNKNOWN', `Unbekannte Gebiete: ${unknown.slice(0, 10).join(', ')}`, `Unknown areas: ${unknown.slice(0, 10).join(', ')}`, { location: { field: 'codes' } });
  }
  return toApi(await repo.insertSelection(q, ownerId, { name: input.name, layer: input.layer, codes }));
}

export async function deleteSelection(q: Queryable, ownerId: number, id: number): Promise<void> {
  if (!(await repo.deleteSelection(q, ownerId, id))) throw notFound('Auswahl / selection', String(id));
}
