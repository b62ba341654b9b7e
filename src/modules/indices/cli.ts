// `lernort index …` — the CLI contract of the index module (documented in docs/index-definition.md):
//
//   lernort index run --definition FILE.json --layer KEY --period P [--format csv|json]
//                     [--sensitivity] [--draws N] [--save]
//   lernort index templates            the shipped templates as JSON
//   lernort index schema               the JSON Schema of a definition file
//
// Output goes to stdout, one record per area: code, name, score, rank, class, class_label,
// dynamics_score, dynamics_class, dynamics_class_label, focus, excluded_reason (+ rank interval and
// flip rate with --sensitivity). CSV is the international dialect without BOM, for programs.
// Exit codes: 0 ok, 1 usage, 2 invalid definition or data, 3 internal error.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { LernortError, formatLocation } from '../../core/errors.ts';
import { asUserError, exitCodeOf } from '../../cli-errors.ts';
import * as service from './service.ts';
import { definitionJsonSchema } from './schema.ts';

const USAGE = `Verwendung / usage:
  lernort index run --definition FILE.json --layer KEY --period P [--format csv|json] [--sensitivity] [--draws N] [--save]
  lernort index templates
  lernort index schema`;

class UsageError extends Error {}

function printError(err: LernortError): void {
  const where = formatLocation(err.location);
  process.stderr.write(`Fehler / error [${err.code}]${where ? ` (${where})` : ''}: ${err.de} / ${err.en}\n`);
}

export async function run(argv: string[], config: Config): Promise<number> {
  try {
    return await main(argv, config);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 1;
    }
    const userError = asUserError(err);
    if (userError) {
      printError(userError);
      return exitCodeOf(userError);
    }
    process.stderr.write(`Interner Fehler / internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return 3;
  }
}

async function main(argv: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      definition: { type: 'string' },
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
  if (sub !== 'run') throw new UsageError(sub ? `Unbekannter Unterbefehl / unknown subcommand: ${sub}` : 'Unterbefehl fehlt / subcommand missing');
  if (!values.definition || !values.layer || !values.period) throw new UsageError('--definition, --layer und/and --period sind nötig / are required');
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(`--format csv|json, nicht / not ${values.format}`);
  let draws: number | undefined;
  if (values.draws !== undefined) {
    draws = Number(values.draws);
    if (!Number.isInteger(draws) || draws < 10) throw new UsageError(`--draws: ganze Zahl ≥ 10 / integer ≥ 10: ${values.draws}`);
  }

  // Read and validate the file before touching the database: a bad definition fails fast.
  let body: unknown;
  try {
    body = JSON.parse(fs.readFileSync(values.definition, 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LernortError(missing ? 'INDEX_DEFINITION_FILE' : 'INDEX_DEFINITION_JSON',
      missing ? `Datei nicht gefunden: ${values.definition}` : `Die Definition ist kein gültiges JSON: ${(err as Error).message}`,
      missing ? `File not found: ${values.definition}` : `The definition is not valid JSON: ${(err as Error).message}`, { location: { file: values.definition } });
  }
  const definition = service.parseDefinition(body);
  const sensitivity = values.sensitivity || draws !== undefined ? (draws !== undefined ? { draws } : true) : undefined;

  const { openAndMigrate, loadInitialData } = await import('../../main.ts');
  const system = await import('../system/service.ts');
  const db = await openAndMigrate(config);
  try {
    if (!(await system.getDataset(db.pool))) {
      process.stderr.write('Datenbank leer: lade Startdaten … / database empty: loading initial data …\n');
      const report = await loadInitialData(db, config);
      if (report && report.status !== 'committed') {
        throw new LernortError('INITIAL_DATA_FAILED', 'Startdaten konnten nicht geladen werden.', 'Initial data could not be loaded.', { status: 500 });
      }
    }
    let out: service.Run;
    if (values.save) {
      out = await service.createRun(db, { definition: body as Record<string, unknown>, layer: values.layer, period: values.period, sensitivity }, { name: `cli:${process.env.USER ?? 'unknown'}` });
    } else {
      out = service.computedToRun(await service.computeRun(db.pool, definition, { layer: values.layer, period: values.period, sensitivity }));
    }
    const s = out.summary as { rated?: number; excluded?: number; focus?: number };
    process.stderr.write(`${out.definition.name}${out.id ? ` (Lauf/run ${out.id})` : ''}: ${values.layer} ${values.period}, bewertet/rated ${s.rated}, nicht bewertet/not rated ${s.excluded}, Schwerpunkt/focus ${s.focus}; SHA-256 ${out.inputHash}\n`);
    if (values.format === 'json') process.stdout.write(`${JSON.stringify(service.exportRows(out), null, 2)}\n`);
    else process.stdout.write(service.exportRun(out, 'csv-intl').replace(/^\uFEFF/, ''));
    return 0;
  } finally {
    await db.close();
  }
}
