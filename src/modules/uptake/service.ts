// Uptake of city-wide services by area of residence (issue 13; goal 4 of the Leipzig model): the
// services and their target populations, the import of participants — aggregated counts, or a list
// of persons that is reduced to counts while it is read and then forgotten — and the write-back of
// the uptake rate and the standardised uptake ratio as indicators (numerator and denominator stored,
// so they aggregate as Σnum/Σden and are suppressed like any other). New indicators are unpublished.
import fs from 'node:fs';
import path from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, notFound, type Problem } from '../../core/errors.ts';
import { referenceRates, standardisedUptake } from '../../core/uptake/standardise.ts';
import { readCrosswalk } from '../../io/crosswalk.ts';
import { scanCsv } from '../../io/csv.ts';
import { readUptakeRecords, type UptakeAggregate } from '../../io/uptake-records.ts';
import type { ObservationRecord } from '../../io/types.ts';
import * as areas from '../areas/service.ts';
import * as facilities from '../facilities/service.ts';
import * as imports from '../imports/service.ts';
import * as indicators from '../indicators/service.ts';
import * as monitoring from '../monitoring/service.ts';
import { isXlsx, looksLikeCountTable, readCountFile } from './counts-file.ts';
import * as repo from './repo.ts';
import type { ParticipantImportOptions, UptakeServiceInput } from './schema.ts';

/** The indicators an uptake service writes; the denominator is the service's target population. */
export function indicatorKeys(s: Pick<repo.UptakeServiceRow, 'key' | 'target_indicator' | 'eligibility_indicator'>) {
  const p = `uptake_${s.key}`;
  const own = !s.eligibility_indicator && !s.target_indicator;
  return {
    participants: `${p}_teilnehmende`,
    rate: `${p}_quote`,
    expected: `${p}_erwartet`,
    ratio: `${p}_sur`,
    /** Those entitled when given, else the target indicator, else the sum of the age bands (written here). */
    target: s.eligibility_indicator ?? s.target_indicator ?? `${p}_zielgruppe`,
    targetIsOwn: own,
  };
}

export function serviceToApi(s: repo.UptakeServiceRow) {
  return {
    key: s.key, name: s.name_de, nameEn: s.name_en, domain: s.domain_key, registryServiceId: s.registry_service_id, targetIndicator: s.target_indicator,
    ageBands: s.age_bands, eligibilityIndicator: s.eligibility_indicator, description: s.description, indicators: indicatorKeys(s),
  };
}

export async function requireService(q: Queryable, key: string): Promise<repo.UptakeServiceRow> {
  const s = await repo.findService(q, key);
  if (!s) throw notFound('Leistung / service', key);
  return s;
}

export const listServices = async (q: Queryable) => (await repo.listServices(q)).map(serviceToApi);

export async function getService(q: Queryable, key: string) {
  const s = await requireService(q, key);
  const done = await repo.importsOf(q, s.id);
  return {
    ...serviceToApi(s),
    imports: done.map((i) => ({
      id: i.id, source: i.source, assignment: i.assignment, layer: i.layer_key, period: i.period, recordsRead: i.records_read, participants: i.participants,
      unassigned: i.unassigned, observationImportId: i.observation_import_id, createdBy: i.created_by, createdAt: i.created_at.toISOString(),
    })),
    periods: [...new Set(done.map((i) => i.period))].sort(),
  };
}

export async function saveService(q: Queryable, key: string, input: UptakeServiceInput) {
  const check = async (k: string | null | undefined, field: string) => {
    if (!k) return;
    await indicators.requireIndicator(q, k).catch(() => {
      throw new LernortError('INDICATOR_UNKNOWN', `Indikator „${k}“ gibt es nicht.`, `Indicator "${k}" does not exist.`, { location: { field } });
    });
  };
  await check(input.targetIndicator, 'targetIndicator');
  await check(input.eligibilityIndicator, 'eligibilityIndicator');
  for (const [i, b] of input.ageBands.entries()) await check(b.populationIndicator, `ageBands.${i}.populationIndicator`);
  if (input.domain && !(await facilities.listDomains(q)).some((d) => d.key === input.domain))
    throw new LernortError('SERVICE_DOMAIN_UNKNOWN', `Unbekannter Angebotsbereich „${input.domain}“.`, `Unknown service domain "${input.domain}".`, { location: { field: 'domain' } });
  if (input.registryServiceId) await facilities.getService(q, input.registryServiceId).catch(() => {
    throw new LernortError('REFERENCE_UNKNOWN', `Angebot ${input.registryServiceId} gibt es im Register nicht.`, `Offer ${input.registryServiceId} does not exist in the registry.`, { location: { field: 'registryServiceId' } });
  });
  await repo.upsertService(q, {
    key, name_de: input.name, name_en: input.nameEn, domain_key: input.domain ?? null, registry_service_id: input.registryServiceId ?? null,
    target_indicator: input.targetIndicator ?? null, age_bands: input.ageBands, eligibility_indicator: input.eligibilityIndicator ?? null, description: input.description ?? null,
  });
  return getService(q, key);
}

// ---- import ------------------------------------------------------------------------------------

export interface Upload { file: string; bytes: Uint8Array }

export interface ParticipantImportReport {
  status: 'committed' | 'dry_run';
  service: string;
  layer: string;
  periods: string[];
  source: 'counts' | 'list';
  assignment: 'point' | 'postcode' | 'aggregated' | 'point+postcode';
  recordsRead: number;
  participants: number;
  unassigned: { outsideAreas: number; unknownPostcode: number };
  uptakeImportId: number | null;
  observationImportIds: number[];
  indicators: string[];
  warnings: Problem[];
}

interface Aggregated { rows: repo.CountInsert[]; recordsRead: number; unassigned: { outsideAreas: number; unknownPostcode: number }; assignment: ParticipantImportReport['assignment']; warnings: Problem[] }

/** The header of a CSV, read without keeping any row. */
function csvHeader(bytes: Uint8Array, file: string): string[] {
  let header: string[] = [];
  scanCsv(bytes, file, { sampleRows: 0 }, { start: (h) => { header = h; }, row: () => {} });
  return header;
}

/** The weights matrix from the second upload, or from a file inside the open-data directory. */
function loadWeights(weights: Upload | undefined, weightsPath: string | undefined, dataRoot: string) {
  let upload = weights;
  if (!upload && weightsPath) {
    const root = path.resolve(dataRoot);
    const full = path.resolve(root, weightsPath);
    if (!full.startsWith(root + path.sep) || !fs.existsSync(full))
      throw new LernortError('UPTAKE_WEIGHTS_PATH', `Die Gewichtsdatei „${weightsPath}“ gibt es im Datenverzeichnis nicht.`, `The weights file "${weightsPath}" does not exist in the data directory.`, { location: { field: 'weightsPath' } });
    upload = { file: path.basename(full), bytes: fs.readFileSync(full) };
  }
  if (!upload) throw new LernortError('UPTAKE_WEIGHTS_MISSING', 'Für weights=postcode bitte eine Gewichtsdatei („weights“) hochladen oder weightsPath angeben.', 'For weights=postcode upload a weights file ("weights") or give weightsPath.', { location: { field: 'weights' } });
  const cw = readCrosswalk(upload.bytes, upload.file);
  if (cw.errors.length) throw LernortError.fromProblem(cw.errors[0], 400, cw.errors);
  return { weights: cw.weights.map(({ source, target, weight }) => ({ source, target, weight })), warnings: cw.warnings };
}

async function aggregateList(q: Queryable, layer: areas.LayerRow, upload: Upload, weightsUpload: Upload | undefined, o: ParticipantImportOptions, s: repo.UptakeServiceRow, dataRoot: string): Promise<Aggregated> {
  const polys = await areas.layerPolygons(q, layer.id);
  const index = facilities.buildPolygonIndex(polys.map((p) => (p.geojson ? (JSON.parse(p.geojson) as Polygon | MultiPolygon) : null)));
  const locate = (lon: number, lat: number) => {
    const i = index.find(lon, lat);
    return i === -1 ? null : polys[i].code;
  };
  const w = o.weights === 'postcode' ? loadWeights(weightsUpload, o.weightsPath, dataRoot) : null;
  let agg: UptakeAggregate;
  try {
    agg = readUptakeRecords(upload.bytes, upload.file, { locate, postcodeWeights: w?.weights, ageBands: s.age_bands.map(({ label, min, max }) => ({ label, min, max })) });
  } catch (e) {
    if (e instanceof LernortError && e.code === 'UPTAKE_NO_WEIGHTS')
      throw new LernortError(e.code, 'Die Liste hat Postleitzahlen: bitte weights=postcode mit einer Gewichtsmatrix PLZ → Gebiet angeben.', 'The list has postcodes: give weights=postcode with a weights matrix postcode → area.', { location: { file: upload.file, field: 'weights' } });
    throw e;
  }
  const codes = new Set(polys.map((p) => p.code));
  const foreign = [...new Set(agg.counts.map((c) => c.areaId).filter((c) => !codes.has(c)))];
  if (foreign.length)
    throw new LernortError('UPTAKE_WEIGHTS_LAYER', `Die Gewichte nennen Gebiete, die es auf der Ebene ${layer.key} nicht gibt: ${foreign.slice(0, 10).join(', ')}.`, `The weights name areas that do not exist on layer ${layer.key}: ${foreign.slice(0, 10).join(', ')}.`, { location: { field: 'layer' } });
  const idOf = new Map(polys.map((p) => [p.code, p.id]));
  const assignment = agg.assignedBy.point > 0 && agg.assignedBy.postcode > 0 ? 'point+postcode' : agg.assignedBy.postcode > 0 ? 'postcode' : 'point';
  return {
    rows: agg.counts.map((c) => ({ areaId: idOf.get(c.areaId)!, period: o.period, ageBand: c.ageBand ?? '', sex: c.sex ?? '', participants: c.count })),
    recordsRead: agg.recordsRead, unassigned: agg.unassigned, assignment, warnings: [...(w?.warnings ?? []), ...agg.warnings],
  };
}

async function aggregateCounts(q: Queryable, layer: areas.LayerRow, upload: Upload, o: ParticipantImportOptions, s: repo.UptakeServiceRow): Promise<Aggregated> {
  const list = await areas.listAreas(q, layer.key);
  const byCode = new Map(list.map((a) => [a.code, a.id]));
  const byName = new Map(list.map((a) => [a.name.toLocaleLowerCase('de'), a.id]));
  const idOf = (area: string) => byCode.get(area) ?? byName.get(area.toLocaleLowerCase('de'));
  const rows = await readCountFile(upload.bytes, upload.file, {
    bandLabels: s.age_bands.length ? s.age_bands.map((b) => b.label) : undefined, areaKnown: (a) => idOf(a) !== undefined, layerKey: layer.key,
  });
  const sums = new Map<string, repo.CountInsert>();
  for (const r of rows) {
    const areaId = idOf(r.area)!;
    const period = r.period ?? o.period;
    const k = `${areaId}|${period}|${r.ageBand ?? ''}|${r.sex ?? ''}`;
    const row = sums.get(k) ?? { areaId, period, ageBand: r.ageBand ?? '', sex: r.sex ?? '', participants: 0 };
    row.participants += r.count;
    sums.set(k, row);
  }
  return { rows: [...sums.values()], recordsRead: rows.length, unassigned: { outsideAreas: 0, unknownPostcode: 0 }, assignment: 'aggregated', warnings: [] };
}

class DryRun extends Error {
  constructor(readonly report: ParticipantImportReport) { super('dry run'); }
}

/**
 * Imports participants of one service: all or nothing. Counts replace earlier counts of the same
 * periods on the layer; the uptake indicators of those periods are then rewritten.
 */
type ImportInput = { upload: Upload; weights?: Upload; options: ParticipantImportOptions; actor: imports.Actor; dataRoot: string };

/** Reads the upload into counts (nothing written yet) and stores them with the indicators in `client`'s transaction. */
async function importInto(db: Database, client: pg.PoolClient, s: repo.UptakeServiceRow, input: ImportInput): Promise<ParticipantImportReport> {
  const o = input.options;
  const layer = await areas.requireLayer(client, o.layer);
  const source = o.source ?? (isXlsx(input.upload.file, input.upload.bytes) || looksLikeCountTable(csvHeader(input.upload.bytes, input.upload.file)) ? 'counts' : 'list');
  const agg = source === 'list' ? await aggregateList(client, layer, input.upload, input.weights, o, s, input.dataRoot) : await aggregateCounts(client, layer, input.upload, o, s);
  const periods = [...new Set(agg.rows.map((r) => r.period))].sort();
  if (periods.length === 0) periods.push(o.period);
  const participants = agg.rows.reduce((n, r) => n + r.participants, 0);
  const report: ParticipantImportReport = {
    status: 'committed', service: s.key, layer: layer.key, periods, source, assignment: agg.assignment, recordsRead: agg.recordsRead, participants, unassigned: agg.unassigned,
    uptakeImportId: null, observationImportIds: [], indicators: [], warnings: agg.warnings,
  };
  const id = await repo.insertImport(client, {
    serviceId: s.id, source, assignment: agg.assignment, layerKey: layer.key, period: periods.join(','), fileHash: imports.sha256(input.upload.bytes),
    recordsRead: agg.recordsRead, participants, unassigned: agg.unassigned, createdBy: input.actor.name,
  });
  report.uptakeImportId = id;
  await repo.replaceCounts(client, s.id, layer.id, periods, agg.rows, id);
  for (const period of periods) {
    const written = await writeUptakeIndicators(db, client, s, layer, period, { zeroForMissing: source === 'list', actor: input.actor });
    report.observationImportIds.push(written.importId);
    report.indicators = [...new Set([...report.indicators, ...written.indicators])];
    report.warnings.push(...written.warnings);
    if (periods.length === 1) await repo.linkObservationImport(client, id, written.importId);
  }
  return report;
}

/**
 * Imports participants of one service: all or nothing. Counts replace earlier counts of the same
 * periods on the layer; the uptake indicators of those periods are then rewritten.
 */
export async function importParticipants(db: Database, key: string, input: ImportInput): Promise<ParticipantImportReport> {
  const s = await requireService(db.pool, key);
  try {
    return await withTransaction(db, async (client) => {
      const report = await importInto(db, client, s, input);
      if (input.options.dryRun) throw new DryRun({ ...report, status: 'dry_run', uptakeImportId: null, observationImportIds: [] });
      return report;
    });
  } catch (e) {
    if (e instanceof DryRun) return e.report;
    throw e;
  }
}

/** A recipe step that loads participants (the lead wires it into recipes/schema.ts and service.ts). */
export interface UptakeStep {
  type: 'uptake';
  /** Key of a service that exists (or is defined by `define`). */
  service: string;
  define?: UptakeServiceInput;
  file: string;
  layer: string;
  period: string;
  source?: 'counts' | 'list';
  /** Postcodes by areal weights from this matrix, relative to the recipe's data directory (e.g. raw/messy/matrixPLZtoORTSTEIL.csv). */
  weightsFile?: string;
}

/** Runs an `uptake` recipe step inside the recipe's transaction; a bad file rejects the step (and so the recipe). */
export async function importUptakeStep(db: Database, client: pg.PoolClient, step: UptakeStep, ctx: { dataRoot: string; actor: imports.Actor; bytes?: Uint8Array }) {
  if (step.define) await saveService(client, step.service, step.define);
  const s = await requireService(client, step.service);
  const bytes = ctx.bytes ?? fs.readFileSync(path.join(ctx.dataRoot, step.file));
  const options: ParticipantImportOptions = { layer: step.layer, period: step.period, source: step.source, dryRun: false, ...(step.weightsFile ? { weights: 'postcode' as const, weightsPath: step.weightsFile } : {}) };
  const report = await importInto(db, client, s, { upload: { file: step.file, bytes }, options, actor: ctx.actor, dataRoot: ctx.dataRoot });
  return { type: 'uptake', file: step.file, status: report.status, rows: report.participants, report };
}

// ---- write-back as indicators ------------------------------------------------------------------

/** The period of a population indicator to use for participants of `period`: the same, else the latest before, else the latest. */
async function populationPeriod(q: Queryable, key: string, period: string, warnings: Problem[]): Promise<string | null> {
  const periods = (await indicators.requireIndicatorWithPeriods(q, key)).periods ?? [];
  if (periods.includes(period)) return period;
  const chosen = [...periods].filter((p) => p <= period).at(-1) ?? periods.at(-1) ?? null;
  warnings.push({ code: 'UPTAKE_POPULATION_PERIOD', de: `„${key}“ hat keine Werte für ${period}; verwendet wird ${chosen ?? '–'}.`, en: `"${key}" has no values for ${period}; ${chosen ?? '–'} is used.`, field: key, value: chosen ?? '' });
  return chosen;
}

async function valuesOf(q: Queryable, layer: string, key: string, period: string, warnings: Problem[]): Promise<Map<string, number | null>> {
  const p = await populationPeriod(q, key, period, warnings);
  if (p === null) return new Map();
  return new Map((await monitoring.layerValues(q, layer, key, p)).filter((v) => v.period === p).map((v) => [v.areaCode, v.value]));
}

export async function writeUptakeIndicators(db: Database, client: pg.PoolClient, s: repo.UptakeServiceRow, layer: areas.LayerRow, period: string, opts: { zeroForMissing: boolean; actor: imports.Actor }) {
  const keys = indicatorKeys(s);
  const warnings: Problem[] = [];
  const codeOf = new Map((await areas.everyAreaOfLayer(client, layer.id)).map((a) => [a.id, a.code]));
  const counts = (await repo.countsByBand(client, s.id, [...codeOf.keys()], period)).map((c) => ({ ...c, code: codeOf.get(c.area_id)! }));
  const list = await areas.listAreas(client, layer.key);
  const observed = new Map<string, number>();
  for (const c of counts) observed.set(c.code, (observed.get(c.code) ?? 0) + c.participants);
  const bandPops = new Map<string, Map<string, number | null>>();
  for (const b of s.age_bands) bandPops.set(b.label, await valuesOf(client, layer.key, b.populationIndicator, period, warnings));
  const target = keys.targetIsOwn ? null : await valuesOf(client, layer.key, keys.target, period, warnings);
  const targetOf = (code: string): number | null => {
    if (target) return target.get(code) ?? null;
    let sum = 0;
    for (const b of s.age_bands) {
      const v = bandPops.get(b.label)!.get(code);
      if (v == null) return null;
      sum += v;
    }
    return sum;
  };
  // Standardisation only when every count carries one of the service's age bands.
  const banded = s.age_bands.length > 0 && counts.length > 0 && counts.every((c) => c.age_band !== '');
  if (s.age_bands.length > 0 && counts.length > 0 && !banded)
    warnings.push({ code: 'UPTAKE_NO_BANDS', de: 'Nicht alle Teilnehmenden haben eine Altersgruppe: kein standardisiertes Verhältnis.', en: 'Not every participant has an age band: no standardised ratio.' });
  const expected = new Map<string, number>();
  if (banded) {
    const byArea = list.map((a) => ({
      areaId: a.code,
      bands: s.age_bands.map((b) => ({ band: b.label, participants: counts.filter((c) => c.code === a.code && c.age_band === b.label).reduce((n, c) => n + c.participants, 0), population: bandPops.get(b.label)!.get(a.code) ?? 0 })),
    }));
    for (const r of standardisedUptake(byArea, { reference: referenceRates(byArea) })) expected.set(r.areaId, r.expected);
  }
  const metas: Parameters<typeof indicators.saveIndicator>[1][] = [
    { key: keys.participants, name: `Teilnehmende: ${s.name_de}`, nameEn: `Participants: ${s.name_en}`, unit: 'Personen', unitEn: 'persons', topic: 'jugend', polarity: 'higher_is_better', kind: 'count', scale: 1, decimals: 0, suppressionK: 2, source: 'Lernort, Inanspruchnahme / uptake' },
    {
      key: keys.rate, name: `Inanspruchnahme: ${s.name_de}`, nameEn: `Uptake: ${s.name_en}`, unit: '%', unitEn: '%', topic: 'jugend', polarity: 'higher_is_better', kind: 'share',
      numerator: keys.participants, denominator: keys.target, scale: 100, decimals: 1, suppressionK: 0,
      description: `Teilnehmende je 100 der Zielgruppe (${keys.target}) nach Wohnort; Intervalle nach Wilson.`, descriptionEn: `Participants per 100 of the target population (${keys.target}) by place of residence; Wilson intervals.`, source: 'Lernort, METHODS.md §4',
    },
  ];
  if (keys.targetIsOwn) metas.push({ key: keys.target, name: `Zielgruppe: ${s.name_de}`, nameEn: `Target population: ${s.name_en}`, unit: 'Personen', unitEn: 'persons', topic: 'jugend', polarity: 'neutral', kind: 'count', scale: 1, decimals: 0, suppressionK: 2, description: `Summe der Altersgruppen ${s.age_bands.map((b) => b.label).join(', ')}`, descriptionEn: `Sum of the age bands ${s.age_bands.map((b) => b.label).join(', ')}` });
  if (banded) {
    metas.push({ key: keys.expected, name: `Erwartete Teilnehmende (Altersstruktur): ${s.name_de}`, nameEn: `Expected participants (age mix): ${s.name_en}`, unit: 'Personen', unitEn: 'persons', topic: 'jugend', polarity: 'neutral', kind: 'count', scale: 1, decimals: 1, suppressionK: 0, description: 'E = Σ Stadtrate der Altersgruppe × Zielgruppe der Altersgruppe (indirekte Standardisierung).', descriptionEn: 'E = Σ city rate of the age band × target population of the band (indirect standardisation).' });
    metas.push({ key: keys.ratio, name: `Standardisiertes Inanspruchnahmeverhältnis: ${s.name_de}`, nameEn: `Standardised uptake ratio: ${s.name_en}`, unit: 'Verhältnis', unitEn: 'ratio', topic: 'jugend', polarity: 'higher_is_better', kind: 'rate', numerator: keys.participants, denominator: keys.expected, scale: 1, decimals: 2, suppressionK: 0, description: 'Beobachtet / erwartet (1 = wie die Altersraten der Stadt erwarten lassen); Intervall nach Byar.', descriptionEn: 'Observed / expected (1 = as the city\'s age-specific rates predict); Byar interval.', source: 'Lernort, METHODS.md §4' });
  }
  for (const m of metas) await indicators.saveIndicator(client, m);

  const records: ObservationRecord[] = [];
  let line = 0;
  const add = (a: { code: string; name: string }, indicator: string, value: number | null, numerator?: number | null, denominator?: number | null) =>
    records.push({ area: { code: a.code, name: a.name }, layer: layer.key, indicator, period, value, numerator: numerator ?? null, denominator: denominator ?? null, flags: value === null ? { missing: true } : {}, line: ++line });
  for (const a of list) {
    const o = observed.get(a.code) ?? (opts.zeroForMissing ? 0 : null);
    if (o === null) {
      // not in this count table: written as missing, so a value of an earlier import does not linger
      for (const k of [keys.participants, keys.rate, ...(banded ? [keys.expected, keys.ratio] : [])]) add(a, k, null);
      continue;
    }
    const p = targetOf(a.code);
    add(a, keys.participants, o);
    add(a, keys.rate, p !== null && p > 0 ? (100 * o) / p : null, o, p);
    if (keys.targetIsOwn) add(a, keys.target, p);
    if (banded) {
      const e = expected.get(a.code) ?? null;
      add(a, keys.expected, e);
      add(a, keys.ratio, e !== null && e > 0 ? o / e : null, o, e);
    }
  }
  const report = await imports.importObservations(db, {
    file: `uptake:${s.key}:${layer.key}:${period}`, bytes: JSON.stringify(records.map((r) => [r.area.code, r.indicator, r.value])), format: 'uptake',
    read: { records, errors: [], warnings: [], rowsRead: records.length }, actor: opts.actor, dryRun: false, client, resolve: { layer: layer.key },
  });
  if (report.status !== 'committed') throw LernortError.fromProblem(report.errors[0] ?? { code: 'UPTAKE_REJECTED', de: 'Inanspruchnahmewerte abgelehnt.', en: 'Uptake values rejected.' });
  return { importId: report.id!, indicators: metas.map((m) => m.key), warnings };
}
