// `lernort budget …` — the outside contract of the budget module (documented in docs/budget-model.md):
//
//   lernort budget allocate --input CSV --model FILE.json --budget AMOUNT [--format csv|json] [--sensitivity]
//   lernort budget templates           the shipped templates as JSON
//   lernort budget schema              the JSON Schema of a model file
//
// No database: CSV and model in, allocation out, so it runs beside a running server. The input has
// one row per area with `code` and the columns the model names, German (';', decimal comma) or
// international (',', decimal point). AMOUNT like 18100000, 18.100.000,00 or 18100000.00.
// Output (stdout): code,amount + explanation columns in € with two decimals; the amounts sum to the
// budget to the cent. Exit codes: 0 ok, 1 usage, 2 invalid model or data, 3 internal error.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { LernortError, formatLocation } from '../../core/errors.ts';
import { reportFailure, UsageError } from '../../cli-errors.ts';
import { centsToEuroString, type AllocationArea, type AllocationResult, type ParameterSensitivity } from '../../core/allocation/index.ts';
import { readCsv } from '../../io/csv.ts';
import { csvCell } from '../../io/csv-write.ts';
import { detectDecimalSeparator, parseGermanNumber, type DecimalSeparator } from '../../io/numbers.ts';
import { modelJsonSchema, type BudgetModel } from './schema.ts';
import * as service from './service.ts';

export const BUDGET_USAGE = `Verwendung / usage:
  lernort budget allocate --input CSV --model FILE.json --budget AMOUNT [--format csv|json] [--sensitivity]
  lernort budget templates
  lernort budget schema`;

export const OUTPUT_COLUMNS = ['code', 'amount', 'target', 'carried_forward', 'base', 'population_part', 'need_part', 'damping', 'optimisation', 'rounding', 'distance_from_target', 'bound'] as const;

export async function run(argv: string[]): Promise<number> {
  return runBudgetCli(argv);
}

export async function runBudgetCli(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (err) {
    return reportFailure(err, BUDGET_USAGE);
  }
}

/** "18100000", "18.100.000,00", "18100000.00", "18,100,000.00" → integer cents. */
export function parseBudgetAmount(raw: string): number {
  const p = parseGermanNumber(raw.replace(/\s*€$/, ''), { decimal: detectDecimalSeparator([raw]) });
  const cents = p.kind === 'number' ? p.value * 100 : NaN;
  if (p.kind !== 'number' || p.percent || !(p.value > 0) || Math.abs(cents - Math.round(cents)) > 1e-6 || !Number.isSafeInteger(Math.round(cents))) {
    throw new LernortError('BUDGET_AMOUNT_INVALID', `--budget „${raw}“ ist kein positiver Betrag in Euro mit höchstens zwei Nachkommastellen.`,
      `--budget "${raw}" is not a positive amount in euros with at most two decimals.`, { location: { field: 'budget' } });
  }
  return Math.round(cents);
}

/** The input table: one row per area, the model's columns by header name. */
export function readAreasCsv(bytes: Uint8Array, file: string, model: BudgetModel): { areas: AllocationArea[]; lineOf: Map<string, number> } {
  const csv = readCsv(bytes, file);
  if (csv.errors.length > 0) throw LernortError.fromProblem(csv.errors[0]);
  const header = csv.header.map((h) => h.replace(/^\uFEFF/, '').trim());
  const find = (name: string) => {
    const i = header.indexOf(name);
    if (i !== -1) return i;
    const ci = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (ci !== -1) return ci;
    throw new LernortError('CSV_COLUMN_MISSING', `Spalte „${name}“ fehlt in ${file} (vorhanden: ${header.join(', ')}).`, `Column "${name}" is missing in ${file} (found: ${header.join(', ')}).`, { location: { file, line: csv.headerLine, field: name } });
  };
  const codeAt = find('code');
  const columns = service.modelColumns(model).map((c) => ({ ...c, at: find(c.column) }));
  if (csv.rows.length === 0) throw new LernortError('CSV_NO_ROWS', `${file} enthält keine Gebiete.`, `${file} contains no areas.`, { location: { file } });
  const decimal: DecimalSeparator = csv.delimiter === ',' ? '.' : detectDecimalSeparator(csv.rows.flatMap((r) => columns.map((c) => r.cells[c.at] ?? '')));
  const lineOf = new Map<string, number>();
  const areas = csv.rows.map((r) => {
    const code = (r.cells[codeAt] ?? '').trim();
    const where = (field: string) => ({ location: { file, line: r.line, field } });
    if (!code) throw new LernortError('CSV_VALUE_MISSING', `Zeile ${r.line}: der Gebietsschlüssel fehlt.`, `Line ${r.line}: the area code is missing.`, where('code'));
    if (lineOf.has(code)) throw new LernortError('BUDGET_DUPLICATE_AREA', `Gebiet ${code} steht zweimal in ${file} (Zeilen ${lineOf.get(code)} und ${r.line}).`, `Area ${code} appears twice in ${file} (lines ${lineOf.get(code)} and ${r.line}).`, where('code'));
    lineOf.set(code, r.line);
    const values: Record<string, number | null> = {};
    for (const c of columns) {
      const raw = r.cells[c.at] ?? '';
      const p = parseGermanNumber(raw, { decimal });
      if (p.kind === 'missing' && c.optional) {
        values[c.column] = null; // no allocation last year: a new area, not damped
        continue;
      }
      if (p.kind !== 'number') {
        throw new LernortError(p.kind === 'missing' ? 'CSV_VALUE_MISSING' : 'CSV_NUMBER_INVALID',
          p.kind === 'missing' ? `Gebiet ${code}: „${c.column}“ hat keinen Wert („${raw.trim()}“).` : `Gebiet ${code}: „${raw.trim()}“ in „${c.column}“ ist keine Zahl.`,
          p.kind === 'missing' ? `Area ${code}: "${c.column}" has no value ("${raw.trim()}").` : `Area ${code}: "${raw.trim()}" in "${c.column}" is not a number.`, where(c.column));
      }
      if (p.value < 0) throw new LernortError('CSV_NUMBER_INVALID', `Gebiet ${code}: „${c.column}“ darf nicht negativ sein (${raw.trim()}).`, `Area ${code}: "${c.column}" must not be negative (${raw.trim()}).`, where(c.column));
      if (c.money && Math.abs(p.value * 100 - Math.round(p.value * 100)) > 1e-6) {
        throw new LernortError('CSV_NUMBER_INVALID', `Gebiet ${code}: „${c.column}“ ist ein Betrag und hat mehr als zwei Nachkommastellen (${raw.trim()}).`, `Area ${code}: "${c.column}" is an amount with more than two decimals (${raw.trim()}).`, where(c.column));
      }
      values[c.column] = p.value;
    }
    return { code, values };
  });
  return { areas, lineOf };
}

function toCsv(result: AllocationResult, sens?: ParameterSensitivity[]): string {
  const extra = (sens ?? []).map((s) => `sensitivity_${s.parameter}`);
  const lines = [[...OUTPUT_COLUMNS, ...extra].join(',')];
  for (const a of result.areas) {
    const cells = [csvCell(a.code, 'intl'), ...[a.amount, a.target, a.carriedForward, a.base, a.populationPart, a.needPart, a.damping, a.optimisation, a.rounding].map(centsToEuroString),
      a.distanceFromTarget === null ? '' : (Math.abs(a.distanceFromTarget) < 5e-7 ? 0 : a.distanceFromTarget).toFixed(6), a.bound ?? ''];
    for (const s of sens ?? []) cells.push(s.perArea ? s.perArea[a.code].toFixed(2) : '');
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      model: { type: 'string' },
      budget: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      sensitivity: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub] = positionals;
  if (values.help) {
    process.stdout.write(`${BUDGET_USAGE}\n`);
    return 0;
  }
  if (sub === 'templates') {
    process.stdout.write(`${JSON.stringify(service.listTemplates(), null, 2)}\n`);
    return 0;
  }
  if (sub === 'schema') {
    process.stdout.write(`${JSON.stringify(modelJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (sub !== 'allocate') throw new UsageError(sub ? `Unbekannter Unterbefehl / unknown subcommand: ${sub}` : 'Unterbefehl fehlt / subcommand missing');
  if (!values.input || !values.model || !values.budget) throw new UsageError('--input, --model und/and --budget sind nötig / are required');
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(`--format csv|json, nicht / not ${values.format}`);

  const model = service.readModelFile(values.model);
  const budget = parseBudgetAmount(values.budget);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(values.input);
  } catch {
    throw new LernortError('CSV_FILE_MISSING', `Datei nicht gefunden: ${values.input}`, `File not found: ${values.input}`, { location: { file: values.input } });
  }
  const { areas, lineOf } = readAreasCsv(bytes, values.input, model);
  let out: Awaited<ReturnType<typeof service.allocateAreas>>;
  try {
    out = await service.allocateAreas(model, areas, budget, { sensitivity: values.sensitivity });
  } catch (err) {
    // the core names the area; the file and line are ours
    const area = err instanceof LernortError ? (err.details as { area?: string } | undefined)?.area : undefined;
    if (err instanceof LernortError && area !== undefined) {
      throw new LernortError(err.code, err.de, err.en, { status: err.status, location: { file: values.input, line: lineOf.get(area), field: err.location?.field }, details: err.details });
    }
    throw err;
  }
  const { result } = out;
  const sum = result.areas.reduce((s, a) => s + a.amount, 0);
  process.stderr.write(`${model.name}: ${result.areas.length} Gebiete/areas, Budget ${centsToEuroString(budget)} €, Σ ${centsToEuroString(sum)} €${model.damping ? `, Dämpfung/damping ${result.dampingIterations} Runden/rounds` : ''}${model.optimisation.kind !== 'none' ? `, ${model.optimisation.kind}` : ''}\n`);
  if (values.format === 'json') process.stdout.write(`${JSON.stringify({ model: model.name, budget: centsToEuroString(budget), areas: result.areas, objective: result.objective, sensitivity: out.sensitivity }, null, 2)}\n`);
  else process.stdout.write(toCsv(result, out.sensitivity));
  return 0;
}
