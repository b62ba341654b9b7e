// Runs a recipe: every file it names is read and validated first, then everything is written in ONE
// transaction (layers, areas, groupings, indicators, observations). Re-running gives the same
// result and a new import record. A rejected file rolls the whole recipe back.
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Database } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, type Problem } from '../../core/errors.ts';
import { projectRoot } from '../../config.ts';
import type { AreaFeatureRecord, ObservationRecord, ReadResult } from '../../io/types.ts';
import { readObservationFile, readAreaFile, readTextTable } from '../../io/formats.ts';
import * as areas from '../areas/service.ts';
import * as indicators from '../indicators/service.ts';
import * as imports from '../imports/service.ts';
import * as observations from '../observations/service.ts';
import * as system from '../system/service.ts';
import * as monitoring from '../monitoring/service.ts';
import * as audit from '../audit/service.ts';
import * as facilities from '../facilities/service.ts';
import * as publication from '../publication/service.ts';
import { recipeSchema, type Recipe, type RecipeStep } from './schema.ts';

export const recipesDir = path.join(projectRoot, 'recipes');

export interface RecipeReport {
  recipe: string;
  status: 'committed' | 'rejected' | 'dry_run';
  importId: number | null;
  steps: { step: number; type: string; file?: string; layer?: string; status: string; rows?: number; areas?: number; report?: imports.ImportReport }[];
  errors: Problem[];
  warnings: Problem[];
  consistency: monitoring.ConsistencyRow[];
}

export function listRecipes(): string[] {
  if (!fs.existsSync(recipesDir)) return [];
  return fs.readdirSync(recipesDir).filter((d) => fs.existsSync(path.join(recipesDir, d, 'recipe.json'))).sort();
}

/** Loads a recipe by key (recipes/<key>/recipe.json) or by path to a recipe.json. */
export function loadRecipe(keyOrPath: string): { recipe: Recipe; file: string } {
  const file = keyOrPath.endsWith('.json') ? path.resolve(keyOrPath) : path.join(recipesDir, keyOrPath, 'recipe.json');
  if (!fs.existsSync(file)) {
    throw new LernortError('RECIPE_NOT_FOUND', `Rezept „${keyOrPath}“ nicht gefunden (verfügbar: ${listRecipes().join(', ')}).`, `Recipe "${keyOrPath}" not found (available: ${listRecipes().join(', ')}).`, { status: 404 });
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LernortError('RECIPE_INVALID', `Rezept ${file} ist kein gültiges JSON: ${(err as Error).message}`, `Recipe ${file} is not valid JSON: ${(err as Error).message}`, { location: { file } });
  }
  const parsed = recipeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LernortError('RECIPE_INVALID', `Rezept ungültig bei ${issue.path.join('.')}: ${issue.message}`, `Recipe invalid at ${issue.path.join('.')}: ${issue.message}`, { location: { file, field: issue.path.join('.') } });
  }
  return { recipe: parsed.data, file };
}

type Prepared =
  | { step: RecipeStep & { type: 'areas' }; file: string; bytes: Buffer; read: ReadResult<AreaFeatureRecord> }
  | { step: RecipeStep & { type: 'grouping' }; file: string; bytes: Buffer; rows: { line: number; cells: Record<string, string> }[] }
  | { step: RecipeStep & { type: 'observations' }; file: string; bytes: Buffer; read: ReadResult<ObservationRecord> }
  | { step: RecipeStep & { type: 'facilities' }; file: string; bytes: Buffer }
  | { step: RecipeStep & { type: 'dissolve' | 'derived' } };

export interface RunOptions {
  dataRoot: string;
  actor: imports.Actor;
  dryRun?: boolean;
  /** The deployment's region for the coordinate check (config expectedRegion); default Germany. */
  expectedBounds?: [number, number, number, number] | null;
  onProgress?: (label: string, done: number, total: number) => void;
}

export async function runRecipe(db: Database, recipe: Recipe, opts: RunOptions): Promise<RecipeReport> {
  const base = path.join(opts.dataRoot, recipe.dataDir);
  const report: RecipeReport = { recipe: recipe.key, status: 'committed', importId: null, steps: [], errors: [], warnings: [], consistency: [] };
  const srid = areas.sridOf(recipe.city.projectedCrs);
  const total = recipe.steps.length * 2;
  let done = 0;
  const tick = (label: string) => opts.onProgress?.(label, ++done, total);

  // 1. Read and validate every file before touching the database.
  const prepared: Prepared[] = [];
  for (const step of recipe.steps) {
    if (step.type === 'dissolve' || step.type === 'derived') {
      prepared.push({ step });
      tick(step.type);
      continue;
    }
    const file = path.join(base, step.file);
    if (!fs.existsSync(file)) {
      report.errors.push({ code: 'FILE_NOT_FOUND', de: `Datei fehlt: ${file}`, en: `File missing: ${file}`, file: step.file });
      continue;
    }
    const bytes = fs.readFileSync(file);
    if (step.type === 'areas') {
      const read = readAreaFile(bytes, step.file, { format: step.format, codeProperty: step.code, nameProperty: step.name, sourceCrs: step.sourceCrs, swapAxes: step.swapAxes, namePattern: step.namePattern, expectedBounds: opts.expectedBounds });
      report.errors.push(...read.errors);
      report.warnings.push(...read.warnings);
      prepared.push({ step, file: step.file, bytes, read });
    } else if (step.type === 'facilities') {
      // Read and validated inside the transaction by the facilities module (it reports per row).
      prepared.push({ step, file: step.file, bytes });
    } else if (step.type === 'grouping') {
      const table = readTextTable(bytes, step.file);
      report.errors.push(...table.errors);
      prepared.push({ step, file: step.file, bytes, rows: table.rows });
    } else {
      const read = readObservationFile(bytes, step.file, {
        format: step.format, layer: step.layer, indicators: step.indicators, indicator: step.indicator, ignore: step.ignore, table: step.table, decimal: step.decimal,
      });
      prepared.push({ step, file: step.file, bytes, read });
    }
    tick(`read ${step.file}`);
  }
  if (report.errors.length > 0) return reject(db, recipe, opts, report);

  // 2. Write everything in one transaction.
  try {
    await withTransaction(db, async (client) => {
      const recipeImportId = await imports.createImportRecord(client, { userId: opts.actor.userId, actor: opts.actor.name, kind: 'recipe', fileName: `recipes/${recipe.key}/recipe.json`, fileHash: imports.sha256(JSON.stringify(recipe)), recipe: recipe.key, dryRun: !!opts.dryRun });
      report.importId = recipeImportId;
      for (const l of recipe.layers) {
        await areas.upsertLayer(client, { key: l.key, nameDe: l.name, nameEn: l.nameEn, kind: l.kind, parentKey: l.parent, memberKey: l.members, sort: l.sort });
      }
      for (const m of recipe.indicators) await indicators.saveIndicator(client, m);

      for (const [i, p] of prepared.entries()) {
        const entry = await runStep(db, client, recipe, p, srid, recipeImportId, opts);
        report.steps.push({ step: i + 1, ...entry });
        if (entry.report) report.warnings.push(...entry.report.warnings.slice(0, 50));
        if (entry.status === 'rejected') {
          report.errors.push(...(entry.report?.errors ?? []));
          throw new imports.ImportRejected(entry.report!);
        }
        tick(`${p.step.type} ${'file' in p ? p.file : ''}`);
      }

      // The areas changed: the listeners (facilities follow their areas) act in this transaction.
      await system.events.emit(client, 'areas.changed', { layers: recipe.layers.map((l) => l.key) });
      report.consistency = await consistencyWarnings(client, recipe, report);
      for (const entry of recipe.publish) {
        const keys = entry.indicators === '*' ? recipe.indicators.map((m) => m.key) : entry.indicators;
        for (const indicator of keys) {
          for (const period of entry.periods ?? ['*']) await publication.publish(client, { indicator, layers: entry.layers, period }, `recipe:${recipe.key}`);
        }
      }
      await system.setDataset(client, { recipe: recipe.key, city: recipe.city.name, synthetic: recipe.synthetic, loadedAt: new Date().toISOString(), sources: recipe.sources, defaultIndicator: recipe.defaultIndicator, relations: recipe.relations });
      const rowsWritten = report.steps.reduce((s, x) => s + (x.rows ?? 0), 0);
      await imports.finishImportRecord(client, recipeImportId, {
        status: opts.dryRun ? 'dry_run' : 'committed', rowsRead: rowsWritten, rowsWritten, rowsRejected: 0, warnings: report.warnings, errors: [],
        report: { steps: report.steps.map(({ report: r, ...s }) => ({ ...s, importId: r?.id ?? null })), consistency: report.consistency.filter((c) => c.status !== 'equal') },
      });
      await audit.record(client, { actor: { id: opts.actor.userId, name: opts.actor.name }, action: opts.dryRun ? 'recipe-dry-run' : 'recipe', entity: 'recipe', entityId: recipe.key, after: { importId: recipeImportId, steps: report.steps.length, rows: rowsWritten } });
      if (opts.dryRun) {
        report.status = 'dry_run';
        throw new DryRunDone();
      }
    });
  } catch (err) {
    if (err instanceof DryRunDone) return report;
    if (err instanceof imports.ImportRejected) return reject(db, recipe, opts, report);
    throw err;
  }
  return report;
}

class DryRunDone extends Error {}

async function reject(db: Database, recipe: Recipe, opts: RunOptions, report: RecipeReport): Promise<RecipeReport> {
  report.status = 'rejected';
  report.importId = await imports.recordOutcome(db, { file: `recipes/${recipe.key}/recipe.json`, actor: opts.actor, recipe: recipe.key, dryRun: opts.dryRun }, imports.sha256(JSON.stringify(recipe)), {
    id: null, status: 'rejected', file: `recipes/${recipe.key}/recipe.json`, fileHash: '', format: 'recipe', rowsRead: 0, rowsWritten: 0, rowsRejected: 0,
    errors: report.errors, warnings: report.warnings, unmatched: report.steps.flatMap((s) => s.report?.unmatched ?? []), mapped: [], indicators: [], periods: [], areas: 0,
  }, 'recipe');
  return report;
}

async function runStep(db: Database, client: pg.PoolClient, recipe: Recipe, p: Prepared, srid: number, importId: number, opts: RunOptions): Promise<Omit<RecipeReport['steps'][number], 'step'>> {
  const step = p.step;
  if (step.type === 'areas' && 'read' in p) {
    const layerId = await layerIdOf(client, step.layer);
    const records = p.read.records as AreaFeatureRecord[];
    await areas.upsertAreas(client, layerId, srid, records.map((r) => ({ code: r.code, name: r.name, geometry: JSON.stringify(r.geometry), importId })));
    const layer = recipe.layers.find((l) => l.key === step.layer);
    if (layer?.parent && step.parentCode) {
      const parentLayerId = await layerIdOf(client, layer.parent);
      const pairs = records.map((r) => ({ code: r.code, parentCode: deriveCode(r.properties, step.parentCode!) }));
      const orphans = await areas.setParents(client, layerId, parentLayerId, pairs);
      if (orphans.length > 0) {
        const problem = { code: 'AREA_PARENT_UNKNOWN', de: `Übergeordnetes Gebiet fehlt für: ${orphans.join(', ')}`, en: `Parent area missing for: ${orphans.join(', ')}`, file: step.file };
        return { type: step.type, file: step.file, layer: step.layer, status: 'rejected', report: rejectedReport(step.file, [problem]) };
      }
    }
    return { type: step.type, file: step.file, layer: step.layer, status: 'committed', areas: records.length };
  }
  if (step.type === 'dissolve') {
    const layerId = await layerIdOf(client, step.layer);
    const fromId = await layerIdOf(client, step.from);
    await areas.upsertAreas(client, layerId, srid, [{ code: step.code, name: step.name, geometry: null, importId }]);
    const area = (await areas.listAreas(client, step.layer)).find((a) => a.code === step.code)!;
    await areas.setGeometryFromLayer(client, area.id, fromId, srid);
    await areas.setParentForLayer(client, fromId, area.id);
    return { type: step.type, layer: step.layer, status: 'committed', areas: 1 };
  }
  if (step.type === 'grouping' && 'rows' in p) {
    const layer = recipe.layers.find((l) => l.key === step.layer);
    const memberLayer = layer?.members;
    if (!memberLayer) throw new LernortError('RECIPE_INVALID', `Ebene ${step.layer} braucht „members“.`, `Layer ${step.layer} needs "members".`);
    const layerId = await layerIdOf(client, step.layer);
    const members = new Map((await areas.listAreas(client, memberLayer)).map((a) => [a.code, a.id]));
    const groups = new Map<string, { name: string; memberIds: number[] }>();
    const problems: Problem[] = [];
    for (const row of p.rows) {
      const code = row.cells[step.groupCode]?.trim();
      const name = row.cells[step.groupName]?.trim();
      const memberCode = row.cells[step.memberCode]?.trim();
      const memberId = members.get(memberCode ?? '');
      if (!code || !name || memberId === undefined) {
        problems.push({ code: 'GROUPING_MEMBER_UNKNOWN', de: `Mitglied „${memberCode}“ gibt es in ${memberLayer} nicht.`, en: `Member "${memberCode}" does not exist in ${memberLayer}.`, file: step.file, line: row.line, field: step.memberCode, value: memberCode });
        continue;
      }
      if (!groups.has(code)) groups.set(code, { name, memberIds: [] });
      groups.get(code)!.memberIds.push(memberId);
    }
    if (problems.length > 0) return { type: step.type, file: step.file, layer: step.layer, status: 'rejected', report: rejectedReport(step.file, problems) };
    await areas.upsertAreas(client, layerId, srid, [...groups].map(([code, g]) => ({ code, name: g.name, geometry: null, importId })));
    const ids: number[] = [];
    for (const a of await areas.listAreas(client, step.layer)) {
      const g = groups.get(a.code);
      if (!g) continue;
      await areas.replaceMembers(client, a.id, g.memberIds);
      ids.push(a.id);
    }
    await areas.setGeometryFromMembers(client, ids, srid);
    return { type: step.type, file: step.file, layer: step.layer, status: 'committed', areas: groups.size };
  }
  if (step.type === 'observations' && 'read' in p) {
    const r = await imports.importObservations(db, {
      file: step.file, bytes: p.bytes, format: step.format, read: p.read as ReadResult<ObservationRecord>, actor: opts.actor, dryRun: false,
      recipe: recipe.key, client, resolve: { layer: step.layer, nameMapping: step.nameMapping },
    }).catch((err: unknown) => {
      if (err instanceof imports.ImportRejected) return err.report;
      throw err;
    });
    return { type: step.type, file: step.file, status: r.status, rows: r.rowsWritten, report: r };
  }
  if (step.type === 'facilities' && 'bytes' in p) {
    return facilities.importFacilitiesStep(client, step, { base: '', importId, actor: opts.actor, recipe: recipe.key, bytes: p.bytes });
  }
  if (step.type === 'derived') {
    const { written: rows } = await observations.writeRatio(client, { indicator: step.indicator, numerator: step.numerator, denominator: step.denominator, scale: step.scale, importId });
    return { type: step.type, status: 'committed', rows };
  }
  throw new Error(`unhandled recipe step ${step.type}`);
}

function rejectedReport(file: string, errors: Problem[]): imports.ImportReport {
  return { id: null, status: 'rejected', file, fileHash: '', format: 'recipe-step', rowsRead: 0, rowsWritten: 0, rowsRejected: 0, errors, warnings: [], unmatched: [], mapped: [], indicators: [], periods: [], areas: 0 };
}

function deriveCode(props: Record<string, unknown>, spec: { field: string; slice?: [number, number]; pattern?: string }): string {
  let v = String(props[spec.field] ?? '').trim();
  if (spec.pattern) v = new RegExp(spec.pattern).exec(v)?.[1] ?? '';
  if (spec.slice) v = v.slice(spec.slice[0], spec.slice[1]);
  return v;
}

async function layerIdOf(client: pg.PoolClient, key: string): Promise<number> {
  return (await areas.requireLayer(client, key)).id;
}

/** Published parent totals against the sum of their parts, for every count indicator of the recipe. */
async function consistencyWarnings(client: pg.PoolClient, recipe: Recipe, report: RecipeReport): Promise<monitoring.ConsistencyRow[]> {
  const rows: monitoring.ConsistencyRow[] = [];
  for (const m of recipe.indicators.filter((i) => i.kind === 'count')) {
    const result = await monitoring.consistencyReport(client, m.key, null);
    rows.push(...result);
    for (const d of result.filter((r) => r.status === 'incomplete')) {
      report.warnings.push({
        code: 'CONSISTENCY_INCOMPLETE',
        de: `${d.parentName} (${d.parentLayer}) ${m.key} ${d.period}: veröffentlicht ${d.published}, ${d.note.de}`,
        en: `${d.parentName} (${d.parentLayer}) ${m.key} ${d.period}: published ${d.published}, ${d.note.en}`,
        field: m.key,
        value: String(d.difference),
      });
    }
    for (const d of result.filter((r) => r.status === 'different')) {
      report.warnings.push({
        code: 'CONSISTENCY_DIFFERENCE',
        de: `${d.parentName} (${d.parentLayer}) ${m.key} ${d.period}: veröffentlicht ${d.published}, Summe der ${d.children} Teilgebiete (${d.childLayer}) ${d.sumOfChildren}; Differenz ${d.difference} (keinem Teilgebiet zugeordnet).`,
        en: `${d.parentName} (${d.parentLayer}) ${m.key} ${d.period}: published ${d.published}, sum of its ${d.children} parts (${d.childLayer}) ${d.sumOfChildren}; difference ${d.difference} (not assigned to any part).`,
        field: m.key,
        value: String(d.difference),
      });
    }
  }
  return rows;
}
