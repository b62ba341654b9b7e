// Flensburg's Sozialatlas tables for the demography tests, read directly (plain CSV, no quotes in the
// columns used): residents per Stadtteil 2011, 2017–2021 (tab 1; "gesamt" is 2021) and residents
// under 18 per Stadtteil for the same years (tab 6, no header row).
import fs from 'node:fs';
import path from 'node:path';
import { sharedData } from './leipzig-data.ts';

const YEARS = [2011, 2017, 2018, 2019, 2020, 2021];
const file = (f: string) => fs.readFileSync(path.join(sharedData, 'flensburg', f), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');

export function loadFlensburg(): { areas: Array<{ id: string; name: string; total: Map<number, number>; under18: Map<number, number> }>; city: Map<number, number> } {
  const t1 = file('tab_1_einwohner_in_stadtteilen_2011_bis_2021.csv').slice(1).map((l) => l.split(','));
  const t6 = file('tab_6_kinder_und_jugd_bis_18.csv').map((l) => l.split(','));
  const areas = t1.map((c) => {
    const id = c[0].padStart(2, '0');
    const u = t6.find((r) => r[0].startsWith(`${id} `));
    if (!u) throw new Error(`tab_6 lacks Stadtteil ${id}`);
    return {
      id, name: c[1],
      total: new Map(YEARS.map((y, i) => [y, Number(c[2 + i])])),
      under18: new Map(YEARS.map((y, i) => [y, Number(u[1 + i])])),
    };
  });
  const city = new Map(YEARS.map((y) => [y, areas.reduce((s, a) => s + a.total.get(y)!, 0)]));
  return { areas, city };
}
