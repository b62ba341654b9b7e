// The import pipeline: records read from a file → areas matched (never silently) → indicators
// checked → one transaction that writes everything or nothing → an import record with the report.
import { plausibilityWarnings } from '../../core/plausibility.ts';
import crypto from 'node:crypto';
import type pg from 'pg';
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, type Problem } from '../../core/errors.ts';
import { matchAreaNames, normaliseAreaName, type NameCandidate, type Suggestion } from '../../core/names.ts';
import type { AreaFeatureRecord, ObservationRecord, ReadResult } from '../../io/types.ts';
import { readAreaFile, readObservationFile } from '../../io/formats.ts';
import * as areas from '../areas/service.ts';
import * as indicators from '../indicators/service.ts';
import * as observations from '../observations/service.ts';
import * as repo from './repo.ts';
import * as audit from '../audit/service.ts';
import * as system from '../system/service.ts';
import * as publication from '../publication/service.ts';
import { indicatorMetaSchema, type IndicatorMeta } from '../indicators/schema.ts';
import { applyLayer, linkAreas, planLayer, type NewLayer } from './area-layers.ts';

export type { ImportRow } from './repo.ts';

/** Reader problems that reject a single non-data row (reported and counted) without blocking the file. */
const REJECTED_ROW_CODES = new Set(['CSV_FOOTNOTE_ROW', 'CSV_NUL_ROW', 'CSV_EMPTY_ROW']);

export interface UnmatchedName {
  name: string;
  lines: number[];
  status: 'suggested' | 'ambiguous' | 'unmatched';
  suggestions: { code: string; name: string; layer: string; score: number }[];
}

export interface ImportReport {
  id: number | null;
  status: 'dry_run' | 'committed' | 'rejected';
  file: string;
  fileHash: string;
  format: string;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  errors: Problem[];
  warnings: Problem[];
  unmatched: UnmatchedName[];
  /** Names resolved through a confirmed mapping or normalisation, for the user to see. */
  mapped: { name: string; code: string; layer: string; how: 'normalised' | 'confirmed' | 'merged' }[];
  indicators: { key: string; values: number }[];
  periods: string[];
  areas: number;
  extra?: Record<string, unknown>;
}

export interface Actor {
  userId: number | null;
  name: string;
}

export const sha256 = (bytes: Uint8Array | string) => crypto.createHash('sha256').update(bytes).digest('hex');

export interface ResolveOptions {
  file: string;
  /** Layer of rows that do not name their own. */
  layer?: string;
  /** Confirmed mapping: name in file → area name or code. */
  nameMapping?: Record<string, string>;
  /** Create unknown indicator keys with default metadata (a warning each) instead of rejecting. */
  createIndicators?: boolean;
}

export interface Resolved {
  rows: repo.ObservationInsert[];
  errors: Problem[];
  warnings: Problem[];
  unmatched: UnmatchedName[];
  mapped: ImportReport['mapped'];
  rowsRejected: number;
  indicatorsToCreate: string[];
  /** Merged rows ("A und B") to store as grouping areas of `<layer>_merged`; rows point at them by a negative id. */
  mergesToCreate: PendingMerge[];
}

export interface PendingMerge {
  /** Placeholder area id (negative) used by the rows until the area exists. */
  pendingId: number;
  memberLayer: string;
  code: string;
  name: string;
  memberIds: number[];
}

/** "Kleiner Grasbrook und Steinwerder", "A & B", "A + B": one source row for several areas. */
const MERGE_SEPARATOR = /\s+(?:und|u\.|and|&|\+)\s+/i;
export const mergedLayerKey = (layer: string) => `${layer}_merged`;

const keyOf = (layer: string, code: string) => `${layer}/${code}`;

/** Matches the records' areas and indicators; writes nothing. */
export async function resolveRecords(q: Queryable, read: ReadResult<ObservationRecord>, opts: ResolveOptions): Promise<Resolved> {
  const errors: Problem[] = [];
  const warnings: Problem[] = [...read.warnings];
  let rowsRejected = 0;
  for (const p of read.errors) {
    if (REJECTED_ROW_CODES.has(p.code)) {
      rowsRejected++;
      warnings.push(p);
    } else errors.push(p);
  }

  const layers = await areas.listLayers(q);
  const groupingLayers = new Set(layers.filter((l) => l.kind === 'grouping').map((l) => l.key));
  const allAreas = await areas.listAreas(q);
  const byKey = new Map(allAreas.map((a) => [keyOf(a.layer_key, a.code), a]));
  const candidatesFor = (layer: string | undefined): NameCandidate[] =>
    allAreas
      .filter((a) => (layer ? a.layer_key === layer : !groupingLayers.has(a.layer_key)))
      .map((a) => ({ code: keyOf(a.layer_key, a.code), name: a.name, layer: a.layer_key }));

  // A confirmed mapping may name the target by name or by code; resolve it to a layer/code key.
  const resolveTarget = (target: string, layer: string | undefined): string | undefined => {
    const cands = candidatesFor(layer);
    const byCode = cands.filter((c) => c.code.endsWith(`/${target}`));
    if (byCode.length === 1) return byCode[0].code;
    const byName = cands.filter((c) => normaliseAreaName(c.name) === normaliseAreaName(target));
    return byName.length === 1 ? byName[0].code : undefined;
  };

  // A row for several areas: its parts must each name exactly one area, all of one layer. An area
  // made earlier for the same members (`<layer>_merged`, code "a+b") is reused.
  const merges = new Map<string, PendingMerge>();
  const coveredByMerge = new Set<number>();
  const mergeOf = (name: string, parts: string[], layer: string | undefined): string | undefined => {
    if (parts.length < 2) return undefined;
    const found = parts.map((part) => resolveTarget(part.trim(), layer));
    if (found.some((k) => !k)) return undefined;
    const members = found.map((k) => byKey.get(k!)!);
    const memberLayer = members[0].layer_key;
    if (members.some((m) => m.layer_key !== memberLayer) || groupingLayers.has(memberLayer) || new Set(members.map((m) => m.id)).size !== members.length) return undefined;
    const code = members.map((m) => m.code).sort().join('+');
    for (const m of members) coveredByMerge.add(m.id);
    const key = keyOf(mergedLayerKey(memberLayer), code);
    if (!byKey.has(key)) {
      const pending: PendingMerge = { pendingId: -(merges.size + 1), memberLayer, code, name, memberIds: members.map((m) => m.id) };
      merges.set(key, pending);
      byKey.set(key, { id: pending.pendingId, layer_key: mergedLayerKey(memberLayer), code, name, parent_id: null, parent_code: null });
    }
    mapped.push({ name, code, layer: mergedLayerKey(memberLayer), how: 'merged' });
    return key;
  };

  // Group records by (layer hint) so that each group is matched against the right candidates.
  const areaOf = new Map<string, string>(); // `${layer}|${name}|${code}` → area key
  const mapped: ImportReport['mapped'] = [];
  const unmatched = new Map<string, UnmatchedName>();
  const groups = new Map<string, ObservationRecord[]>();
  for (const r of read.records) {
    const layer = r.layer ?? opts.layer ?? '';
    if (layer && !layers.some((l) => l.key === layer)) {
      errors.push({ code: 'LAYER_UNKNOWN', de: `Unbekannte Ebene „${layer}“.`, en: `Unknown layer "${layer}".`, file: opts.file, line: r.line, field: 'layer', value: layer });
      continue;
    }
    if (!groups.has(layer)) groups.set(layer, []);
    groups.get(layer)!.push(r);
  }
  for (const [layer, recs] of groups) {
    const cands = candidatesFor(layer || undefined);
    // Indexes by raw code and by exact name: a 1M-row file must not scan the candidates per row.
    const candsByCode = new Map<string, NameCandidate[]>();
    const candNames = new Set<string>();
    for (const c of cands) {
      const raw = c.code.slice(c.layer!.length + 1);
      candsByCode.set(raw, [...(candsByCode.get(raw) ?? []), c]);
      candNames.add(c.name);
    }
    const byName: ObservationRecord[] = [];
    for (const r of recs) {
      const lookupKey = `${layer}|${r.area.name}|${r.area.code ?? ''}`;
      if (areaOf.has(lookupKey)) continue;
      if (r.area.code !== undefined && r.area.code !== '') {
        const hits = candsByCode.get(r.area.code) ?? [];
        if (hits.length === 1) areaOf.set(lookupKey, hits[0].code);
        else if (hits.length > 1) {
          errors.push({ code: 'AREA_CODE_AMBIGUOUS', de: `Gebietsschlüssel „${r.area.code}“ gibt es auf mehreren Ebenen (${hits.map((h) => h.layer).join(', ')}); bitte Ebene angeben.`, en: `Area code "${r.area.code}" exists on several layers (${hits.map((h) => h.layer).join(', ')}); please give the layer.`, file: opts.file, line: r.line, field: 'area', value: r.area.code });
          areaOf.set(lookupKey, '');
        } else byName.push(r);
      } else {
        // A column like "Gebiet" may hold codes; take a code only where no area has that name.
        const codeHits = candsByCode.get(r.area.name.trim()) ?? [];
        if (codeHits.length === 1 && !candNames.has(r.area.name.trim())) areaOf.set(lookupKey, codeHits[0].code);
        else byName.push(r);
      }
    }
    const rowsByName = new Map<string, ObservationRecord[]>();
    for (const r of byName) rowsByName.set(r.area.name, [...(rowsByName.get(r.area.name) ?? []), r]);
    const names = [...rowsByName.keys()];
    const result = matchAreaNames(names, cands);
    for (const m of result.matches) {
      const rowsOfName = rowsByName.get(m.name) ?? [];
      const lookupKeys = [...new Set(rowsOfName.map((r) => `${layer}|${r.area.name}|${r.area.code ?? ''}`))];
      const confirmedTarget = opts.nameMapping && Object.hasOwn(opts.nameMapping, m.name) ? opts.nameMapping[m.name] : undefined;
      let key: string | undefined;
      if (confirmedTarget !== undefined) {
        // "X=A+B" confirms that the row is the sum of A and B.
        const direct = resolveTarget(confirmedTarget, layer || undefined);
        key = direct ?? mergeOf(m.name, confirmedTarget.split('+'), layer || undefined);
        if (!key) {
          errors.push({ code: 'MAPPING_TARGET_UNKNOWN', de: `Zuordnung „${m.name}“ → „${confirmedTarget}“: Ziel nicht gefunden.`, en: `Mapping "${m.name}" → "${confirmedTarget}": target not found.`, file: opts.file, field: 'area', value: confirmedTarget });
        } else if (direct) {
          const a = byKey.get(key)!;
          mapped.push({ name: m.name, code: a.code, layer: a.layer_key, how: 'confirmed' });
        }
      } else if (m.status === 'exact') key = m.match.code;
      else if (m.status === 'normalised') {
        key = m.match.code;
        const a = byKey.get(key)!;
        mapped.push({ name: m.name, code: a.code, layer: a.layer_key, how: 'normalised' });
      } else if ((key = mergeOf(m.name, m.name.split(MERGE_SEPARATOR), layer || undefined)) === undefined) {
        // Not "A und B" either: the user decides.
        const lines = rowsOfName.map((r) => r.line);
        const suggestions = (m.status === 'suggested' ? m.suggestions : m.suggestions).map((s: Suggestion) => {
          const a = byKey.get(s.code)!;
          return { code: a.code, name: a.name, layer: a.layer_key, score: s.score };
        });
        unmatched.set(m.name, { name: m.name, lines: [...new Set(lines)].slice(0, 20), status: m.status, suggestions });
        const list = suggestions.map((s) => `${s.name} (${s.layer} ${s.code})`).join(', ');
        errors.push({
          code: m.status === 'ambiguous' ? 'AREA_NAME_AMBIGUOUS' : 'AREA_NAME_UNMATCHED',
          de: `Gebiet „${m.name}“ ${m.status === 'ambiguous' ? 'ist nicht eindeutig' : 'wurde nicht gefunden'}; bitte Zuordnung bestätigen.${list ? ` Nächste Kandidaten: ${list}.` : ''}`,
          en: `Area "${m.name}" ${m.status === 'ambiguous' ? 'is ambiguous' : 'was not found'}; please confirm a mapping.${list ? ` Nearest candidates: ${list}.` : ''}`,
          file: opts.file, line: lines[0], field: 'area', value: m.name,
        });
      }
      for (const k of lookupKeys) areaOf.set(k, key ?? '');
    }
  }

  // Indicators.
  const knownIndicators = new Map((await indicators.listIndicatorIds(q)).map((i) => [i.key, i.id]));
  const toCreate = new Set<string>();
  for (const r of read.records) {
    if (!knownIndicators.has(r.indicator) && !toCreate.has(r.indicator)) {
      if (opts.createIndicators && /^[a-z0-9_]+$/.test(r.indicator)) {
        toCreate.add(r.indicator);
        warnings.push({ code: 'INDICATOR_CREATED', de: `Neuer Indikator „${r.indicator}“ mit Standard-Metadaten angelegt; bitte Namen, Einheit und Polarität ergänzen.`, en: `New indicator "${r.indicator}" created with default metadata; please complete name, unit and polarity.`, file: opts.file, line: r.line, field: 'indicator', value: r.indicator });
      } else {
        errors.push({ code: 'INDICATOR_UNKNOWN', de: `Unbekannter Indikator „${r.indicator}“.`, en: `Unknown indicator "${r.indicator}".`, file: opts.file, line: r.line, field: 'indicator', value: r.indicator });
        knownIndicators.set(r.indicator, -1);
      }
    }
  }

  // Rows, with duplicate detection.
  const rows: repo.ObservationInsert[] = [];
  const seen = new Map<string, number>();
  for (const r of read.records) {
    const areaKey = areaOf.get(`${r.layer ?? opts.layer ?? ''}|${r.area.name}|${r.area.code ?? ''}`);
    const indicatorId = knownIndicators.get(r.indicator);
    if (!areaKey || indicatorId === -1) continue;
    const area = byKey.get(areaKey)!;
    const dupKey = `${area.id}|${r.indicator}|${r.period}`;
    const firstLine = seen.get(dupKey);
    if (firstLine !== undefined) {
      errors.push({ code: 'DUPLICATE_VALUE', de: `Doppelter Wert für ${area.name}, ${r.indicator}, ${r.period} (zuerst in Zeile ${firstLine}).`, en: `Duplicate value for ${area.name}, ${r.indicator}, ${r.period} (first on line ${firstLine}).`, file: opts.file, line: r.line, field: 'value' });
      continue;
    }
    seen.set(dupKey, r.line);
    rows.push({
      areaId: area.id,
      indicatorId: indicatorId ?? 0, // filled after creation
      period: r.period,
      value: r.value,
      numerator: r.numerator ?? null,
      denominator: r.denominator ?? null,
      provisional: !!r.flags.provisional,
      estimated: !!r.flags.estimated,
      breakInSeries: !!r.flags.breakInSeries,
      suppressed: !!r.flags.suppressed,
      missing: !!r.flags.missing,
      missingSymbol: r.missingSymbol ?? null,
      ...(indicatorId === undefined ? { pendingIndicator: r.indicator } : {}),
    } as repo.ObservationInsert);
  }
  warnings.push(...areasWithoutValue(rows, allAreas, groupingLayers, opts.file, coveredByMerge));
  // A series that is 0 in every area of a layer (missing data delivered as 0) is stored but flagged.
  const layerOfArea = new Map(allAreas.map((a) => [a.id, a.layer_key]));
  warnings.push(...plausibilityWarnings(rows.map((r) => ({ indicator: String(r.indicatorId ?? (r as { pendingIndicator?: string }).pendingIndicator), layer: layerOfArea.get(r.areaId) ?? '', period: r.period, value: r.value })), opts.file));
  for (const mg of merges.values()) {
    warnings.push({ code: 'AREA_MERGED', de: `„${mg.name}“ steht für die Summe mehrerer Gebiete (${mg.code}) und wird als zusammengefasstes Gebiet der Ebene „${mergedLayerKey(mg.memberLayer)}“ gespeichert.`, en: `"${mg.name}" stands for the sum of several areas (${mg.code}) and is stored as a merged area of layer "${mergedLayerKey(mg.memberLayer)}".`, file: opts.file, field: 'area', value: mg.name });
  }
  return { rows, errors, warnings, unmatched: [...unmatched.values()], mapped, rowsRejected, indicatorsToCreate: [...toCreate], mergesToCreate: [...merges.values()] };
}

const NAMES_LISTED = 30;

/**
 * Areas of a layer the import wrote into that got no value from it (an island Stadtteil absent from
 * the profiles): one warning per layer, by name. Groupings are left out: they aggregate from members.
 */
export function areasWithoutValue(rows: { areaId: number; value: number | null }[], allAreas: areas.AreaRow[], groupingLayers: Set<string>, file: string, covered: Set<number> = new Set()): Problem[] {
  const layerOf = new Map(allAreas.map((a) => [a.id, a.layer_key]));
  // Members of a merged row ("A und B") have their value through it.
  const withValue = new Set([...rows.filter((r) => r.value !== null).map((r) => r.areaId), ...covered]);
  const targetLayers = [...new Set(rows.map((r) => layerOf.get(r.areaId)!))].filter((l) => l && !groupingLayers.has(l));
  const out: Problem[] = [];
  for (const layer of targetLayers) {
    const missing = allAreas.filter((a) => a.layer_key === layer && !withValue.has(a.id));
    if (missing.length === 0) continue;
    const total = allAreas.filter((a) => a.layer_key === layer).length;
    const shown = missing.slice(0, NAMES_LISTED).map((a) => `${a.name} (${a.code})`).join(', ');
    const more = missing.length - NAMES_LISTED;
    out.push({
      code: 'AREAS_WITHOUT_VALUE',
      de: `${missing.length} von ${total} Gebieten der Ebene „${layer}“ erhalten aus dieser Datei keinen Wert: ${shown}${more > 0 ? ` und ${more} weitere` : ''}.`,
      en: `${missing.length} of ${total} areas of layer "${layer}" get no value from this file: ${shown}${more > 0 ? ` and ${more} more` : ''}.`,
      file, field: 'area', value: missing.map((a) => a.code).join(','),
    });
  }
  return out;
}

export interface ImportInput {
  file: string;
  bytes: Uint8Array | string;
  format: string;
  read: ReadResult<ObservationRecord>;
  actor: Actor;
  dryRun: boolean;
  recipe?: string;
  resolve: Omit<ResolveOptions, 'file'>;
  /** Write into this transaction instead of opening one (recipes import many files at once). */
  client?: pg.PoolClient;
  /** Projected CRS for the area of merged areas (their geometry is the union of their members). */
  projectedCrs?: string;
  /** Indicator metadata saved in the same transaction, before the rows are matched (e.g. shares). */
  indicatorMeta?: IndicatorMeta[];
  /** Publish what was written (each indicator on each layer written to, every period) in the same transaction. */
  publish?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Validates and (unless dry run) writes one file's observations. Throws nothing for bad data: the report says it. */
export async function importObservations(db: Database, input: ImportInput): Promise<ImportReport> {
  const fileHash = sha256(input.bytes);
  const run = async (client: pg.PoolClient): Promise<ImportReport> => {
    for (const meta of input.indicatorMeta ?? []) await indicators.saveIndicator(client, meta);
    const resolved = await resolveRecords(client, input.read, { ...input.resolve, file: input.file });
    const report: ImportReport = {
      id: null,
      status: 'dry_run',
      file: input.file,
      fileHash,
      format: input.format,
      rowsRead: input.read.rowsRead,
      rowsWritten: 0,
      rowsRejected: resolved.rowsRejected,
      errors: resolved.errors,
      warnings: resolved.warnings,
      unmatched: resolved.unmatched,
      mapped: resolved.mapped,
      indicators: countBy(input.read.records.map((r) => r.indicator)),
      periods: [...new Set(input.read.records.map((r) => r.period))].sort(),
      areas: new Set(resolved.rows.map((r) => r.areaId)).size,
    };
    if (resolved.errors.length > 0) {
      report.status = 'rejected';
      throw new ImportRejected(report);
    }
    // Metadata saved for the check must not outlive a dry run.
    if (input.dryRun) {
      if (input.indicatorMeta?.length) throw new DryRunRollback(report);
      return report;
    }
    for (const key of resolved.indicatorsToCreate) {
      const id = await indicators.saveIndicator(client, { key, name: key, nameEn: key, unit: '', unitEn: '', topic: 'sonstiges', polarity: 'neutral', kind: 'count', scale: 1, decimals: 2, suppressionK: 2 });
      for (const row of resolved.rows as (repo.ObservationInsert & { pendingIndicator?: string })[]) if (row.pendingIndicator === key) row.indicatorId = id;
    }
    const id = await repo.createImportRecord(client, { userId: input.actor.userId, actor: input.actor.name, kind: 'observations', fileName: input.file, fileHash, recipe: input.recipe ?? null, dryRun: false });
    report.id = id;
    await createMergedAreas(client, resolved, id, input.projectedCrs ?? 'EPSG:25833');
    report.rowsWritten = (await observations.writeObservations(client, resolved.rows, { importId: id, onProgress: (done) => input.onProgress?.(done, resolved.rows.length) })).written;
    if (input.publish) report.extra = { ...(report.extra ?? {}), published: await publishWritten(client, resolved.rows, input.actor) };
    report.status = 'committed';
    await repo.finishImportRecord(client, id, { status: 'committed', rowsRead: report.rowsRead, rowsWritten: report.rowsWritten, rowsRejected: report.rowsRejected, warnings: report.warnings, errors: [], report: summary(report) });
    await audit.record(client, { actor: { id: input.actor.userId, name: input.actor.name }, action: 'import', entity: 'observations', entityId: String(id), after: { file: input.file, fileHash, rowsWritten: report.rowsWritten, indicators: report.indicators, periods: report.periods } });
    return report;
  };
  try {
    if (input.client) return await run(input.client);
    return await withTransaction(db, run);
  } catch (err) {
    if (err instanceof DryRunRollback) return err.report;
    if (err instanceof ImportRejected && !input.client) {
      // The failed attempt leaves a record of its own (outside the rolled-back transaction).
      err.report.id = await recordOutcome(db, input, fileHash, err.report);
      return err.report;
    }
    throw err;
  }
}

/**
 * Stores merged rows as grouping areas of `<layer>_merged` (layer created on first use, members
 * linked, geometry the union) and points the rows at them. Aggregation counts such an area in place
 * of its members where they have no value of their own (monitoring layerValues).
 */
async function createMergedAreas(client: pg.PoolClient, resolved: Resolved, importId: number, projectedCrs: string): Promise<void> {
  if (resolved.mergesToCreate.length === 0) return;
  const srid = areas.sridOf(projectedCrs);
  const layers = await areas.listLayers(client);
  const realId = new Map<number, number>();
  for (const memberLayer of new Set(resolved.mergesToCreate.map((m) => m.memberLayer))) {
    const base = layers.find((l) => l.key === memberLayer)!;
    const key = mergedLayerKey(memberLayer);
    const existing = layers.find((l) => l.key === key);
    const layerId = existing?.id ?? await areas.upsertLayer(client, { key, nameDe: `${base.name_de} (zusammengefasst)`, nameEn: `${base.name_en} (merged)`, kind: 'grouping', memberKey: memberLayer, sort: base.sort + 100 });
    const merges = resolved.mergesToCreate.filter((m) => m.memberLayer === memberLayer);
    await areas.upsertAreas(client, layerId, srid, merges.map((m) => ({ code: m.code, name: m.name, geometry: null, importId })));
    const created = new Map((await areas.listAreas(client, key)).map((a) => [a.code, a.id]));
    const ids: number[] = [];
    for (const m of merges) {
      const id = created.get(m.code)!;
      realId.set(m.pendingId, id);
      ids.push(id);
      await areas.replaceMembers(client, id, m.memberIds);
    }
    await areas.setGeometryFromMembers(client, ids, srid);
  }
  for (const row of resolved.rows) if (row.areaId < 0) row.areaId = realId.get(row.areaId)!;
}

/**
 * Writes an import record for a rejected import. A dry run leaves none, rejected or not: it is a
 * check, not an import, and the history should show what happened to the data.
 */
export async function recordOutcome(db: Database, input: { file: string; actor: Actor; recipe?: string; dryRun?: boolean }, fileHash: string, report: ImportReport, kind = 'observations'): Promise<number | null> {
  if (input.dryRun || report.status === 'dry_run') return null;
  const id = await repo.createImportRecord(db.pool, { userId: input.actor.userId, actor: input.actor.name, kind, fileName: input.file, fileHash, recipe: input.recipe ?? null, dryRun: false });
  await repo.finishImportRecord(db.pool, id, { status: report.status, rowsRead: report.rowsRead, rowsWritten: 0, rowsRejected: report.rowsRejected, warnings: report.warnings, errors: report.errors, report: summary(report) });
  return id;
}

/** Rolls back a dry run that had to write indicator metadata to check the rows. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

/** Publishes each written indicator on each layer it was written to (all periods). */
async function publishWritten(client: pg.PoolClient, rows: repo.ObservationInsert[], actor: Actor): Promise<{ indicator: string; layer: string }[]> {
  // Layer and indicator keys through their owners' services; distinct pairs in key order.
  const layerOf = await areas.labelsOf(client, rows.map((x) => x.areaId));
  const keyOf = new Map((await indicators.listIndicatorIds(client)).map((i) => [i.id, i.key]));
  const pairs = new Map<string, { indicator: string; layer: string }>();
  for (const x of rows) {
    const layer = layerOf.get(x.areaId)?.layer;
    const indicator = keyOf.get(x.indicatorId);
    if (layer !== undefined && indicator !== undefined) pairs.set(`${indicator}\u0000${layer}`, { indicator, layer });
  }
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const written = [...pairs.values()].sort((a, b) => byKey(a.indicator, b.indicator) || byKey(a.layer, b.layer));
  for (const p of written) await publication.publish(client, { indicator: p.indicator, layers: [p.layer] }, actor.name);
  return written;
}

/** Indicator metadata from a file (CLI --indicators, API field indicatorMeta): a list, as in a recipe. */
export function parseIndicatorMeta(raw: unknown, file: string): IndicatorMeta[] {
  const parsed = indicatorMetaSchema.array().safeParse(Array.isArray(raw) ? raw : [raw]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LernortError('INDICATOR_META_INVALID', `Indikatorbeschreibung ungültig bei ${issue.path.join('.')}: ${issue.message}`, `Indicator metadata invalid at ${issue.path.join('.')}: ${issue.message}`, { location: { file, field: issue.path.join('.') } });
  }
  return parsed.data;
}

/** Thrown inside the transaction to roll it back; carries the report. */
export class ImportRejected extends Error {
  constructor(readonly report: ImportReport) {
    super('import rejected');
  }
}

function summary(r: ImportReport) {
  return { format: r.format, unmatched: r.unmatched, mapped: r.mapped, indicators: r.indicators, periods: r.periods, areas: r.areas, ...(r.extra ?? {}) };
}

function countBy(keys: string[]): { key: string; values: number }[] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].map(([key, values]) => ({ key, values }));
}

export async function getImport(db: Database, id: number) {
  const row = await repo.findImport(db.pool, id);
  if (!row) throw new LernortError('NOT_FOUND', `Import ${id} wurde nicht gefunden.`, `Import ${id} was not found.`, { status: 404 });
  return row;
}

export const listImports = (db: Database, limit = 100) => repo.listImports(db.pool, limit);
export const createImportRecord = repo.createImportRecord;
export const finishImportRecord = repo.finishImportRecord;

export interface FileImportOptions {
  /** 'observations' (default) or 'areas' (GeoJSON / zipped shapefile into a layer). */
  kind?: 'observations' | 'areas';
  format?: string;
  layer?: string;
  indicator?: string;
  indicators?: Record<string, string>;
  nameMapping?: Record<string, string>;
  createIndicators?: boolean;
  decimal?: ',' | '.';
  /** Indicator metadata to save with the import (kind, unit, polarity …), and whether to publish it. */
  indicatorMeta?: IndicatorMeta[];
  publish?: boolean;
  /** Format 'table': the column spec (src/io/table.ts); given alone, it implies format 'table'. */
  table?: Record<string, unknown>;
  /** Areas: property names and CRS handling. */
  codeProperty?: string;
  nameProperty?: string;
  sourceCrs?: string;
  swapAxes?: boolean;
  /** Areas: regex on the name, e.g. "^(\\d{2})\\s+(.+)$" for "03 Nordstadt" (groups code, name). */
  namePattern?: string;
  /** Areas: property with the parent area's code, and a regex taking the code out of it (group 1). */
  parentProperty?: string;
  parentPattern?: string;
  /** Areas: create the target layer in the same transaction. */
  createLayer?: NewLayer;
  projectedCrs?: string;
  /** The deployment's region for the plausibility check of coordinates (config expectedRegion). */
  expectedBounds?: [number, number, number, number] | null;
}

/** One uploaded or named file, end to end. Bad data gives a rejected report, never a partial write. */
export async function importFile(db: Database, input: { bytes: Uint8Array; file: string; actor: Actor; dryRun: boolean; options: FileImportOptions; onProgress?: (done: number, total: number) => void }): Promise<ImportReport> {
  const o = input.options;
  if (o.kind === 'areas') return importAreaFile(db, input);
  let read: ReadResult<ObservationRecord>;
  try {
    read = readObservationFile(input.bytes, input.file, { format: o.format ?? (o.table ? 'table' : undefined), layer: o.layer, indicator: o.indicator, indicators: o.indicators, decimal: o.decimal, table: o.table });
  } catch (err) {
    if (err instanceof LernortError) return rejectWith(db, input, err);
    throw err;
  }
  const report = await importObservations(db, {
    file: input.file, bytes: input.bytes, format: o.format ?? 'auto', read, actor: input.actor, dryRun: input.dryRun,
    resolve: { layer: o.layer, nameMapping: o.nameMapping, createIndicators: o.createIndicators }, onProgress: input.onProgress, projectedCrs: o.projectedCrs,
    indicatorMeta: o.indicatorMeta, publish: o.publish,
  });
  return report;
}

async function rejectWith(db: Database, input: { bytes: Uint8Array; file: string; actor: Actor; dryRun?: boolean }, err: LernortError): Promise<ImportReport> {
  const report = emptyReport(input.file, sha256(input.bytes), 'unknown');
  report.status = 'rejected';
  report.errors.push({ code: err.code, de: err.de, en: err.en, file: err.location?.file ?? input.file, line: err.location?.line, field: err.location?.field });
  report.id = await recordOutcome(db, { file: input.file, actor: input.actor, dryRun: input.dryRun }, report.fileHash, report);
  return report;
}

function emptyReport(file: string, fileHash: string, format: string): ImportReport {
  return { id: null, status: 'dry_run', file, fileHash, format, rowsRead: 0, rowsWritten: 0, rowsRejected: 0, errors: [], warnings: [], unmatched: [], mapped: [], indicators: [], periods: [], areas: 0 };
}

async function importAreaFile(db: Database, input: { bytes: Uint8Array; file: string; actor: Actor; dryRun: boolean; options: FileImportOptions }): Promise<ImportReport> {
  const o = input.options;
  const report = emptyReport(input.file, sha256(input.bytes), input.file.toLowerCase().endsWith('.zip') ? 'shapefile' : 'geojson');
  if (!o.layer || !o.codeProperty) {
    return rejectWith(db, input, new LernortError('FORMAT_OPTION_MISSING', 'Für Gebiete werden „layer“ und „codeProperty“ benötigt (der Name ist optional: ohne „nameProperty“ wird eine übliche Namenseigenschaft gesucht, sonst dient der Schlüssel als Name).', 'Areas need "layer" and "codeProperty" (the name is optional: without "nameProperty" a common name property is looked for, else the code serves as the name).', { location: { file: input.file, field: !o.layer ? 'layer' : 'codeProperty' } }));
  }
  let read: ReadResult<AreaFeatureRecord>;
  try {
    read = readAreaFile(input.bytes, input.file, { codeProperty: o.codeProperty, nameProperty: o.nameProperty, parentProperty: o.parentProperty, namePattern: o.namePattern, sourceCrs: o.sourceCrs, swapAxes: o.swapAxes, expectedBounds: o.expectedBounds });
  } catch (err) {
    if (err instanceof LernortError) return rejectWith(db, input, err);
    throw err;
  }
  report.rowsRead = read.rowsRead;
  report.errors.push(...read.errors);
  report.warnings.push(...read.warnings);
  report.areas = read.records.length;
  const plan = await planLayer(db.pool, o.layer, o.createLayer, input.file, report.errors);
  if (plan?.create) report.extra = { layerCreated: { key: plan.key, name: plan.create.nameDe, nameEn: plan.create.nameEn || plan.create.nameDe, kind: plan.kind, parent: plan.parentKey, child: plan.childKey, members: plan.memberKey } };
  if (report.errors.length > 0 || input.dryRun || !plan) {
    report.status = report.errors.length > 0 ? 'rejected' : 'dry_run';
    report.id = await recordOutcome(db, { file: input.file, actor: input.actor, dryRun: input.dryRun }, report.fileHash, report, 'areas');
    return report;
  }
  try {
    return await withTransaction(db, async (client) => {
      const id = await repo.createImportRecord(client, { userId: input.actor.userId, actor: input.actor.name, kind: 'areas', fileName: input.file, fileHash: report.fileHash, recipe: null, dryRun: false });
      const layerId = await applyLayer(client, plan);
      await areas.upsertAreas(client, layerId, areas.sridOf(o.projectedCrs ?? 'EPSG:25833'), read.records.map((r) => ({ code: r.code, name: r.name, geometry: JSON.stringify(r.geometry), importId: id })));
      // A new layer is linked into the hierarchy; an existing one only when a parent property is given.
      if (plan.create || o.parentProperty) {
        const links = await linkAreas(client, plan, layerId, read.records, { byProperty: !!o.parentProperty, parentPattern: o.parentPattern }, input.file);
        report.warnings.push(...links.warnings);
        report.extra = { ...(report.extra ?? {}), linked: links.linked };
        if (links.errors.length > 0) {
          report.errors.push(...links.errors);
          report.status = 'rejected';
          throw new ImportRejected(report);
        }
      }
      // Inside the transaction: what follows from the new areas (facilities' assignment) commits with them or not at all.
      await system.events.emit(client, 'areas.changed', { layers: [plan.key] });
      report.id = id;
      report.status = 'committed';
      report.rowsWritten = read.records.length;
      await repo.finishImportRecord(client, id, { status: 'committed', rowsRead: report.rowsRead, rowsWritten: report.rowsWritten, rowsRejected: 0, warnings: report.warnings, errors: [], report: summary(report) });
      await audit.record(client, { actor: { id: input.actor.userId, name: input.actor.name }, action: 'import', entity: 'areas', entityId: String(id), after: { file: input.file, fileHash: report.fileHash, layer: o.layer, areas: report.rowsWritten, ...(plan.create ? { layerCreated: plan.key } : {}) } });
      return report;
    });
  } catch (err) {
    if (!(err instanceof ImportRejected)) throw err;
    report.id = await recordOutcome(db, { file: input.file, actor: input.actor }, report.fileHash, report, 'areas');
    return report;
  }
}
