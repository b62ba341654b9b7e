// The `lernort` command line. Exit codes: 0 ok, 1 usage error, 2 rejected (import report has errors,
// a file or the database is not usable: see cli-errors.ts), 3 internal error. Reports go to stdout
// (JSON with --json), progress to stderr.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, projectRoot, type Config } from './config.ts';
import { LernortError, formatLocation, type Problem } from './core/errors.ts';
import { reportFailure, UsageError } from './cli-errors.ts';
import type { Database } from './db/connection.ts';
import type { ImportReport } from './modules/imports/service.ts';
import type { RecipeReport } from './modules/recipes/service.ts';

// Each command loads only what it needs: `lernort access` or `--help` should not pay for the
// HTTP server and every service (about a second per start on a small machine).
const main_ = () => import('./main.ts');
const recipes = () => import('./modules/recipes/service.ts');

const HELP = `lernort – Sozialräumliches Bildungsmanagement / socio-spatial education management

Verwendung / usage: lernort <command> [options]

  serve                          Server starten (Standard für npm start) / start the server
  init [--reload]                Datenbank migrieren und Startdaten laden / migrate and load initial data
  db migrate                     Nur Migrationen ausführen / run migrations only
  import FILE|RECIPE [options]   Datei oder Rezept importieren / import a file or a recipe
      --dry-run                  nur prüfen, nichts schreiben / validate only, write nothing
      --format F                 long|wide|portal|table|leipzig-population|kdvalues (default: detected)
      --kind areas               GeoJSON / zipped shapefile into a layer (with --layer, --code, --name)
      --layer KEY                Ebene der Zeilen / layer of the rows
      --indicator KEY            Indikator einer Wide-Datei / indicator of a wide file
      --table-spec FILE.json     Spaltenbeschreibung (Format table; Ebene je Zeile über levelColumn/levels
                                 oder layerRules) / column spec (format table; layer per row by levelColumn/
                                 levels or layerRules), see docs/new-city.md
      --indicators FILE.json     Indikatorbeschreibungen (Liste wie im Rezept: key, name, nameEn, unit, kind,
                                 polarity …) mitspeichern / save indicator metadata with the import
      --publish                  Geschriebenes veröffentlichen (je Indikator und Ebene) / publish what was written
      --map "Name=A+B"           Zeile ist die Summe von A und B / the row is the sum of areas A and B
      --map "Name=Gebiet"        bestätigte Namenszuordnung (mehrfach) / confirmed name mapping (repeatable)
      --create-indicators        unbekannte Indikatoren anlegen / create unknown indicators
      --code P [--name P]        Eigenschaften für Gebietsschlüssel und -name (ohne --name: übliche Namens-
                                 eigenschaft, sonst der Schlüssel) / code and name properties (name optional)
      --name-pattern RE          Schlüssel und Name aus dem Namen, z. B. "^(\d{2})\s+(.+)$" / code+name from the name
      --parent-code P [--parent-pattern RE]  Eigenschaft mit dem Schlüssel des übergeordneten Gebiets
                                 (sonst nach Lage) / property with the parent's code (else by location)
      --create-layer --layer-name N [--layer-name-en N] [--role base|parent|grouping]
          [--parent-layer KEY] [--child-layer KEY] [--member-layer KEY]
                                 Ebene im selben Vorgang anlegen / create the layer in the same transaction
      --crs EPSG:XXXX            Koordinatensystem der Datei / CRS of the file
      --swap-axes                Achsen tauschen (lat/lon) / swap axes
      --json                     Bericht als JSON / report as JSON
  recipes                        verfügbare Rezepte / available recipes
  index run --definition FILE.json --layer KEY --period P [--format csv|json]
                                 Sozialindex berechnen / compute a social index (per area: code, name,
                                 score, rank, class, dynamics score and class, focus flag, excluded reason)
  access --method 2sfca|e2sfca|bfca --demand CSV --supply CSV [--d0 N] [--weights "10:1,20:0.68,30:0.22"] --format csv
                                 Erreichbarkeit / accessibility; demand CSV id,x,y,population, supply CSV
                                 id,x,y,capacity (metres, projected CRS); prints id,access per demand point
  facilities import|assign|supply|accessibility|export …
                                 Einrichtungen / facilities (lernort facilities --help)
  index templates | index schema Vorlagen und JSON-Schema der Indexdefinition / templates and schema
  budget allocate --input CSV --model FILE.json --budget AMOUNT [--format csv|json] [--sensitivity]
                                 Mittelverteilung ohne Datenbank / budget allocation without a database
                                 (code,amount + Erklärung/explanation; budget templates | budget schema)
  projection import FILE [--dry-run] [--json]
                                 veröffentlichte Prognosen importieren (published-forecasts.csv: Ausgabe, Basis,
                                 Variante; RBV-PDF: Jahressummen V1/V2, auf 10 gerundet) / import published forecasts
  demography backtest|project|typology …
                                 Rückblicktest (MAPE, MALPE gegen naive Basis und veröffentlichte Prognosen),
                                 Projektion bis 2040, Typisierung / backtest, projection, typology (lernort demography --help)
  export --indicator K --layer L [--period P] [--format csv|csv-intl|json] [--out FILE]
  consistency --indicator K [--period P]   veröffentlichte Summen prüfen / check published totals
  user add NAME --role ROLE [--organisation ID] [--areas CODE,CODE]
                                 Benutzer anlegen (Passwort aus LERNORT_PASSWORD oder stdin) / add a user;
                                 provider: own organisation, coordinator: own planning areas
  user reset-password NAME       Passwort setzen (LERNORT_PASSWORD oder stdin) / reset a password
  user list                      Benutzer mit Rolle, Zuständigkeit, Sperre / users with role, scope, disabled
  openapi [FILE]                 OpenAPI-Beschreibung ausgeben / write the OpenAPI description
  errors [FILE]                  Fehlercodes (Markdown) ausgeben / write the catalogue of error codes
  backup FILE                    Sicherung (gzip, beide Datenbanken) / logical backup (gzip, both backends)
  restore FILE [--force]         Wiederherstellen in eine leere (oder mit --force ersetzte) Datenbank / restore

Rollen / roles: admin, analyst, planner, coordinator, provider, viewer
Exit codes: 0 ok, 1 Aufruf falsch / usage, 2 abgelehnt (Daten, Datei, Datenbank belegt …) / rejected (data, file, database busy …),
            3 interner Fehler / internal error
Umgebung / environment: siehe README (PORT, DATABASE_URL, LERNORT_DATA_DIR, LERNORT_SHARED_DATA, …)`;


/** A user's scope for `user list`: "Planungsräume/planning areas: A, B", "Träger/organisation: 3 (Name)", or '' (none). */
function scopeText(scope: Record<string, unknown> | null, organisations: Map<number, string>): string {
  const areas = Array.isArray(scope?.planningAreas) ? (scope.planningAreas as unknown[]).map(String) : [];
  if (areas.length > 0) return `Planungsräume/planning areas: ${areas.join(', ')}${typeof scope?.layer === 'string' ? ` (${scope.layer})` : ''}`;
  const id = Number(scope?.organisationId);
  if (Number.isInteger(id) && id > 0) return `Träger/organisation: ${id}${organisations.has(id) ? ` (${organisations.get(id)})` : ''}`;
  return '';
}

/** The configuration from the environment; a malformed variable (PORT=abc) is a usage error. */
function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function layerRole(role: string | undefined): 'base' | 'parent' | 'grouping' | undefined {
  if (role === undefined || role === 'base' || role === 'parent' || role === 'grouping') return role;
  throw new UsageError(`--role base|parent|grouping erwartet / expected: ${role}`);
}

function progressBar(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) {
    let last = -1;
    return (done, total) => {
      const pct = Math.floor((done / Math.max(total, 1)) * 10) * 10;
      if (pct !== last) {
        last = pct;
        process.stderr.write(`${label}: ${pct}%\n`);
      }
    };
  }
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

async function readPassword(): Promise<string> {
  if (process.env.LERNORT_PASSWORD) return process.env.LERNORT_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Passwort / password: ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** Problems grouped by code: a count per code and the first few examples of each. */
function printProblems(title: string, problems: Problem[], perCode = 5): void {
  if (problems.length === 0) return;
  const byCode = new Map<string, Problem[]>();
  for (const p of problems) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
  console.log(`${title} (${problems.length}):`);
  for (const [code, list] of byCode) {
    console.log(`  ${code} × ${list.length}`);
    for (const p of list.slice(0, perCode)) console.log(`    ${formatLocation(p)}: ${p.de} / ${p.en}`);
    if (list.length > perCode) console.log(`    … ${list.length - perCode} weitere / more`);
  }
}

function printImportReport(r: ImportReport): void {
  console.log(`Import ${r.id ?? '-'}: ${r.status} – ${r.file} (${r.format})`);
  console.log(`  gelesen/read ${r.rowsRead}, geschrieben/written ${r.rowsWritten}, abgelehnt/rejected ${r.rowsRejected}`);
  for (const u of r.unmatched) {
    const label = u.status === 'suggested' ? 'Vorschlag, bitte mit --map bestätigen / suggestion, confirm with --map' : u.status === 'ambiguous' ? 'Mehrdeutig / ambiguous' : 'Nicht zugeordnet / unmatched';
    console.log(`  ${label}: "${u.name}" (Zeile/line ${u.lines.join(', ')}) → ${u.suggestions.map((s) => `${s.name} [${s.layer} ${s.code}, ${s.score}]`).join('; ')}`);
  }
  const suggested = r.unmatched.filter((u) => u.status === 'suggested');
  if (suggested.length > 0) console.log(`  z. B. / e.g.: ${suggested.map((u) => `--map "${u.name}=${u.suggestions[0].name}"`).join(' ')}`);
  for (const m of r.mapped) console.log(`  Zugeordnet / mapped (${m.how}): "${m.name}" → ${m.layer} ${m.code}`);
  const created = r.extra?.layerCreated as { key: string; name: string; kind: string; parent: string | null } | undefined;
  if (created) console.log(`  Ebene / layer ${created.key} „${created.name}“ (${created.kind}${created.parent ? `, in ${created.parent}` : ''}) ${r.status === 'committed' ? 'angelegt / created' : 'würde angelegt / would be created'}`);
  printProblems('Fehler / errors', r.errors);
  printProblems('Hinweise / warnings', r.warnings, 3);
}

function printRecipeReport(r: RecipeReport): void {
  console.log(`Rezept / recipe ${r.recipe}: ${r.status} (Import ${r.importId ?? '-'})`);
  for (const s of r.steps) console.log(`  ${s.step}. ${s.type} ${s.file ?? s.layer ?? ''}: ${s.status}${s.rows !== undefined ? `, ${s.rows} Werte/values` : ''}${s.areas !== undefined ? `, ${s.areas} Gebiete/areas` : ''}`);
  for (const s of r.steps) if (s.report) for (const u of s.report.unmatched) console.log(`  Nicht zugeordnet / unmatched in ${s.file}: "${u.name}" → ${u.suggestions.map((x) => x.name).join(', ')}`);
  printProblems('Fehler / errors', r.errors);
  const diffs = r.consistency.filter((c) => c.difference !== 0);
  if (diffs.length > 0) {
    console.log(`Konsistenz / consistency: ${diffs.length} Abweichungen / differences`);
    for (const d of diffs.slice(0, 10)) console.log(`  ${d.parentName} ${d.indicator} ${d.period}: ${d.published} vs Σ ${d.sumOfChildren} (${d.difference > 0 ? '+' : ''}${d.difference})`);
  }
}

async function withDb<T>(config: Config, fn: (db: Database) => Promise<T>, opts: { exclusive?: string } = {}): Promise<T> {
  const db = await (await main_()).openAndMigrate(config);
  try {
    if (opts.exclusive && db.sharedWith !== undefined) throw serverRunning(opts.exclusive, db.sharedWith, config.dataDir);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Replacing the whole database under a running server would pull it from under its sessions and caches. */
function serverRunning(command: string, pid: number, dataDir: string): LernortError {
  return new LernortError('SERVER_RUNNING',
    `„lernort ${command}“ ersetzt die Daten und läuft nicht neben dem Server (Prozess ${pid}) auf ${dataDir}. Beenden Sie zuerst den Server und starten Sie ihn danach neu.`,
    `"lernort ${command}" replaces the data and does not run beside the server (process ${pid}) on ${dataDir}. Stop the server first and start it again afterwards.`,
    { status: 409 });
}

async function ensureWebBuilt(): Promise<void> {
  const { webDistDir } = await import('./server.ts');
  if (fs.existsSync(path.join(webDistDir, 'index.html'))) return;
  process.stderr.write('Web-Oberfläche wird gebaut … / building the web client …\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
}

/** Commands that belong to a capability module parse their own options (see the module's cli.ts). */
const moduleCommands: Record<string, () => Promise<{ run(argv: string[], config: Config): Promise<number> }>> = {
  index: () => import('./modules/indices/cli.ts'),
  access: () => import('./modules/facilities/cli.ts'),
  facilities: () => import('./modules/facilities/cli.ts'),
  budget: () => import('./modules/budget/cli.ts'),
  projection: async () => ({ run: async (argv, config) => (await import('./modules/demography/cli.ts')).run(argv, config, 'projection') }),
  demography: async () => ({ run: async (argv, config) => (await import('./modules/demography/cli.ts')).run(argv, config, 'demography') }),
};

async function main(argv: string[]): Promise<number> {
  const moduleCommand = argv[0] ? moduleCommands[argv[0]] : undefined;
  if (moduleCommand) return (await moduleCommand()).run(argv.slice(1), readConfig());
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      reload: { type: 'boolean' },
      force: { type: 'boolean' },
      format: { type: 'string' },
      kind: { type: 'string' },
      layer: { type: 'string' },
      indicator: { type: 'string' },
      period: { type: 'string' },
      map: { type: 'string', multiple: true },
      'create-indicators': { type: 'boolean' },
      code: { type: 'string' },
      name: { type: 'string' },
      crs: { type: 'string' },
      'swap-axes': { type: 'boolean' },
      'name-pattern': { type: 'string' },
      'table-spec': { type: 'string' },
      indicators: { type: 'string' },
      publish: { type: 'boolean' },
      'parent-code': { type: 'string' },
      'parent-pattern': { type: 'string' },
      'create-layer': { type: 'boolean' },
      'layer-name': { type: 'string' },
      'layer-name-en': { type: 'string' },
      'parent-layer': { type: 'string' },
      'child-layer': { type: 'string' },
      'member-layer': { type: 'string' },
      role: { type: 'string' },
      organisation: { type: 'string' },
      areas: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    console.log(HELP);
    return values.help || command === 'help' ? 0 : 1;
  }
  const config = readConfig();
  switch (command) {
    case 'serve': {
      await ensureWebBuilt();
      const app = await (await main_()).startLernort({}, { logger: false, log: (m) => process.stderr.write(`${m}\n`) });
      console.log(`Lernort läuft auf / is running at ${app.url} (${app.db.backend === 'embedded' ? `eingebettete Datenbank / embedded database ${config.dataDir}` : 'PostgreSQL'})`);
      const stop = async () => {
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1; // keep running
    }
    case 'init':
      return withDb(config, async (db) => {
        if (values.reload && db.sharedWith !== undefined) throw serverRunning('init --reload', db.sharedWith, config.dataDir);
        const { getDataset } = await import('./modules/system/service.ts');
        if ((await getDataset(db.pool)) && !values.reload) {
          console.log('Daten sind bereits geladen (--reload lädt neu) / data already loaded (--reload reloads)');
          return 0;
        }
        const report = await (await main_()).loadInitialData(db, config, (label, done, total) => progressBar('Rezept / recipe')(done, total));
        if (report) printRecipeReport(report);
        return report && report.status !== 'committed' ? 2 : 0;
      });
    case 'db':
      if (rest[0] !== 'migrate') throw new UsageError('lernort db migrate');
      return withDb(config, async () => {
        console.log('Migrationen ausgeführt / migrations applied');
        return 0;
      });
    case 'backup': {
      const file = rest[0];
      if (!file) throw new UsageError('lernort backup FILE');
      return withDb(config, async (db) => {
        const { createBackup } = await import('./modules/system/backup.ts');
        const bytes = await createBackup(db);
        fs.writeFileSync(file, bytes);
        console.log(`Sicherung geschrieben / backup written: ${file} (${(bytes.length / 1024).toFixed(0)} KiB)`);
        return 0;
      });
    }
    case 'restore': {
      const file = rest[0];
      if (!file) throw new UsageError('lernort restore FILE [--force]');
      const bytes = fs.readFileSync(file);
      return withDb(config, async (db) => {
        const { restoreBackup } = await import('./modules/system/backup.ts');
        const r = await restoreBackup(db, bytes, { force: values.force });
        console.log(`Wiederhergestellt / restored: ${r.tables} Tabellen/tables, ${r.rows} Zeilen/rows`);
        return 0;
      }, { exclusive: 'restore' });
    }
    case 'openapi': {
      // The API description without a database: routes are assembled, not called.
      const { buildApp } = await import('./server.ts');
      const app = await buildApp({ db: { pool: undefined as never, backend: 'postgres', close: async () => undefined }, config });
      const spec = JSON.stringify(app.swagger(), null, 2) + '\n';
      await app.close();
      if (rest[0]) fs.writeFileSync(rest[0], spec);
      else process.stdout.write(spec);
      return 0;
    }
    case 'errors': {
      const { renderErrorCatalogue } = await import('./core/error-catalogue.ts');
      if (rest[0]) fs.writeFileSync(rest[0], renderErrorCatalogue());
      else process.stdout.write(renderErrorCatalogue());
      return 0;
    }
    case 'recipes': {
      const { listRecipes, loadRecipe } = await recipes();
      for (const key of listRecipes()) {
        const { recipe } = loadRecipe(key);
        console.log(`${key}\t${recipe.name}\t(${recipe.dataDir})`);
      }
      return 0;
    }
    case 'import': {
      const target = rest[0];
      if (!target) throw new UsageError('lernort import FILE|RECIPE');
      if (values.kind !== undefined && values.kind !== 'areas' && values.kind !== 'observations') throw new UsageError(`--kind areas|observations, nicht / not ${values.kind}`);
      const actor = { userId: null, name: `cli:${process.env.USER ?? 'unknown'}` };
      const { listRecipes, loadRecipe, runRecipe } = await recipes();
      const imports = await import('./modules/imports/service.ts');
      const { looksLikeRecipe } = await import('./io/formats.ts');
      // A recipe is recognised by its content (steps, layers), whatever the file is called.
      const isRecipe = listRecipes().includes(target) || target.endsWith('recipe.json')
        || (target.toLowerCase().endsWith('.json') && fs.existsSync(target) && looksLikeRecipe(fs.readFileSync(target)));
      return withDb(config, async (db) => {
        if (isRecipe) {
          const { recipe } = loadRecipe(target);
          const report = await runRecipe(db, recipe, { dataRoot: config.sharedDataDir, actor, dryRun: values['dry-run'], expectedBounds: config.expectedRegion, onProgress: (_l, d, t) => progressBar(`Rezept / recipe ${recipe.key}`)(d, t) });
          if (values.json) console.log(JSON.stringify(report, null, 2));
          else printRecipeReport(report);
          return report.status === 'rejected' ? 2 : 0;
        }
        if (!fs.existsSync(target)) throw new UsageError(`Datei nicht gefunden / file not found: ${target}`);
        const nameMapping: Record<string, string> = {};
        for (const m of values.map ?? []) {
          const i = m.indexOf('=');
          if (i < 1) throw new UsageError(`--map "Name in Datei=Gebiet" erwartet / expected: ${m}`);
          nameMapping[m.slice(0, i)] = m.slice(i + 1);
        }
        let table: Record<string, unknown> | undefined;
        if (values['table-spec']) {
          try {
            table = JSON.parse(fs.readFileSync(values['table-spec'], 'utf8')) as Record<string, unknown>;
          } catch (err) {
            throw new UsageError(`--table-spec: ${values['table-spec']} ist kein lesbares JSON / is not readable JSON (${(err as Error).message})`);
          }
        }
        let indicatorMeta: ReturnType<typeof imports.parseIndicatorMeta> | undefined;
        if (values.indicators) {
          let raw: unknown;
          try {
            raw = JSON.parse(fs.readFileSync(values.indicators, 'utf8'));
          } catch (err) {
            throw new UsageError(`--indicators: ${values.indicators} ist kein lesbares JSON / is not readable JSON (${(err as Error).message})`);
          }
          indicatorMeta = imports.parseIndicatorMeta(raw, values.indicators);
        }
        const report = await imports.importFile(db, {
          bytes: fs.readFileSync(target), file: path.basename(target), actor, dryRun: !!values['dry-run'],
          options: {
            kind: values.kind === 'areas' ? 'areas' : 'observations', format: values.format, layer: values.layer, indicator: values.indicator,
            nameMapping, createIndicators: values['create-indicators'], codeProperty: values.code, nameProperty: values.name,
            table, indicatorMeta, publish: values.publish, namePattern: values['name-pattern'], parentProperty: values['parent-code'], parentPattern: values['parent-pattern'],
            createLayer: values['create-layer'] ? {
              nameDe: values['layer-name'] ?? '', nameEn: values['layer-name-en'] ?? '', role: layerRole(values.role),
              parentLayer: values['parent-layer'], childLayer: values['child-layer'], memberLayer: values['member-layer'],
            } : undefined,
            sourceCrs: values.crs, swapAxes: values['swap-axes'], projectedCrs: config.projectedCrs, expectedBounds: config.expectedRegion,
          },
          onProgress: progressBar('Import'),
        });
        if (values.json) console.log(JSON.stringify(report, null, 2));
        else printImportReport(report);
        return report.status === 'rejected' ? 2 : 0;
      });
    }
    case 'export': {
      if (!values.indicator || !values.layer) throw new UsageError('lernort export --indicator K --layer L [--period P]');
      const indicators = await import('./modules/indicators/service.ts');
      const monitoring = await import('./modules/monitoring/service.ts');
      const { writeCsv } = await import('./io/csv-write.ts');
      return withDb(config, async (db) => {
        const ind = await indicators.requireIndicator(db.pool, values.indicator!);
        const rows = await monitoring.layerValues(db.pool, values.layer!, ind.key, values.period ?? null);
        const fmt = values.format ?? 'csv';
      if (!['csv', 'csv-intl', 'json'].includes(fmt)) throw new UsageError(`--format csv|csv-intl|json, nicht / not ${fmt}`);
        let out: string;
        if (fmt === 'json') out = JSON.stringify(rows.map(({ areaId: _a, ...r }) => r), null, 2);
        else {
          const header = ['code', 'name', 'indicator', 'period', 'value', 'unit', 'aggregated', 'missing'];
          out = writeCsv(header, rows.map((r) => [r.areaCode, r.areaName, ind.key, r.period, r.value, ind.unit, r.aggregated ? 1 : 0, r.flags.missing ? 1 : 0]), fmt === 'csv-intl' ? 'intl' : 'de');
        }
        if (values.out) fs.writeFileSync(values.out, out);
        else process.stdout.write(out);
        return 0;
      });
    }
    case 'consistency': {
      if (!values.indicator) throw new UsageError('lernort consistency --indicator K [--period P]');
      const monitoring = await import('./modules/monitoring/service.ts');
      return withDb(config, async (db) => {
        const rows = await monitoring.consistencyReport(db.pool, values.indicator!, values.period ?? null);
        if (values.json) console.log(JSON.stringify(rows, null, 2));
        else for (const r of rows) console.log(`${r.period}\t${r.parentLayer}\t${r.parentCode}\t${r.parentName}\t${r.published}\tΣ${r.childLayer}=${r.sumOfChildren}\tΔ=${r.difference}`);
        return 0;
      });
    }
    case 'user': {
      const sub = rest[0];
      const users = await import('./modules/users/service.ts');
      const organisationsService = await import('./modules/organisations/service.ts');
      return withDb(config, async (db) => {
        if (sub === 'add') {
          const username = rest[1];
          if (!username || !values.role) throw new UsageError('lernort user add NAME --role ROLE');
          const scope: Record<string, unknown> = {};
          if (values.organisation) {
            if (!/^\d+$/.test(values.organisation)) throw new UsageError(`--organisation: Nummer des Trägers / organisation id: ${values.organisation}`);
            scope.organisationId = Number(values.organisation);
          }
          if (values.areas) scope.planningAreas = values.areas.split(',').map((a) => a.trim()).filter(Boolean);
          await users.createUser(db, { username, password: await readPassword(), role: values.role, scope });
          console.log(`Benutzer angelegt / user created: ${username} (${values.role})`);
          return 0;
        }
        if (sub === 'reset-password') {
          if (!rest[1]) throw new UsageError('lernort user reset-password NAME');
          await users.resetPassword(db, rest[1], await readPassword());
          console.log(`Passwort gesetzt, Sitzungen beendet / password set, sessions ended: ${rest[1]}`);
          return 0;
        }
        if (sub === 'list') {
          // Scope: a coordinator's planning areas, a provider's organisation (id and name); none for the other roles.
          const list = await users.listUsers(db);
          const organisations = await organisationsService.namesOf(db.pool, list.map((u) => Number(u.scope?.organisationId) || null));
          for (const u of list) {
            const scope = scopeText(u.scope, organisations);
            console.log(`${u.username}\t${u.role}${scope ? `\t${scope}` : ''}${u.disabled ? '\t(gesperrt/disabled)' : ''}`);
          }
          return 0;
        }
        throw new UsageError('lernort user add|reset-password|list');
      });
    }
    default:
      throw new UsageError(`Unbekannter Befehl / unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => process.exit(reportFailure(err, HELP)),
);
