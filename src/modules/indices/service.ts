// Use cases of the index module: versioned definitions, runs (compute, store, reproduce, compare,
// export), uncertainty and inequality of any indicator, and focus areas (Schwerpunktgebiete).
// Other modules (goals, budget) read focus areas through currentFocusAreas().
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, notFound } from '../../core/errors.ts';
import { compileFocusRule } from '../../core/classify/index.ts';
import * as areas from '../areas/service.ts';
import * as indicators from '../indicators/service.ts';
import * as monitoring from '../monitoring/service.ts';
import * as repo from './repo.ts';
import { computeIndex, componentsOf, previousPeriod, type ComponentColumns, type ComponentValue, type ComputeOutput, type ComputedRow } from './compute.ts';
import { bindRoles, checkRoles, keyOf } from './roles.ts';
import { checkGroups } from './nested.ts';
import type { z } from 'zod';
import { indexDefinitionSchema, sensitivitySettingsSchema, type FocusAreaRequest, type IndexDefinition, type comparisonSchema, type resultSchema, type runSchema, type SensitivitySettings } from './schema.ts';

export interface Actor {
  name: string;
}

// ---------------------------------------------------------------- definitions

/** Validates a definition body: the zod schema, then the rules zod cannot express. */
export function parseDefinition(body: unknown): IndexDefinition {
  const r = indexDefinitionSchema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue.path.join('.');
    throw new LernortError('INDEX_DEFINITION_INVALID', `Indexdefinition ungültig${at ? ` (${at})` : ''}: ${issue.message}`,
      `Invalid index definition${at ? ` (${at})` : ''}: ${issue.message}`, { location: { field: at || undefined }, details: r.error.issues.slice(0, 10) });
  }
  const d = r.data;
  const seen = new Set<string>();
  d.indicators.forEach((ind, k) => {
    const id = ind.key ?? `role:${ind.role}`; // an indicator is named by its key or by its role
    const name = ind.key ?? ind.role;
    if (seen.has(id)) {
      throw new LernortError('INDEX_DEFINITION_INVALID', `Indikator ${name} steht zweimal in der Definition.`, `Indicator ${name} appears twice in the definition.`, { location: { field: `indicators.${k}.${ind.key ? 'key' : 'role'}` } });
    }
    seen.add(id);
    const s = ind.standardisation ?? d.standardisation;
    if (d.reference.mode === 'fixed' && (s.method === 'percentile-rank' || s.method === 'imd-exponential')) {
      throw new LernortError('INDEX_REFERENCE_UNSUPPORTED', `Eine feste Referenzperiode gilt nur für z-Werte und Min–Max, nicht für ${s.method} (Indikator ${name}).`,
        `A fixed reference period applies to z-scores and min–max only, not to ${s.method} (indicator ${name}).`, { location: { field: 'reference' } });
    }
  });
  checkRoles(d);
  checkGroups(d);
  if (d.focusRule) compileFocusRule(d.focusRule, ['status', 'dynamics', 'rank']); // throws FOCUS_RULE_SYNTAX with the column
  if (d.focusRule && !d.dynamics && /dynamics/.test(d.focusRule)) {
    throw new LernortError('INDEX_DEFINITION_INVALID', 'Die Schwerpunktregel nutzt „dynamics“, die Definition hat aber keine Dynamik.',
      'The focus rule uses "dynamics" but the definition has no dynamics.', { location: { field: 'focusRule' } });
  }
  return d;
}

/** Every indicator the definition names directly (roles are bound at run time), each checked to exist. */
async function requireIndicators(q: Queryable, d: IndexDefinition): Promise<void> {
  const needed: [string, string][] = d.indicators.flatMap((i, k): [string, string][] => (i.key !== undefined ? [[i.key, `indicators.${k}.key`]] : []));
  if (d.population) needed.push([d.population, 'population']);
  if (d.exclusions.minPopulation?.indicator) needed.push([d.exclusions.minPopulation.indicator, 'exclusions.minPopulation.indicator']);
  if (d.classification.kind === 'quantiles' && d.classification.weightIndicator) needed.push([d.classification.weightIndicator, 'classification.weightIndicator']);
  if (d.dynamics?.classification.kind === 'quantiles' && d.dynamics.classification.weightIndicator) needed.push([d.dynamics.classification.weightIndicator, 'dynamics.classification.weightIndicator']);
  const known = new Set((await indicators.listIndicators(q)).map((i) => i.key));
  for (const [key, at] of needed) {
    if (!known.has(key)) throw new LernortError('INDEX_INDICATOR_UNKNOWN', `Indikator „${key}“ ist nicht bekannt.`, `Indicator "${key}" is not known.`, { location: { field: at } });
  }
}

const templateDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

/** The shipped templates (MSS, SVI, IMD), validated. */
export function listTemplates(): IndexDefinition[] {
  return fs.readdirSync(templateDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => parseDefinition(JSON.parse(fs.readFileSync(path.join(templateDir, f), 'utf8'))));
}

export interface DefinitionVersion {
  id: number;
  key: string;
  version: number;
  name: string;
  body: IndexDefinition;
  createdBy: string;
  createdAt: string;
}

const toVersion = (r: repo.DefinitionRow): DefinitionVersion => ({
  id: r.id, key: r.key, version: r.version, name: r.name, body: r.body as IndexDefinition, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
});

export async function listDefinitions(q: Queryable): Promise<(DefinitionVersion & { versions: number })[]> {
  return (await repo.latestDefinitions(q)).map((r) => ({ ...toVersion(r), versions: r.versions }));
}

export async function definitionVersions(q: Queryable, key: string): Promise<DefinitionVersion[]> {
  const rows = await repo.definitionVersions(q, key);
  if (rows.length === 0) throw notFound('Indexdefinition / index definition', key);
  return rows.map(toVersion);
}

/** Stores a definition as the next version of its key; an unchanged body returns the latest version. */
export async function saveDefinition(q: Queryable, body: unknown, actor: Actor): Promise<DefinitionVersion & { created: boolean }> {
  const d = parseDefinition(body);
  await requireIndicators(q, d);
  const latest = (await repo.definitionVersions(q, d.key))[0];
  if (latest && stableStringify(latest.body) === stableStringify(d)) return { ...toVersion(latest), created: false };
  return { ...toVersion(await repo.insertDefinition(q, { key: d.key, name: d.name, body: d, createdBy: actor.name })), created: true };
}

// ---------------------------------------------------------------- runs

export interface RunOptions {
  layer: string;
  period: string;
  /** true = the definition's defaults; an object overrides them. */
  sensitivity?: boolean | Partial<SensitivitySettings>;
  /** Role → indicator key, for definitions that name roles. */
  bindings?: Record<string, string>;
}

export interface ComputedRun {
  definition: IndexDefinition;
  layer: string;
  period: string;
  inputHash: string;
  sensitivity: SensitivitySettings | undefined;
  output: ComputeOutput;
}

function sensitivitySettings(d: IndexDefinition, opt: RunOptions['sensitivity']): SensitivitySettings | undefined {
  if (!opt) return undefined;
  const merged = { ...(d.sensitivity ?? {}), ...(opt === true ? {} : opt) };
  const r = sensitivitySettingsSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new LernortError('INDEX_SENSITIVITY_INVALID', `Sensitivitätsoptionen ungültig (${issue.path.join('.')}): ${issue.message}`,
      `Invalid sensitivity options (${issue.path.join('.')}): ${issue.message}`, { location: { field: `sensitivity.${issue.path.join('.')}` } });
  }
  return r.data;
}

/** Values of one indicator in one period, in the order of `areaIds`. */
async function valuesFor(q: Queryable, layer: string, key: string, period: string, areaIds: number[]): Promise<(number | null)[]> {
  const rows = await monitoring.layerValues(q, layer, key, period);
  const byArea = new Map(rows.filter((r) => r.period === period).map((r) => [r.areaId, r.value]));
  return areaIds.map((id) => byArea.get(id) ?? null);
}

/** Computes a definition for a layer and period without storing anything (the CLI uses this). */
export async function computeRun(q: Queryable, definition: IndexDefinition, opts: RunOptions): Promise<ComputedRun> {
  const known = new Set((await indicators.listIndicators(q)).map((i) => i.key));
  const { definition: d, bound } = bindRoles(definition, opts.bindings ?? {}, known);
  await requireIndicators(q, d);
  await areas.requireLayer(q, opts.layer);
  const layerAreas = (await areas.listAreas(q, opts.layer)).map((a) => ({ id: a.id, code: a.code, name: a.name }));
  if (layerAreas.length === 0) throw new LernortError('INDEX_NO_AREAS', `Die Ebene ${opts.layer} hat keine Gebiete.`, `Layer ${opts.layer} has no areas.`, { location: { field: 'layer' } });
  const ids = layerAreas.map((a) => a.id);
  const hashed: [string, string, (number | null)[]][] = [];
  const read = async (key: string, period: string) => {
    const v = await valuesFor(q, opts.layer, key, period, ids);
    hashed.push([key, period, v]);
    return v;
  };
  const readAll = async (period: string) => {
    const out: Record<string, (number | null)[]> = {};
    for (const key of d.indicators.map(keyOf)) out[key] = await read(key, period);
    return out;
  };
  const popKey = d.population ?? d.exclusions.minPopulation?.indicator;
  const values = await readAll(opts.period);
  if (d.indicators.every((ind) => values[keyOf(ind)].every((v) => v === null))) {
    throw new LernortError('INDEX_NO_DATA', `Für ${opts.period} auf der Ebene ${opts.layer} liegen keine Werte der Indikatoren vor.`,
      `No indicator values for ${opts.period} on layer ${opts.layer}.`, { location: { field: 'period' } });
  }
  const population = popKey ? await read(popKey, opts.period) : undefined;
  let previous: Record<string, (number | null)[]> | undefined;
  if (d.dynamics) {
    const base = d.dynamics.basePeriod ?? previousPeriod(opts.period, d.dynamics.periods);
    previous = await readAll(base);
    if (d.indicators.every((ind) => previous![keyOf(ind)].every((v) => v === null))) {
      throw new LernortError('INDEX_DYNAMICS_NO_DATA', `Für die Vergleichsperiode ${base} der Dynamik liegen keine Werte vor.`,
        `No values for the dynamics comparison period ${base}.`, { location: { field: 'dynamics.periods' } });
    }
  }
  let reference: Record<string, (number | null)[]> | undefined;
  let referencePopulation: (number | null)[] | undefined;
  if (d.reference.mode === 'fixed') {
    reference = await readAll(d.reference.period);
    referencePopulation = popKey ? await read(popKey, d.reference.period) : undefined;
  }
  const cw = d.classification.kind === 'quantiles' && d.classification.weightIndicator ? await read(d.classification.weightIndicator, opts.period) : undefined;
  const dcw = d.dynamics?.classification.kind === 'quantiles' && d.dynamics.classification.weightIndicator ? await read(d.dynamics.classification.weightIndicator, opts.period) : undefined;
  const sensitivity = sensitivitySettings(d, opts.sensitivity);

  const output = computeIndex({
    definition: d, areas: layerAreas, values, population, previous, reference, referencePopulation, classWeights: cw, dynamicsClassWeights: dcw, sensitivity,
  });
  // the hash covers everything the result depends on: the definition, the options and every value read
  const inputHash = sha256(stableStringify({
    definition: d, layer: opts.layer, period: opts.period, sensitivity: sensitivity ?? null,
    inputs: hashed.map(([key, period, v]) => [key, period, layerAreas.map((a, i) => [a.code, v[i]])]),
  }));
  if (Object.keys(bound).length) output.params.bindings = bound;
  output.params.periods = { period: opts.period, dynamicsBase: d.dynamics ? d.dynamics.basePeriod ?? previousPeriod(opts.period, d.dynamics.periods) : null, reference: d.reference.mode === 'fixed' ? d.reference.period : null };
  return { definition: d, layer: opts.layer, period: opts.period, inputHash, sensitivity, output };
}

/** One area of a run and the run itself: the API's schemas are the one definition (schema.ts). */
export type RunResult = z.infer<typeof resultSchema>;
export type Run = z.infer<typeof runSchema>;

const fromComputed = (r: ComputedRow, i: number, c: ComponentColumns): RunResult => ({
  areaCode: r.area.code, areaName: r.area.name, score: r.score, rank: r.rank, class: r.class, classLabel: r.classLabel,
  dynamicsScore: r.dynamicsScore, dynamicsClass: r.dynamicsClass, dynamicsClassLabel: r.dynamicsClassLabel, focus: r.focus, excludedReason: r.excludedReason,
  components: componentsOf(c, i), medianRank: r.medianRank, rankP05: r.rankP05, rankP95: r.rankP95, classFlipRate: r.classFlipRate, unstable: r.unstable,
});

/** A computed run as an unsaved Run (CLI output). */
export function computedToRun(c: ComputedRun): Run {
  return {
    id: null, definition: { key: c.definition.key, version: null, name: c.definition.name }, layer: c.layer, period: c.period, inputHash: c.inputHash,
    params: c.output.params, summary: c.output.summary, createdAt: null, createdBy: null, results: c.output.rows.map((r, i) => fromComputed(r, i, c.output.components)),
  };
}

export interface CreateRunRequest extends RunOptions {
  /** Key of a stored definition, or an inline definition body. */
  definition: string | Record<string, unknown>;
  version?: number;
}

async function resolveDefinition(q: Queryable, req: Pick<CreateRunRequest, 'definition' | 'version'>, actor: Actor): Promise<repo.DefinitionRow> {
  if (typeof req.definition !== 'string') {
    const saved = await saveDefinition(q, req.definition, actor);
    return (await repo.definitionById(q, saved.id))!;
  }
  const versions = await repo.definitionVersions(q, req.definition);
  const row = req.version === undefined ? versions[0] : versions.find((v) => v.version === req.version);
  if (!row) throw notFound('Indexdefinition / index definition', req.version === undefined ? req.definition : `${req.definition} v${req.version}`);
  return row;
}

async function storeRun(db: Database, def: repo.DefinitionRow, c: ComputedRun, actor: Actor): Promise<number> {
  return withTransaction(db, async (client) => {
    const run = await repo.insertRun(client, {
      definitionId: def.id, layerKey: c.layer, period: c.period, inputHash: c.inputHash,
      params: { ...c.output.params, sensitivityOptions: c.sensitivity ?? null }, summary: c.output.summary, createdBy: actor.name,
    });
    await repo.insertResults(client, run.id, c.output.rows.map((r, i) => ({
      area_id: r.area.id, score: r.score, rank: r.rank, class: r.class, dynamics_score: r.dynamicsScore, dynamics_class: r.dynamicsClass,
      focus: r.focus, excluded_reason: r.excludedReason, components: componentsOf(c.output.components, i),
      median_rank: r.medianRank, rank_p05: r.rankP05, rank_p95: r.rankP95, class_flip_rate: r.classFlipRate,
    })));
    return run.id;
  });
}

/** Computes a run and stores it with the definition version and the hash of its inputs. */
export async function createRun(db: Database, req: CreateRunRequest, actor: Actor): Promise<Run> {
  const def = await resolveDefinition(db.pool, req, actor);
  const c = await computeRun(db.pool, parseDefinition(def.body), req);
  return getRun(db.pool, await storeRun(db, def, c, actor));
}

export async function getRun(q: Queryable, id: number): Promise<Run> {
  const run = await repo.runById(q, id);
  if (!run) throw notFound('Indexlauf / index run', String(id));
  const def = (await repo.definitionById(q, run.definition_id))!;
  const body = def.body as IndexDefinition;
  const names = new Map((await areas.listAreas(q, run.layer_key)).map((a) => [a.id, a]));
  const summary = run.summary as { classLabels?: string[] | null; dynamicsClassLabels?: string[] | null };
  const flipThreshold = ((run.params as { sensitivityOptions?: { flipThreshold?: number } | null }).sensitivityOptions?.flipThreshold) ?? null;
  const results = (await repo.resultsOf(q, id)).map((r): RunResult => {
    const a = names.get(r.area_id);
    return {
      areaCode: a?.code ?? `#${r.area_id}`, areaName: a?.name ?? '', score: r.score, rank: r.rank, class: r.class,
      classLabel: r.class !== null ? summary.classLabels?.[r.class - 1] ?? null : null,
      dynamicsScore: r.dynamics_score, dynamicsClass: r.dynamics_class,
      dynamicsClassLabel: r.dynamics_class !== null ? summary.dynamicsClassLabels?.[r.dynamics_class - 1] ?? null : null,
      focus: r.focus, excludedReason: r.excluded_reason, components: r.components as Record<string, ComponentValue>, medianRank: r.median_rank, rankP05: r.rank_p05, rankP95: r.rank_p95,
      classFlipRate: r.class_flip_rate, unstable: flipThreshold !== null && r.class_flip_rate !== null && r.class_flip_rate > flipThreshold,
    };
  }).sort((x, y) => (x.areaCode < y.areaCode ? -1 : x.areaCode > y.areaCode ? 1 : 0));
  return {
    id: run.id, definition: { key: def.key, version: def.version, name: body.name ?? def.name }, layer: run.layer_key, period: run.period, inputHash: run.input_hash,
    params: run.params, summary: run.summary, createdAt: run.created_at.toISOString(), createdBy: run.created_by, results,
  };
}

export async function listRuns(q: Queryable, limit = 100) {
  return (await repo.listRuns(q, limit)).map((r) => ({
    id: r.id, definition: { key: r.key, version: r.version, name: r.name }, layer: r.layer_key, period: r.period, inputHash: r.input_hash,
    summary: r.summary, createdAt: r.created_at.toISOString(), createdBy: r.created_by,
  }));
}

/**
 * Recomputes a stored run with the same definition version, layer, period and sensitivity options
 * and stores it as a new run; sameInputs says whether the data it read are unchanged.
 */
export async function reproduceRun(db: Database, id: number, actor: Actor): Promise<{ run: Run; sameInputs: boolean; identical: boolean }> {
  const old = await getRun(db.pool, id);
  const runRow = (await repo.runById(db.pool, id))!;
  const def = (await repo.definitionById(db.pool, runRow.definition_id))!;
  const stored = runRow.params as { sensitivityOptions?: SensitivitySettings | null; bindings?: Record<string, string> };
  const sens = stored.sensitivityOptions ?? undefined;
  const c = await computeRun(db.pool, parseDefinition(def.body), { layer: old.layer, period: old.period, sensitivity: sens ?? false, bindings: stored.bindings ?? {} });
  const run = await getRun(db.pool, await storeRun(db, def, c, actor));
  const key = (r: RunResult) => JSON.stringify([r.areaCode, r.score, r.rank, r.class, r.dynamicsScore, r.dynamicsClass, r.focus, r.excludedReason, r.medianRank]);
  const identical = old.results.length === run.results.length && old.results.every((r, i) => key(r) === key(run.results[i]));
  return { run, sameInputs: old.inputHash === run.inputHash, identical };
}

export type Comparison = z.infer<typeof comparisonSchema>;

/** Compares two runs area by area (class up = more need in b). */
export async function compareRuns(q: Queryable, idA: number, idB: number): Promise<Comparison> {
  const [a, b] = [await getRun(q, idA), await getRun(q, idB)];
  if (a.layer !== b.layer) {
    throw new LernortError('INDEX_COMPARE_LAYERS', `Läufe auf verschiedenen Ebenen (${a.layer}, ${b.layer}) lassen sich nicht gebietsweise vergleichen.`,
      `Runs on different layers (${a.layer}, ${b.layer}) cannot be compared area by area.`);
  }
  const byCode = new Map(b.results.map((r) => [r.areaCode, r]));
  const counts = new Map<string, { from: number | null; to: number | null; count: number }>();
  const rows: Comparison['areas'] = [];
  for (const ra of a.results) {
    const rb = byCode.get(ra.areaCode);
    const from = ra.class, to = rb?.class ?? null;
    const k = `${from}|${to}`;
    const t = counts.get(k) ?? { from, to, count: 0 };
    t.count++;
    counts.set(k, t);
    rows.push({
      areaCode: ra.areaCode, areaName: ra.areaName, classA: from, classB: to, rankA: ra.rank, rankB: rb?.rank ?? null, scoreA: ra.score, scoreB: rb?.score ?? null,
      focusA: ra.focus, focusB: rb?.focus ?? false, change: from !== null && to !== null ? (to > from ? 'up' : to < from ? 'down' : 'same') : from === to ? 'same' : to === null ? 'down' : 'up',
    });
  }
  const order = (x: number | null) => (x === null ? -1 : x);
  return {
    a: { id: idA, definition: a.definition, layer: a.layer, period: a.period },
    b: { id: idB, definition: b.definition, layer: b.layer, period: b.period },
    transitions: [...counts.values()].sort((x, y) => order(x.from) - order(y.from) || order(x.to) - order(y.to)),
    areas: rows,
  };
}

export { EXPORT_COLUMNS, exportRows, exportRun } from './export.ts';

export { uncertainty, inequality, type UncertaintyRow, type InequalityPoint } from './uncertainty-and-inequality.ts';

// ---------------------------------------------------------------- focus areas

export interface FocusArea {
  id: number;
  layer: string;
  areaCode: string;
  areaName: string;
  validFrom: string;
  validTo: string | null;
  reason: string;
  decisionRef: string | null;
  sourceRunId: number | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

async function focusToApi(q: Queryable, rows: repo.FocusRow[]): Promise<FocusArea[]> {
  const all = new Map((await areas.listAreas(q)).map((a) => [a.id, a]));
  return rows.map((r) => {
    const a = all.get(r.area_id);
    return {
      id: r.id, layer: a?.layer_key ?? '', areaCode: a?.code ?? `#${r.area_id}`, areaName: a?.name ?? '', validFrom: r.valid_from, validTo: r.valid_to,
      reason: r.reason, decisionRef: r.decision_ref, sourceRunId: r.source_run_id, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
      revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    };
  });
}

/** Designates focus areas from a run's rule (every area it flags) or by hand (layer + codes). */
export async function designateFocusAreas(db: Database, req: FocusAreaRequest, actor: Actor): Promise<FocusArea[]> {
  if (req.validTo && req.validTo < req.validFrom) {
    throw new LernortError('FOCUS_VALIDITY_INVALID', 'Das Ende der Gültigkeit liegt vor ihrem Beginn.', 'The end of validity lies before its start.', { location: { field: 'validTo' } });
  }
  let areaIds: number[];
  let sourceRunId: number | null = null;
  if ('runId' in req) {
    const run = await repo.runById(db.pool, req.runId);
    if (!run) throw notFound('Indexlauf / index run', String(req.runId));
    areaIds = (await repo.resultsOf(db.pool, req.runId)).filter((r) => r.focus).map((r) => r.area_id);
    if (areaIds.length === 0) {
      throw new LernortError('FOCUS_NONE_IN_RUN', `Lauf ${req.runId} weist keine Schwerpunktgebiete aus (keine Regel oder kein Gebiet erfüllt sie).`,
        `Run ${req.runId} flags no focus areas (no rule, or no area meets it).`, { location: { field: 'runId' } });
    }
    sourceRunId = req.runId;
  } else {
    areaIds = [];
    for (const code of new Set(req.codes)) areaIds.push((await areas.requireArea(db.pool, req.layer, code)).id);
  }
  const rows = await withTransaction(db, (c) => repo.insertFocusAreas(c, {
    areaIds, validFrom: req.validFrom, validTo: req.validTo ?? null, reason: req.reason, decisionRef: req.decisionRef ?? null, sourceRunId, createdBy: actor.name,
  }));
  return focusToApi(db.pool, rows);
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }); // YYYY-MM-DD

export async function listFocusAreas(q: Queryable, o: { layer?: string; at?: string | null; includeRevoked?: boolean } = {}): Promise<FocusArea[]> {
  const at = o.at === undefined ? today() : o.at;
  const rows = await focusToApi(q, await repo.listFocusAreas(q, at, o.includeRevoked ?? false));
  return o.layer ? rows.filter((r) => r.layer === o.layer) : rows;
}

/** Focus areas in force today (not revoked, within their validity), for the goals and budget modules. */
export function currentFocusAreas(q: Queryable, layerKey?: string): Promise<FocusArea[]> {
  return listFocusAreas(q, { layer: layerKey });
}

export async function revokeFocusArea(q: Queryable, id: number): Promise<FocusArea> {
  const row = await repo.revokeFocusArea(q, id);
  if (!row) throw notFound('Schwerpunktgebiet / focus area', String(id));
  return (await focusToApi(q, [row]))[0];
}

// ---------------------------------------------------------------- helpers

export function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** JSON with sorted object keys, so equal content always gives the same text (and hash). */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(',')}}`;
}

/** Index results and focus areas that refer to the given areas (undo of an area import, issue 17 §3). */
export const referencesToAreas = (q: Queryable, areaIds: number[]) => repo.referencesToAreas(q, areaIds);
