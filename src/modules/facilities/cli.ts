// `lernort access …` (no database: CSV in, CSV out) and `lernort facilities import|assign|supply|
// accessibility|export …` (registry commands against the configured database).
//
// Units of `access` (documented in the help): x/y are metres of a projected CRS. Without --speed,
// distances are straight-line metres and --d0 / --weights bounds are metres too. With --speed KMH
// (and --detour F, default 1), distances become minutes = metres × detour / (speed in m/min), and
// --d0 / --weights bounds are minutes. So the METHODS §6 check network (given in minutes) is laid
// out 1 unit = 1 minute without --speed, or in metres at 80 m/min with --speed 4.8.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { LernortError, formatLocation } from '../../core/errors.ts';
import type { Decay } from '../../core/access/index.ts';
import { readCsv } from '../../io/csv.ts';
import { parseGermanNumber } from '../../io/numbers.ts';
import { decayFor, runAccess } from './service.ts';
import { readJsonFile } from '../../cli-errors.ts';

export const ACCESS_HELP = `lernort access --method 2sfca|e2sfca|bfca|gravity --demand CSV --supply CSV [options]
  --demand CSV        id,x,y,population (x/y in metres of the projected CRS)
  --supply CSV        id,x,y,capacity
  --d0 N              catchment (2SFCA, BFCA, Gaussian E2SFCA); default 30
  --weights LIST      step weights "10:1,20:0.68,30:0.22" (E2SFCA default; BFCA optional)
  --gaussian          E2SFCA with Gaussian weights up to --d0
  --beta B            gravity exponent (default 1.5)
  --speed KMH         convert metres to minutes at this speed; then --d0/--weights are minutes
  --detour F          detour factor with --speed (default 1)
  --format csv|json   output (default csv: "id,access" per demand point, full precision)
Without --speed, --d0 and the weight bounds are in the units of x/y (metres).`;

const FACILITY_SUBCOMMANDS = new Set(['import', 'assign', 'supply', 'accessibility', 'export']);

export async function run(argv: string[], config: Config): Promise<number> {
  if (argv[0] && FACILITY_SUBCOMMANDS.has(argv[0])) return runFacilities(argv, config);
  return runAccessCommand(argv);
}

interface Pt { id: string; x: number; y: number; value: number }

/** Reads id,x,y,<value> by header name (order free), with the one CSV reader and number parser. */
export function readPointsCsv(bytes: Uint8Array, file: string, valueColumn: 'population' | 'capacity'): Pt[] {
  const csv = readCsv(bytes, file);
  if (csv.errors.length > 0) throw LernortError.fromProblem(csv.errors[0]);
  const col = (name: string) => {
    const i = csv.header.findIndex((h) => h.toLowerCase() === name);
    if (i === -1) throw new LernortError('CSV_COLUMN_MISSING', `Spalte „${name}“ fehlt in ${file} (vorhanden: ${csv.header.join(', ')}).`, `Column "${name}" is missing in ${file} (found: ${csv.header.join(', ')}).`, { location: { file, line: csv.headerLine, field: name } });
    return i;
  };
  const [ci, cx, cy, cv] = [col('id'), col('x'), col('y'), col(valueColumn)];
  // A ',' file writes decimals with '.'; a ';' file (German) with ','.
  const decimal = csv.delimiter === ',' ? '.' : ',';
  return csv.rows.map((r) => {
    const num = (i: number, field: string) => {
      const p = parseGermanNumber(r.cells[i] ?? '', { decimal });
      if (p.kind !== 'number') throw new LernortError('CSV_NUMBER_INVALID', `„${r.cells[i] ?? ''}“ ist keine Zahl.`, `"${r.cells[i] ?? ''}" is not a number.`, { location: { file, line: r.line, field } });
      return p.value;
    };
    const value = num(cv, valueColumn);
    if (value < 0) throw new LernortError('CSV_NUMBER_INVALID', `${valueColumn} darf nicht negativ sein.`, `${valueColumn} must not be negative.`, { location: { file, line: r.line, field: valueColumn } });
    return { id: r.cells[ci].trim(), x: num(cx, 'x'), y: num(cy, 'y'), value };
  });
}

export function parseWeights(s: string): { upTo: number; weight: number }[] {
  const steps = s.split(',').map((part) => {
    const [b, w] = part.split(':').map((x) => Number(x.trim()));
    if (!Number.isFinite(b) || !Number.isFinite(w) || b < 0 || w < 0) {
      throw new LernortError('ACCESS_WEIGHTS_INVALID', `Gewichte „${s}“: erwartet „Grenze:Gewicht,…“, z. B. "10:1,20:0.68,30:0.22".`, `Weights "${s}": expected "bound:weight,…", e.g. "10:1,20:0.68,30:0.22".`, { location: { field: 'weights' } });
    }
    return { upTo: b, weight: w };
  });
  return steps;
}

export interface AccessCliOptions {
  method: '2sfca' | 'e2sfca' | 'bfca' | 'gravity';
  d0?: number;
  weights?: string;
  gaussian?: boolean;
  beta?: number;
  speedKmh?: number;
  detour?: number;
}

/** The computation behind `lernort access`: returns id and A_i per demand point, in input order. */
export function accessFromCsv(demandBytes: Uint8Array, demandFile: string, supplyBytes: Uint8Array, supplyFile: string, o: AccessCliOptions) {
  const demand = readPointsCsv(demandBytes, demandFile, 'population').map((p) => ({ id: p.id, x: p.x, y: p.y, population: p.value }));
  const supply = readPointsCsv(supplyBytes, supplyFile, 'capacity').map((p) => ({ id: p.id, x: p.x, y: p.y, capacity: p.value }));
  const steps = o.weights ? parseWeights(o.weights) : undefined;
  const decay: Decay = decayFor({ method: o.method, cutoff: o.d0, decay: o.gaussian ? 'gaussian' : 'steps', steps, beta: o.beta });
  // Without a speed, one unit of distance is one unit of "time": 0.06 km/h = 1 m/min, no detour.
  const travel = o.speedKmh !== undefined ? { speedKmh: o.speedKmh, detour: o.detour ?? 1 } : { speedKmh: 0.06, detour: 1 };
  const result = runAccess(o.method, decay, demand, supply, travel);
  return { ids: result.demandIds, access: Array.from(result.accessibility), ratio: Array.from(result.ratio), supplyIds: result.supplyIds, unreached: result.unreachedSupply, decay, travel };
}

async function runAccessCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      method: { type: 'string' }, demand: { type: 'string' }, supply: { type: 'string' }, d0: { type: 'string' }, weights: { type: 'string' },
      gaussian: { type: 'boolean' }, beta: { type: 'string' }, speed: { type: 'string' }, detour: { type: 'string' }, format: { type: 'string', default: 'csv' },
      help: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(ACCESS_HELP);
    return 0;
  }
  const method = values.method as AccessCliOptions['method'] | undefined;
  if (!method || !['2sfca', 'e2sfca', 'bfca', 'gravity'].includes(method) || !values.demand || !values.supply) {
    console.error(ACCESS_HELP);
    return 1;
  }
  const num = (v: string | undefined, field: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new LernortError('ACCESS_OPTION_INVALID', `--${field} „${v}“ muss eine positive Zahl sein.`, `--${field} "${v}" must be a positive number.`, { location: { field } });
    return n;
  };
  const read = (file: string) => {
    if (!fs.existsSync(file)) throw new LernortError('FILE_NOT_FOUND', `Datei fehlt: ${file}`, `File missing: ${file}`, { location: { file } });
    return fs.readFileSync(file);
  };
  const r = accessFromCsv(read(values.demand), values.demand, read(values.supply), values.supply, {
    method, d0: num(values.d0, 'd0'), weights: values.weights, gaussian: values.gaussian, beta: num(values.beta, 'beta'), speedKmh: num(values.speed, 'speed'), detour: num(values.detour, 'detour'),
  });
  if (values.format === 'json') {
    process.stdout.write(`${JSON.stringify({ method, decay: r.decay, travel: r.travel, access: r.ids.map((id, i) => ({ id, access: r.access[i] })), unreachedSupply: r.unreached })}\n`);
  } else {
    // Plain RFC 4180 CSV for machines: no BOM, '.' decimals, full precision.
    const lines = ['id,access', ...r.ids.map((id, i) => `${csvId(id)},${String(r.access[i])}`)];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

const csvId = (id: string) => (/[",\n\r]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id);

async function runFacilities(argv: string[], config: Config): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      mapping: { type: 'string' }, type: { type: 'string' }, domain: { type: 'string' }, layer: { type: 'string' }, period: { type: 'string' },
      method: { type: 'string' }, engine: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'dry-run': { type: 'boolean' },
      json: { type: 'boolean' }, target: { type: 'string' }, cutoff: { type: 'string' }, 'create-types': { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const { openAndMigrate } = await import('../../main.ts');
  const service = await import('./service.ts');
  const db = await openAndMigrate(config);
  const actor = { userId: null, name: `cli:${process.env.USER ?? 'unknown'}` };
  const print = (x: unknown) => console.log(JSON.stringify(x, null, 2));
  try {
    switch (sub) {
      case 'import': {
        const file = positionals[0];
        if (!file || !values.mapping) {
          console.error('lernort facilities import FILE --mapping MAPPING.json [--type KEY] [--domain KEY] [--dry-run] [--json]');
          return 1;
        }
        const mapping = readJsonFile(values.mapping, { de: 'Die Zuordnungsdatei', en: 'The mapping file' }) as Record<string, unknown>;
        if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
          throw new LernortError('MAPPING_INVALID', `Die Zuordnungsdatei ${values.mapping} muss ein JSON-Objekt sein.`, `The mapping file ${values.mapping} must be a JSON object.`, { location: { file: values.mapping } });
        }
        // the mapping file holds either the mapping itself or full import options ({ mapping, facilityType, … })
        const options = 'mapping' in mapping ? mapping : { mapping };
        const { facilityImportOptions } = await import('./schema.ts');
        const parsed = facilityImportOptions.parse({ ...options, ...(values.type ? { facilityType: values.type } : {}), ...(values.domain ? { domain: values.domain } : {}), ...(values['create-types'] ? { createTypes: true } : {}) });
        const report = await service.importFacilities(db, { file, bytes: fs.readFileSync(file), options: parsed, actor, dryRun: !!values['dry-run'] });
        if (values.json) print(report);
        else {
          console.log(`Import ${report.id ?? '-'}: ${report.status} – ${report.file}: gelesen/read ${report.rowsRead}, geschrieben/written ${report.rowsWritten}`);
          if (report.extra) console.log(`  ${JSON.stringify(report.extra)}`);
          for (const p of report.errors.slice(0, 20)) console.log(`  Fehler/error ${p.code} ${formatLocation(p)}: ${p.de} / ${p.en}`);
          for (const p of report.warnings.slice(0, 10)) console.log(`  Hinweis/warning ${p.code} ${formatLocation(p)}: ${p.de}`);
        }
        return report.status === 'rejected' ? 2 : 0;
      }
      case 'assign':
        print(await service.reassignFacilities(db.pool, { engine: values.engine === 'postgis' ? 'postgis' : 'ts' }));
        return 0;
      case 'supply': {
        if (!values.layer || (!values.type && !values.domain)) {
          console.error('lernort facilities supply --layer KEY (--type KEY | --domain KEY) [--target INDICATOR] [--period P]');
          return 1;
        }
        print(await service.computeSupply(db, { layer: values.layer, type: values.type, domain: values.domain, populationIndicator: 'einwohner', targetIndicator: values.target, period: values.period }, actor));
        return 0;
      }
      case 'accessibility': {
        if (!values.layer || (!values.type && !values.domain) || !values.method) {
          console.error('lernort facilities accessibility --layer KEY (--type KEY | --domain KEY) --method 2sfca|e2sfca|bfca|gravity [--cutoff MIN] [--period P]');
          return 1;
        }
        const { accessibilityInput } = await import('./schema.ts');
        const input = accessibilityInput.parse({ layer: values.layer, type: values.type, domain: values.domain, method: values.method, period: values.period, ...(values.cutoff ? { cutoff: Number(values.cutoff) } : {}) });
        print(await service.computeAccessibility(db, input, actor, config.projectedCrs));
        return 0;
      }
      case 'export': {
        const out = values.format === 'csv' ? await service.exportFacilitiesCsv(db.pool, 'de') : `${JSON.stringify(await service.exportHsds(db.pool), null, 2)}\n`;
        if (values.out) fs.writeFileSync(values.out, out);
        else process.stdout.write(out);
        return 0;
      }
      default:
        console.error(`lernort facilities import|assign|supply|accessibility|export`);
        return 1;
    }
  } finally {
    await db.close();
  }
}
