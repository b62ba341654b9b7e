// The real data: Leipzig's 63 Ortsteile (statistics portal, 2018 and 2019). 80 % of 18.1 M € (the
// 2024 budget) by residents, 20 % by children under 15 in SGB II households — a Hamburg-style key
// with Leipzig's own counts — read through the German CSV path of the CLI, then damped against last
// year (the same key on 2018 data with 17.6 M €, the 2023 budget): nobody loses, nobody gains > 5 %.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../../src/core/allocation/index.ts';
import { readAreasCsv } from '../../../src/modules/budget/cli.ts';
import { parseModel } from '../../../src/modules/budget/service.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const stat = (file: string) => JSON.parse(fs.readFileSync(path.join(DATA, 'leipzig', 'statistik', file), 'utf8')).data as Record<string, Record<string, { value: number; district: string }[]>>;
const residents = stat('einwohner-insgesamt.json');
const sgb2 = stat('bedarfsgemeinschaften.json');
const byName = (rows: { value: number; district: string }[]) => new Map(rows.map((r) => [r.district, r.value]));

function table(year: string) {
  const p = byName(residents[year]['Einwohner insgesamt']);
  const k = byName(sgb2[year]['unter 15 Jahre']);
  return [...p.keys()].sort().map((name) => ({ name, p: p.get(name)!, k: k.get(name)! }));
}

const model = parseModel({
  name: 'Leipzig 0.8/0.2', formula: { kind: 'share', alpha: 0, w: 0.8, population: 'einwohner', need: { kind: 'population-in-need', column: 'kinder_sgb2' } },
});
const de = (x: number) => x.toFixed(2).replace('.', ',');

describe('Leipzig, 63 Ortsteile, 2019', () => {
  const rows2019 = table('2019');
  const rows2018 = table('2018');

  it('has the same 63 Ortsteile with both counts in both years', () => {
    expect(rows2019).toHaveLength(63);
    expect(rows2018.map((r) => r.name)).toEqual(rows2019.map((r) => r.name));
    expect(rows2019.every((r) => Number.isFinite(r.p) && Number.isFinite(r.k))).toBe(true);
  });

  it('gives Grünau-Mitte 0.8·P/ΣP + 0.2·K/ΣK of 18.1 M € to the cent, and the Ortsteile sum to the budget', async () => {
    const csv = ['code;einwohner;kinder_sgb2', ...rows2019.map((r) => `${r.name};${r.p};${r.k}`)].join('\n');
    const { areas } = readAreasCsv(new TextEncoder().encode(csv), 'leipzig-2019.csv', model);
    const r = await allocate(model, areas, 1_810_000_000);
    expect(r.areas.reduce((s, a) => s + a.amount, 0)).toBe(1_810_000_000);
    const sumP = rows2019.reduce((s, x) => s + x.p, 0), sumK = rows2019.reduce((s, x) => s + x.k, 0);
    const gm = rows2019.find((x) => x.name === 'Grünau-Mitte')!;
    expect(gm.k).toBe(1046);
    const expected = 1_810_000_000 * (0.8 * (gm.p / sumP) + 0.2 * (gm.k / sumK));
    const got = r.areas.find((a) => a.code === 'Grünau-Mitte')!;
    expect(Math.abs(got.amount - expected)).toBeLessThanOrEqual(1);
    expect(got.needPart).toBe(Math.round(1_810_000_000 * 0.2 * (1046 / sumK)));
  });

  it('damped against last year (17.6 M € by the 2018 counts): nobody loses, nobody gains more than 5 %, to the cent', async () => {
    const last = await allocate(model, rows2018.map((r) => ({ code: r.name, values: { einwohner: r.p, kinder_sgb2: r.k } })), 1_760_000_000);
    const lastOf = new Map(last.areas.map((a) => [a.code, a.amount]));
    const damped = { ...model, lastYear: 'last_year', damping: { floor: 0, cap: 0.05 } };
    const csv = ['code;einwohner;kinder_sgb2;last_year', ...rows2019.map((r) => `${r.name};${r.p};${r.k};${de(lastOf.get(r.name)! / 100)}`)].join('\r\n');
    const { areas } = readAreasCsv(new TextEncoder().encode(csv), 'leipzig-2019.csv', damped);
    const r = await allocate(damped, areas, 1_810_000_000);
    expect(r.areas.reduce((s, a) => s + a.amount, 0)).toBe(1_810_000_000);
    for (const a of r.areas) {
      const a0 = lastOf.get(a.code)!;
      expect(a.amount).toBeGreaterThanOrEqual(a0);
      expect(a.amount).toBeLessThanOrEqual(Math.floor(a0 * 1.05));
      expect(a.carriedForward + a.base + a.populationPart + a.needPart + a.damping + a.optimisation + a.rounding).toBe(a.amount);
    }
    // the budget grows by 2.8 %: some Ortsteile are held at last year, some capped, the rest move together
    expect(r.areas.some((a) => a.bound === 'floor')).toBe(true);
  });
});
