// `lernort projection …` and `lernort demography …` (documented in docs/demography.md):
//
//   lernort projection import FILE [--dry-run] [--layer KEY --code CODE] [--json]
//       published-forecasts.csv (edition;publisher;basis;variant;target_year;population;source) or the
//       state office's RBV PDF (yearly totals of both variants). All or nothing: one bad field and
//       nothing is written (file, line and field named). The RBV's rounding to 10 is a warning.
//   lernort demography backtest [--layer KEY] [--json]
//       the backtest report: launch 2012 → 2020/2024, 2018 → 2020/2024, 2022 → 2023/2024; MAPE and
//       MALPE of each method over the areas and per area; the naive baselines; each published
//       forecast on its own basis.
//   lernort demography project --layer KEY [--launch YEAR] [--horizon YEAR] [--save] [--json]
//   lernort demography typology --layer KEY [--seed N] [--k N] [--save] [--json]
//
// Works beside a running server: the embedded database is shared through the server's socket.
// Exit codes: 0 ok, 1 usage, 2 rejected (file, data), 3 internal error.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { formatLocation } from '../../core/errors.ts';
import { reportFailure, UsageError } from '../../cli-errors.ts';

const USAGE = `Verwendung / usage:
  lernort projection import FILE [--dry-run] [--layer KEY --code CODE] [--json]
                    veröffentlichte Prognosen (published-forecasts.csv oder RBV-PDF) / published forecasts (CSV or RBV PDF)
  lernort demography backtest [--layer ortsteil] [--json]
                    Rückblicktest / backtest report (MAPE, MALPE, naive Basis, veröffentlichte Prognosen)
  lernort demography project --layer KEY [--launch YEAR] [--horizon YEAR] [--save] [--json]
  lernort demography typology --layer KEY [--seed N] [--k N] [--save] [--json]`;

export async function run(argv: string[], config: Config, command: 'projection' | 'demography'): Promise<number> {
  try {
    return await main(argv, config, command);
  } catch (err) {
    return reportFailure(err, USAGE);
  }
}

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(2)} %`);

async function main(argv: string[], config: Config, command: 'projection' | 'demography'): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      save: { type: 'boolean', default: false },
      layer: { type: 'string' },
      code: { type: 'string' },
      launch: { type: 'string' },
      horizon: { type: 'string' },
      seed: { type: 'string' },
      k: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, ...rest] = positionals;
  if (values.help || !sub) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 1;
  }
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: ganze Zahl erwartet / integer expected: ${v}`);
    return Number(v);
  };
  const actor = { name: `cli:${process.env.USER ?? 'unknown'}` };
  let job: (db: import('../../db/connection.ts').Database) => Promise<number>;
  const service = await import('./service.ts');

  if (command === 'projection') {
    if (sub !== 'import') throw new UsageError(`Unbekannter Unterbefehl / unknown subcommand: ${sub}`);
    const file = rest[0];
    if (!file) throw new UsageError('lernort projection import FILE');
    if ((values.layer === undefined) !== (values.code === undefined)) throw new UsageError('--layer und --code nur zusammen / --layer and --code only together');
    if (!fs.existsSync(file)) throw new UsageError(`Datei nicht gefunden / file not found: ${file}`);
    const bytes = fs.readFileSync(file);
    job = async (db) => {
      const r = await service.importPublished(db, { bytes, file: path.basename(file), actor, dryRun: values['dry-run'], layer: values.layer, code: values.code });
      if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        process.stdout.write(`Prognosen / forecasts ${r.file} (${r.format}): ${r.rows} Werte/values, neu/new ${r.inserted}, ersetzt/replaced ${r.updated}${r.dryRun ? ' – nur geprüft / dry run' : ''}\n`);
        if (r.warnings.length) {
          process.stdout.write(`Hinweise / warnings (${r.warnings.length}):\n`);
          for (const w of r.warnings.slice(0, 8)) process.stdout.write(`  ${w.code} ${formatLocation(w)}: ${w.de} / ${w.en}\n`);
          if (r.warnings.length > 8) process.stdout.write(`  … ${r.warnings.length - 8} weitere / more\n`);
        }
      }
      return 0;
    };
  } else if (sub === 'backtest') {
    job = async (db) => {
      const layer = values.layer ?? 'ortsteil';
      const r = await service.backtest(db.pool, { layer });
      if (r.publishedSource === 'none') process.stderr.write('Keine veröffentlichten Prognosen importiert (lernort projection import …) / no published forecasts imported\n');
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ summary: service.backtestSummary(r), city: r.backtest.city, areas: r.backtest.areas, published: r.backtest.published, warnings: r.warnings }, null, 2)}\n`);
        return 0;
      }
      const lines = [`Rückblicktest / backtest (${layer}); Stadt / city: ${r.chosen.city}; Gebiete / areas: ${r.chosen.areas}`, ''];
      lines.push('Start → Ziel | Stadt PE gewählt / chosen | naiv konstant / naive constant | naiv linear | Gebiete MAPE gewählt | MALPE | naiv MAPE | naiv MALPE');
      for (const s of service.backtestSummary(r)) {
        lines.push(`${s.launchYear} → ${s.target} (${s.horizon}) | ${pct(s.city.chosen)} | ${pct(s.city.naiveConstant)} | ${pct(s.city.naiveTrend)} | ${s.areas.chosenMape?.toFixed(2) ?? '–'} | ${pct(s.areas.chosenMalpe)} | ${s.areas.naiveMape?.toFixed(2) ?? '–'} | ${pct(s.areas.naiveMalpe)}`);
        for (const p of s.published) lines.push(`    ${p.edition} ${p.publisher} ${p.variant} (${p.basis}): ${p.population} → PE ${pct(p.pe)}${p.peBridged !== null ? `, auf eigener Basis / own basis ${pct(p.peBridged)}` : ''}${p.bandMiss ? `, Band verfehlt um / band missed by ${pct(p.bandMiss)}` : ''}${p.warning ? ` [${p.warning.code}]` : ''}`);
      }
      lines.push('', r.text);
      for (const w of r.warnings.filter((x) => x.code !== 'BASIS_MISMATCH')) lines.push(`Hinweis / warning ${w.code}: ${w.de} / ${w.en}`);
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    };
  } else if (sub === 'project') {
    if (!values.layer) throw new UsageError('--layer KEY');
    const params = { layer: values.layer, launchYear: int('launch', values.launch), horizon: int('horizon', values.horizon) };
    job = async (db) => {
      const r = values.save ? (await service.createProjectionRun(db, params, actor)).results : await service.computeProjection(db.pool, params);
      if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        for (const w of r.warnings) process.stderr.write(`Hinweis / warning ${w.code}: ${w.de} / ${w.en}\n`);
        const years = r.city.scenarios[0].values.map((v) => v.year);
        process.stdout.write(`code,name,scenario,${years.join(',')},relative_${r.params.from}_${r.params.to}\n`);
        for (const s of r.city.scenarios) process.stdout.write(`${r.city.code},${r.city.name},${s.scenario},${s.values.map((v) => Math.round(v.value)).join(',')},${s.relative?.toFixed(2) ?? ''}\n`);
        for (const a of r.areas) for (const s of a.scenarios) process.stdout.write(`${a.code},"${a.name}",${s.scenario},${s.values.map((v) => Math.round(v.value)).join(',')},${s.relative?.toFixed(2) ?? ''}\n`);
        // Target groups: scenario:band (layer of planning areas first in the code column, e.g. planungsraum/3).
        for (const a of r.targetGroups.areas) for (const b of a.bands) for (const s of b.scenarios) process.stdout.write(`${a.layer === r.params.layer ? a.code : `${a.layer}/${a.code}`},"${a.name}",${s.scenario}:${b.key}${b.estimated ? '(geschätzt/estimated)' : ''},${s.values.map((v) => Math.round(v.value)).join(',')},\n`);
      }
      return 0;
    };
  } else if (sub === 'typology') {
    if (!values.layer) throw new UsageError('--layer KEY');
    const params = { layer: values.layer, seed: int('seed', values.seed), k: int('k', values.k) };
    job = async (db) => {
      const r = values.save ? (await service.createTypologyRun(db, params, actor)).results : await service.computeTypology(db.pool, params);
      if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        process.stdout.write(`k = ${r.k}, Silhouette ${r.silhouette.toFixed(3)}, Stabilität / stability (mittlerer ARI) ${r.stability.meanAri.toFixed(3)} (${r.stability.resamples} Stichproben / resamples), ${r.params.period}\n`);
        for (const p of r.profiles) process.stdout.write(`  Typ / type ${p.label + 1} (${p.size}): ${p.de} / ${p.en}\n`);
        for (const a of r.areas) process.stdout.write(`${a.code},"${a.name}",${a.cluster === null ? '' : a.cluster + 1}\n`);
      }
      return 0;
    };
  } else throw new UsageError(`Unbekannter Unterbefehl / unknown subcommand: ${sub}`);

  const { openAndMigrate } = await import('../../main.ts');
  const db = await openAndMigrate(config);
  try {
    return await job(db);
  } finally {
    await db.close();
  }
}
