// Publication and statistical confidentiality (METHODS.md §5). A public table is every count cell
// of the related indicators (linked by recipe relations such as einwohner = maennlich + weiblich) on
// every layer for one period; primary and secondary suppression run over that whole table, so no
// response — alone or combined with any other — lets a small count be recovered by subtraction
// across layers, groupings or categories. True values stay stored; only the displayed value changes.
import type { Queryable } from '../../db/connection.ts';
import { LernortError, notFound } from '../../core/errors.ts';
import { protectTable, SUPPRESSION_RULE_VERSION, type Cell, type Relation, type SuppressionReason } from '../../core/confidentiality/suppress.ts';
import { roleHas, type Role } from '../users/permissions.ts';
import * as areas from '../areas/service.ts';
import * as indicators from '../indicators/service.ts';
import * as monitoring from '../monitoring/service.ts';
import * as system from '../system/service.ts';
import * as repo from './repo.ts';

export { SUPPRESSION_RULE_VERSION };

/**
 * Who sees what, decided once for every service that reads values. 'true': the stored values
 * (roles with the internal read permission, see users/permissions.ts). 'public': exactly what the
 * public atlas shows — published cells only, after primary and secondary suppression, no
 * numerator/denominator pairs — for viewers, providers and anonymous callers alike, so that no
 * caller can combine two different suppression patterns of the same table.
 */
export type Visibility = 'true' | 'public';
export const visibility = (role: Role | undefined): Visibility => (roleHas(role, 'data:read') ? 'true' : 'public');
export const seesTrueValues = (role: Role | undefined) => visibility(role) === 'true';

export type Scope = 'public' | 'display';

export interface DisplayedValue extends monitoring.AreaValue {
  /** What a table shows: the formatted value, "." when suppressed, "" when missing. */
  display: string;
  suppression?: SuppressionReason | 'withheld';
}

const cellId = (indicator: string, layer: string, code: string) => `${indicator}|${layer}|${code}`;

interface ProtectedTable {
  values: Map<string, monitoring.AreaValue>;
  suppressed: Map<string, SuppressionReason>;
}

// Protected tables per (scope, indicator closure, data version): built once, then reused until an
// import or publication changes the data version.
const cache = new Map<string, Map<string, ProtectedTable>>();
const CACHE_LIMIT = 50;

async function relationsOf(q: Queryable): Promise<{ total: string; parts: string[] }[]> {
  return (await system.getDataset(q))?.relations ?? [];
}

/** The count indicators that a table about `key` must include: everything linked by relations. */
async function closureOf(q: Queryable, key: string): Promise<string[]> {
  const rels = await relationsOf(q);
  const seen = new Set([key]);
  const queue = [key];
  while (queue.length > 0) {
    const k = queue.pop()!;
    for (const r of rels) {
      const members = [r.total, ...r.parts];
      if (!members.includes(k)) continue;
      for (const m of members) if (!seen.has(m)) { seen.add(m); queue.push(m); }
    }
  }
  return [...seen].sort();
}

/** `assume`: candidate publications ("indicator|layer|period") treated as published (preview). */
// Every public read asks which cells are published: the answer is kept per data version (which
// counts publications), so a read costs one version check instead of three queries.
const published = new system.VersionedCache(4);

async function publishedSet(q: Queryable, assume: readonly string[] = []): Promise<Set<string>> {
  const keys = await published.get(q, 'published', async () => (await listPublications(q)).map((p) => `${p.indicator_key}|${p.layer_key}|${p.period}`));
  return new Set([...keys, ...assume]);
}

function isPublished(pub: Set<string>, indicator: string, layer: string, period: string): boolean {
  return pub.has(`${indicator}|${layer}|${period}`) || pub.has(`${indicator}|${layer}|*`);
}

/** Builds and protects the table of a count indicator's closure for every period at once (cached). */
async function protectedTables(q: Queryable, countKey: string, scope: Scope, assume: readonly string[] = []): Promise<Map<string, ProtectedTable>> {
  const closure = await closureOf(q, countKey);
  const cacheKey = `${scope}|${closure.join(',')}|${await system.dataVersion(q, closure)}|${assume.join(',')}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const layers = await areas.listLayers(q);
  const pub = scope === 'public' ? await publishedSet(q, assume) : undefined;
  const metas = new Map<string, indicators.IndicatorRow>();
  for (const k of closure) {
    const ind = await indicators.requireIndicator(q, k);
    if (ind.kind === 'count') metas.set(k, ind);
  }
  // Values of every count indicator on every layer, all periods.
  const byPeriod = new Map<string, Map<string, monitoring.AreaValue>>();
  for (const k of metas.keys()) {
    for (const l of layers) {
      for (const v of await monitoring.layerValues(q, l.key, k, null)) {
        if (!byPeriod.has(v.period)) byPeriod.set(v.period, new Map());
        byPeriod.get(v.period)!.set(cellId(k, l.key, v.areaCode), v);
      }
    }
  }
  // Relations: every parent/group = Σ its children/members, per indicator; categories per area.
  const childrenOf = new Map<string, string[]>();
  for (const l of await areas.listLinks(q)) {
    const key = `${l.group_layer}|${l.group_code}|${l.member_layer}`;
    childrenOf.set(key, [...(childrenOf.get(key) ?? []), l.member_code]);
  }
  const relations: Relation[] = [];
  for (const k of metas.keys()) {
    for (const [key, children] of childrenOf) {
      const [gl, gc, ml] = key.split('|');
      relations.push({ total: cellId(k, gl, gc), parts: children.map((c) => cellId(k, ml, c)) });
    }
  }
  const allAreas = await areas.listAreas(q);
  for (const r of (await relationsOf(q)).filter((x) => [x.total, ...x.parts].every((k) => metas.has(k)))) {
    for (const a of allAreas) relations.push({ total: cellId(r.total, a.layer_key, a.code), parts: r.parts.map((p) => cellId(p, a.layer_key, a.code)) });
  }
  const out = new Map<string, ProtectedTable>();
  for (const [period, values] of byPeriod) {
    const cells: Cell[] = [...values].map(([id, v]) => ({ id, value: v.value, isCount: true, k: metas.get(id.split('|')[0])!.suppression_k }));
    const hidden = pub ? cells.filter((c) => { const [k, l] = c.id.split('|'); return !isPublished(pub, k, l, period); }).map((c) => c.id) : [];
    out.set(period, { values, suppressed: protectTable(cells, relations, hidden).suppressed });
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, out);
  return out;
}

function formatDisplay(v: number | null, decimals: number): string {
  if (v === null) return '';
  return v.toFixed(decimals);
}

/**
 * Displayed values of one indicator on one layer (one period or all). Counts go through the
 * protected table; shares and rates with numerator/denominator are withheld where either is
 * suppressed; other kinds (means, shares without counts) are shown as they are.
 */
export async function displayedValues(q: Queryable, opts: { indicator: string; layer: string; period: string | null; scope: Scope; assume?: readonly string[] }): Promise<DisplayedValue[]> {
  const ind = await indicators.requireIndicator(q, opts.indicator);
  const raw = opts.period === null ? await monitoring.layerValues(q, opts.layer, ind.key, null) : await monitoring.observationsFor(q, opts.layer, ind.key, opts.period);
  const basis = ind.kind === 'count' ? [ind.key] : ind.kind === 'share' || ind.kind === 'rate' ? [ind.numerator_key, ind.denominator_key].filter((k): k is string => !!k) : [];
  const tables = new Map<string, Map<string, ProtectedTable>>();
  for (const k of basis) {
    const meta = await indicators.requireIndicator(q, k);
    if (meta.kind === 'count') tables.set(k, await protectedTables(q, k, opts.scope, opts.assume));
  }
  return raw.map((v) => {
    let reason: SuppressionReason | 'withheld' | undefined;
    for (const [k, byPeriod] of tables) {
      const why = byPeriod.get(v.period)?.suppressed.get(cellId(k, opts.layer, v.areaCode));
      if (why && why !== 'unpublished') reason = k === ind.key ? why : 'withheld';
      else if (why === 'unpublished' && k !== ind.key) reason = 'withheld';
    }
    // A share published without its counts may still carry a stored numerator: a small one is a
    // small count too (primary rule), whatever the share's denominator.
    if (!reason && basis.length === 0 && (ind.kind === 'share' || ind.kind === 'rate') && v.numerator !== null && v.numerator > 0 && v.numerator <= ind.suppression_k) {
      reason = 'withheld';
    }
    if (reason) {
      return { ...v, value: null, numerator: null, denominator: null, flags: { ...v.flags, suppressed: true }, display: '.', suppression: reason };
    }
    return { ...v, display: formatDisplay(v.value, ind.decimals) };
  });
}

/**
 * The indicators whose data a displayed value of `key` depends on (for cache keys). Remembered per
 * global data version, because hot read paths ask for it on every request.
 */
const dependencyCache = new Map<string, Promise<string[]>>();
export async function dependencies(q: Queryable, key: string): Promise<string[]> {
  const cacheKey = `${await system.dataVersion(q)}|${key}`;
  let hit = dependencyCache.get(cacheKey);
  if (!hit) {
    if (dependencyCache.size > 1000) dependencyCache.clear();
    hit = computeDependencies(q, key);
    dependencyCache.set(cacheKey, hit);
    hit.catch(() => dependencyCache.delete(cacheKey));
  }
  return hit;
}

async function computeDependencies(q: Queryable, key: string): Promise<string[]> {
  const ind = await indicators.requireIndicator(q, key);
  const direct = [key, ind.numerator_key, ind.denominator_key, ind.weight_key].filter((k): k is string => !!k);
  const all = new Set<string>();
  for (const k of direct) for (const c of await closureOf(q, k)) all.add(c);
  return [...all].sort();
}

/**
 * The values of one indicator on one layer (one period or all) as the caller may see them. For
 * 'public', only published periods appear; with `strict`, an unpublished indicator/layer/period
 * answers 404 instead of an empty list. Counts below k, shares whose numerator or denominator is
 * hidden, and every numerator/denominator field are withheld.
 */
export async function readValues(
  q: Queryable, vis: Visibility, opts: { indicator: string; layer: string; period: string | null; strict?: boolean },
): Promise<monitoring.AreaValue[]> {
  if (vis === 'true') {
    return opts.period === null ? monitoring.layerValues(q, opts.layer, opts.indicator, null) : monitoring.observationsFor(q, opts.layer, opts.indicator, opts.period);
  }
  return (await publicValues(q, opts)).map(({ display: _d, suppression: _s, ...v }) => v);
}

/**
 * The public table of one indicator on one layer: published periods only, suppressed cells as ".",
 * and never a numerator/denominator pair (a share times its published denominator would give the
 * count back). `strict`: an unpublished indicator/layer/period answers 404 instead of [].
 */
export async function publicValues(q: Queryable, opts: { indicator: string; layer: string; period: string | null; strict?: boolean; assume?: readonly string[] }): Promise<DisplayedValue[]> {
  if (opts.strict) await requirePublished(q, opts.indicator, opts.layer, opts.period);
  const pub = await publishedSet(q, opts.assume);
  if (opts.period !== null && !isPublished(pub, opts.indicator, opts.layer, opts.period)) return [];
  if (opts.period === null && ![...pub].some((p) => p.startsWith(`${opts.indicator}|${opts.layer}|`))) return [];
  const shown = await displayedValues(q, { indicator: opts.indicator, layer: opts.layer, period: opts.period, scope: 'public', assume: opts.assume });
  return shown
    .filter((v) => isPublished(pub, opts.indicator, opts.layer, v.period))
    .map((v) => ({ ...v, numerator: null, denominator: null }));
}

/** Whether an indicator has any published cell (public catalogue, profiles). */
export async function isIndicatorPublished(q: Queryable, indicator: string): Promise<boolean> {
  return [...(await publishedSet(q))].some((p) => p.startsWith(`${indicator}|`));
}

export async function requirePublished(q: Queryable, indicator: string, layer: string, period: string | null): Promise<void> {
  const pub = await publishedSet(q);
  const ok = period === null ? [...pub].some((p) => p.startsWith(`${indicator}|${layer}|`)) : isPublished(pub, indicator, layer, period);
  if (!ok) {
    const what = `${indicator}/${layer}${period ? `/${period}` : ''}`;
    throw new LernortError('NOT_FOUND', `Veröffentlichung „${what}“ wurde nicht gefunden.`, `Publication "${what}" was not found.`, { status: 404 });
  }
}

export async function publicIndicators(q: Queryable) {
  const pubs = await listPublications(q);
  const keys = new Set(pubs.map((p) => p.indicator_key));
  const all = await indicators.listIndicators(q);
  return all.filter((i) => keys.has(i.key)).map((i) => {
    const mine = pubs.filter((p) => p.indicator_key === i.key);
    const periods = mine.some((p) => p.period === '*') ? (i.periods ?? []) : [...new Set(mine.map((p) => p.period))].sort();
    return { ...indicators.toApi(i), periods, layers: [...new Set(mine.map((p) => p.layer_key))] };
  });
}

export async function publicLayers(q: Queryable) {
  const keys = new Set((await listPublications(q)).map((p) => p.layer_key));
  return (await areas.listLayers(q)).filter((l) => keys.has(l.key));
}

export async function publish(q: Queryable, input: { indicator: string; layers?: string[]; period?: string }, by: string): Promise<number[]> {
  const ind = await indicators.requireIndicator(q, input.indicator);
  const layers = await areas.listLayers(q);
  const chosen = input.layers && input.layers.length > 0 ? input.layers : layers.map((l) => l.key);
  const ids: number[] = [];
  for (const key of chosen) {
    const layer = layers.find((l) => l.key === key);
    if (!layer) throw notFound('Ebene / layer', key);
    ids.push(await repo.upsertPublication(q, { indicatorId: ind.id, layerId: layer.id, period: input.period ?? '*', ruleVersion: SUPPRESSION_RULE_VERSION, publishedBy: by }));
  }
  if (ids.length === 0) throw new LernortError('NOTHING_TO_PUBLISH', 'Keine Ebene ausgewählt.', 'No layer selected.');
  return ids;
}

export interface PreviewRow {
  areaCode: string;
  areaName: string;
  period: string;
  /** The value the public would see (null when suppressed or missing). */
  value: number | null;
  display: string;
  suppressed: boolean;
  /** Why a cell is hidden: its own small count, a complement of one, or a withheld numerator/denominator. */
  reason: SuppressionReason | 'withheld' | null;
}

export interface PublicationPreview {
  indicator: string;
  layer: string;
  period: string;
  alreadyPublished: boolean;
  rows: PreviewRow[];
  counts: { cells: number; shown: number; suppressed: number; primary: number; secondary: number; withheld: number; missing: number };
  /**
   * Cells of tables already published (the related counts, other layers) whose display would
   * change: secondary suppression runs over the whole related table, so publishing one more table
   * can hide published cells, or show cells that were hidden before (a changed pattern that someone
   * who kept the old answer could combine with the new one).
   */
  otherChanges: { indicator: string; layer: string; areaCode: string; period: string; change: 'hidden' | 'shown' }[];
}

/** Published count cells whose suppression the candidate publication would change (counts only). */
async function otherChanges(q: Queryable, indicator: string, candidate: string): Promise<PublicationPreview['otherChanges']> {
  if ((await indicators.requireIndicator(q, indicator)).kind !== 'count') return [];
  const before = await protectedTables(q, indicator, 'public');
  const after = await protectedTables(q, indicator, 'public', [candidate]);
  const pub = await publishedSet(q);
  const hiddenIn = (m: Map<string, SuppressionReason> | undefined, id: string) => !!m?.has(id) && m.get(id) !== 'unpublished';
  const out: PublicationPreview['otherChanges'] = [];
  for (const period of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(period)?.suppressed;
    const now = after.get(period)?.suppressed;
    for (const id of new Set([...(was?.keys() ?? []), ...(now?.keys() ?? [])])) {
      const [k, layer, areaCode] = id.split('|');
      if (!isPublished(pub, k, layer, period) || hiddenIn(was, id) === hiddenIn(now, id)) continue;
      out.push({ indicator: k, layer, areaCode, period, change: hiddenIn(now, id) ? 'hidden' : 'shown' });
    }
  }
  const order = (c: PublicationPreview['otherChanges'][number]) => `${c.indicator}|${c.layer}|${c.period}|${c.areaCode}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : 1));
}

/**
 * What the public atlas would show for indicator × layer × period if it were published now: the
 * protected table is built with the candidate added to the existing publications, nothing written.
 * `period` null previews every period (a publication of "*").
 */
export async function previewPublication(q: Queryable, opts: { indicator: string; layer: string; period: string | null }): Promise<PublicationPreview> {
  await indicators.requireIndicator(q, opts.indicator);
  if (!(await areas.listLayers(q)).some((l) => l.key === opts.layer)) throw notFound('Ebene / layer', opts.layer);
  const candidate = `${opts.indicator}|${opts.layer}|${opts.period ?? '*'}`;
  const alreadyPublished = (await publishedSet(q)).has(candidate);
  const shown = await publicValues(q, { indicator: opts.indicator, layer: opts.layer, period: opts.period, assume: [candidate] });
  const rows: PreviewRow[] = shown.map((v) => ({
    areaCode: v.areaCode, areaName: v.areaName, period: v.period, value: v.value, display: v.display,
    suppressed: v.flags.suppressed, reason: v.flags.suppressed ? (v.suppression ?? null) : null,
  }));
  const count = (reason: PreviewRow['reason']) => rows.filter((r) => r.suppressed && r.reason === reason).length;
  const suppressed = rows.filter((r) => r.suppressed).length;
  const missing = rows.filter((r) => !r.suppressed && r.value === null).length;
  return {
    indicator: opts.indicator, layer: opts.layer, period: opts.period ?? '*', alreadyPublished, rows,
    counts: { cells: rows.length, shown: rows.length - suppressed - missing, suppressed, primary: count('primary'), secondary: count('secondary'), withheld: count('withheld'), missing },
    otherChanges: alreadyPublished ? [] : await otherChanges(q, opts.indicator, candidate),
  };
}

export interface PublicationRow {
  id: number;
  indicator_key: string;
  layer_key: string;
  period: string;
  rule_version: string;
  published_by: string;
  published_at: Date;
}

/** The stored rows with the keys of their indicator and layer (from those modules), in key order. */
async function withKeys(q: Queryable, rows: repo.StoredPublicationRow[]): Promise<PublicationRow[]> {
  if (rows.length === 0) return [];
  const indicatorKeys = new Map((await indicators.listIndicatorIds(q)).map((i) => [i.id, i.key]));
  const layers = new Map((await areas.layerKeys(q)).map((l) => [l.id, l]));
  return rows
    .map(({ indicator_id, layer_id, ...p }) => ({ ...p, indicator_key: indicatorKeys.get(indicator_id)!, layer_key: layers.get(layer_id)!.key, sort: layers.get(layer_id)!.sort }))
    .sort((a, b) => (a.indicator_key < b.indicator_key ? -1 : a.indicator_key > b.indicator_key ? 1 : a.sort - b.sort || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)))
    .map(({ sort: _sort, ...p }) => p);
}

export async function listPublications(q: Queryable): Promise<PublicationRow[]> {
  return withKeys(q, await repo.listStoredPublications(q));
}
/** Removes a publication; returns what it was (for the audit log). */
export async function unpublish(q: Queryable, id: number): Promise<PublicationRow | undefined> {
  const row = await repo.deletePublication(q, id);
  return row ? (await withKeys(q, [row]))[0] : undefined;
}
