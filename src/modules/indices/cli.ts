// `lernort index …` — the CLI contract of the index module (documented in docs/index-definition.md):
//
//   lernort index run (--definition FILE.json | --template KEY) --layer KEY --period P
//                     [--bind role=indicator …] [--format csv|json] [--precision rounded|full]
//                     [--sensitivity] [--draws N] [--save]
//   lernort index roles (--definition FILE.json | --template KEY)   roles to bind, with descriptions
//   lernort index templates            the shipped templates as JSON
//   lernort index schema               the JSON Schema of a definition file
//
// Output goes to stdout, one record per area: code, name, score, rank, class, class_label,
// dynamics_score, dynamics_class, dynamics_class_label, focus, excluded_reason (+ rank interval and
// flip rate with --sensitivity), then the published component columns (CDC SVI: EP_*, EPL_*,
// SPL_THEMEn, RPL_THEMEn, SPL_THEMES, RPL_THEMES, F_*). Scores are rounded to the definition's
// decimals unless --precision full. CSV is the international dialect without BOM, for programs.
// Exit codes: 0 ok, 1 usage, 2 invalid definition or data (also: unbound roles), 3 internal error.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { LernortError } from '../../core/errors.ts';
import { reportFailure, UsageError } from '../../cli-errors.ts';
import * as service from './service.ts';
import { definitionJsonSchema, type IndexDefinition } from './schema.ts';
import { listRoles, OMIT, type RoleUse } from './roles.ts';
import type { Precision } from './export.ts';

const USAGE = `Verwendung / usage:
  lernort index run (--definition FILE.json | --template KEY) --layer KEY --period P [--bind role=indicator …]
                    [--format csv|json] [--precision rounded|full] [--sensitivity] [--draws N] [--save]
  lernort index roles (--definition FILE.json | --template KEY)
  lernort index templates
  lernort index schema`;

export async function run(argv: string[], config: Config): Promise<number> {
  try {
    return await main(argv, config);
  } catch (err) {
    return reportFailure(err, USAGE);
  }
}

async function main(argv: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      definition: { type: 'string' },
      template: { type: 'string' },
      bind: { type: 'string', multiple: true },
      precision: { type: 'string', default: 'rounded' },
      layer: { type: 'string' },
      period: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      sensitivity: { type: 'boolean', default: false },
      draws: { type: 'string' },
      save: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (sub === 'templates') {
    process.stdout.write(`${JSON.stringify(service.listTemplates(), null, 2)}\n`);
    return 0;
  }
  if (sub === 'schema') {
    process.stdout.write(`${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (sub === 'roles') {
    const { definition } = readDefinition(values);
    process.stdout.write(formatRoles(listRoles(definition)));
    return 0;
  }
  if (sub !== 'run') throw new UsageError(sub ? `Unbekannter Unterbefehl / unknown subcommand: ${sub}` : 'Unterbefehl fehlt / subcommand missing');
  if ((!values.definition && !values.template) || !values.layer || !values.period) throw new UsageError('--definition (oder/or --template), --layer und/and --period sind nötig / are required');
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(`--format csv|json, nicht / not ${values.format}`);
  if (values.precision !== 'rounded' && values.precision !== 'full') throw new UsageError(`--precision rounded|full, nicht / not ${values.precision}`);
  const precision: Precision = values.precision;
  const bindings = parseBindings(values.bind ?? []);
  let draws: number | undefined;
  if (values.draws !== undefined) {
    draws = Number(values.draws);
    if (!Number.isInteger(draws) || draws < 10) throw new UsageError(`--draws: ganze Zahl ≥ 10 / integer ≥ 10: ${values.draws}`);
  }

  // Read and validate the file before touching the database: a bad definition fails fast.
  const { definition, body } = readDefinition(values);
  const sensitivity = values.sensitivity || draws !== undefined ? (draws !== undefined ? { draws } : true) : undefined;

  const { openAndMigrate, loadInitialData } = await import('../../main.ts');
  const system = await import('../system/service.ts');
  const db = await openAndMigrate(config);
  try {
    if (!(await system.getDataset(db.pool))) {
      process.stderr.write('Datenbank leer: lade Startdaten … / database empty: loading initial data …\n');
      const report = await loadInitialData(db, config);
      if (report && report.status !== 'committed') {
        throw new LernortError('INITIAL_DATA_FAILED', 'Startdaten konnten nicht geladen werden.', 'Initial data could not be loaded.', { status: 422 });
      }
    }
    let out: service.Run;
    if (values.save) {
      out = await service.createRun(db, { definition: body as Record<string, unknown>, layer: values.layer, period: values.period, sensitivity, bindings }, { name: `cli:${process.env.USER ?? 'unknown'}` });
    } else {
      out = service.computedToRun(await service.computeRun(db.pool, definition, { layer: values.layer, period: values.period, sensitivity, bindings }));
    }
    const s = out.summary as { rated?: number; excluded?: number; focus?: number };
    const bound = (out.params as { bindings?: Record<string, string> }).bindings;
    if (bound) process.stderr.write(`Rollen / roles: ${Object.entries(bound).map(([role, key]) => `${role}=${key}`).join(', ')}\n`);
    process.stderr.write(`${out.definition.name}${out.id ? ` (Lauf/run ${out.id})` : ''}: ${values.layer} ${values.period}, bewertet/rated ${s.rated}, nicht bewertet/not rated ${s.excluded}, Schwerpunkt/focus ${s.focus}; SHA-256 ${out.inputHash}\n`);
    if (values.format === 'json') process.stdout.write(`${JSON.stringify(service.exportRows(out, precision), null, 2)}\n`);
    else process.stdout.write(service.exportRun(out, 'csv-intl', precision).replace(/^\uFEFF/, ''));
    return 0;
  } finally {
    await db.close();
  }
}

/** `--definition FILE` or `--template KEY`, parsed and validated. */
function readDefinition(values: { definition?: string; template?: string }): { definition: IndexDefinition; body: unknown } {
  if (values.template !== undefined) {
    const t = service.listTemplates().find((x) => x.key === values.template);
    if (!t) {
      const keys = service.listTemplates().map((x) => x.key).join(', ');
      throw new LernortError('INDEX_TEMPLATE_UNKNOWN', `Vorlage „${values.template}“ gibt es nicht (Vorlagen: ${keys}).`, `Template "${values.template}" does not exist (templates: ${keys}).`, { location: { field: 'template' } });
    }
    return { definition: t, body: t };
  }
  if (values.definition === undefined) throw new UsageError('--definition FILE.json oder/or --template KEY');
  let body: unknown;
  try {
    body = JSON.parse(fs.readFileSync(values.definition, 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LernortError(missing ? 'INDEX_DEFINITION_FILE' : 'INDEX_DEFINITION_JSON',
      missing ? `Datei nicht gefunden: ${values.definition}` : `Die Definition ist kein gültiges JSON: ${(err as Error).message}`,
      missing ? `File not found: ${values.definition}` : `The definition is not valid JSON: ${(err as Error).message}`, { location: { file: values.definition } });
  }
  return { definition: service.parseDefinition(body), body };
}

/** `--bind role=key` (repeatable; `role=-` leaves the role out). */
export function parseBindings(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const m = /^([a-z0-9_]+)=([a-z0-9_]+|-)$/.exec(a.trim());
    if (!m) throw new UsageError(`--bind rolle=indikator (oder rolle=${OMIT} zum Weglassen) / --bind role=indicator (or role=${OMIT} to leave it out): ${a}`);
    if (m[1] in out && out[m[1]] !== m[2]) throw new UsageError(`--bind ${m[1]} zweimal verschieden gebunden / bound twice to different indicators`);
    out[m[1]] = m[2];
  }
  return out;
}

/** The roles of a definition as a readable table: role, default, description (de / en), uses. */
export function formatRoles(roles: RoleUse[]): string {
  if (roles.length === 0) return 'Keine Rollen: die Definition nennt ihre Indikatoren direkt. / No roles: the definition names its indicators directly.\n';
  const lines = roles.map((r) => [
    `${r.role}${r.default ? ` (Vorgabe/default: ${r.default})` : ''}${r.optional ? ' – optional' : ''}${r.usedBy.length ? '' : ' – ungenutzt/unused'}`,
    `    ${r.description}${r.descriptionEn ? ` / ${r.descriptionEn}` : ''}`,
  ].join('\n'));
  return `Rollen / roles (binden mit / bind with --bind rolle=indikator):\n${lines.join('\n')}\n`;
}
