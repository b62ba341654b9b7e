// Loads the real Leipzig files for the demography tests through the project's readers
// (src/io/leipzig-json.ts); published-forecasts.csv is a plain `;` file without quotes.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../src/config.ts';
import { deriveBroadAgeGroups } from '../../../src/core/demography/broad-age-groups.ts';
import type { BroadGroupsByYear } from '../../../src/core/demography/backtest.ts';
import type { Basis, LeipzigBacktestData, PublishedForecast } from '../../../src/core/demography/backtest-leipzig.ts';
import { readKdValues, readLeipzigPopulation } from '../../../src/io/leipzig-json.ts';

export const sharedData = process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data');
const leipzig = (...p: string[]) => path.join(sharedData, 'leipzig', ...p);

export function loadLeipzigBacktestData(): LeipzigBacktestData {
  const pop = readLeipzigPopulation(fs.readFileSync(leipzig('statistik', 'einwohner-2000-2024.json')), 'einwohner-2000-2024.json');
  if (pop.errors.length) throw new Error(pop.errors[0].en);
  const einwohner = pop.records.filter((r) => r.indicator === 'einwohner' && r.value !== null);
  const city = new Map(einwohner.filter((r) => r.layer === 'stadt').map((r) => [Number(r.period), r.value!]));
  const byArea = new Map<string, Map<number, number>>();
  for (const r of einwohner.filter((x) => x.layer === 'ortsteil')) {
    const id = r.area.name.trim();
    if (!byArea.has(id)) byArea.set(id, new Map());
    byArea.get(id)!.set(Number(r.period), r.value!);
  }
  const areas = [...byArea].map(([id, values]) => ({ id, values }));

  const kd = readKdValues(fs.readFileSync(leipzig('statistik', 'jugendquote.json')), 'jugendquote.json');
  const ratio = new Map<string, number>(kd.records.filter((r) => r.value !== null).map((r) => [`${r.indicator}|${r.area.name.trim()}|${r.period}`, r.value!]));
  const broadGroups = new Map<string, Map<number, BroadGroupsByYear>>();
  for (const { id, values } of areas) {
    const m = new Map<number, BroadGroupsByYear>();
    for (const [year, total] of values) {
      const j = ratio.get(`jugendquote|${id}|${year}`);
      const a = ratio.get(`altenquote|${id}|${year}`);
      if (j === undefined || a === undefined) continue;
      const g = deriveBroadAgeGroups({ total, youthRatio: j, oldAgeRatio: a });
      m.set(year, { young: g.young.value, working: g.working.value, old: g.old.value });
    }
    broadGroups.set(id, m);
  }

  const csv = fs.readFileSync(leipzig('prognose', 'published-forecasts.csv'), 'utf8').trim().split(/\r?\n/);
  const head = csv[0].split(';');
  const col = (name: string) => head.indexOf(name);
  const published: PublishedForecast[] = csv.slice(1).map((line) => {
    const c = line.split(';');
    return { edition: Number(c[col('edition')]), publisher: c[col('publisher')], basis: c[col('basis')] as Basis, variant: c[col('variant')], targetYear: Number(c[col('target_year')]), population: Number(c[col('population')]) };
  });
  return { city, areas, broadGroups, published, basisBridge: { year: 2018, official: 587857, register: 596517 } };
}
