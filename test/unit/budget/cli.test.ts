// The outside contract: `lernort budget allocate --input CSV --model FILE.json --budget AMOUNT
// [--format csv]`, spawned as a user would run it (no database), plus the schema file and templates.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config.ts';
import { allocate } from '../../../src/core/allocation/index.ts';
import { parseBudgetAmount } from '../../../src/modules/budget/cli.ts';
import { modelJsonSchema } from '../../../src/modules/budget/schema.ts';
import { listTemplates, templatePath } from '../../../src/modules/budget/service.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-budget-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

function lernort(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), 'budget', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function parse(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split('\n');
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}
const cents = (euro: string) => Math.round(Number(euro) * 100);

// The four districts of formula.test.ts as a German CSV (';', decimal comma, thousands dots)
const german = write('districts.csv', [
  'code;u18;u18_low_status;need_score;last_year',
  'altona;40.000;10.000;0,61;7.500.000,00',
  'bergedorf;20.000;2.000;0,35;3.300.000,00',
  'eimsbuettel;30.000;0;0,12;4.400.000,00',
  'mitte;10.000;8.000;0,93;2.400.000,00',
].join('\r\n'));

describe('lernort budget allocate', () => {
  it('allocates the Hamburg template over a German CSV to the cent, with every explanation column', () => {
    const r = lernort('allocate', '--input', german, '--model', templatePath('jew-hamburg-2021.json'), '--budget', '18.100.000,00', '--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('code,amount,target,carried_forward,base,population_part,need_part,damping,optimisation,rounding,distance_from_target,bound');
    const rows = parse(r.stdout);
    expect(rows.map((x) => [x.code, x.amount])).toEqual([['altona', '7602000.00'], ['bergedorf', '3258000.00'], ['eimsbuettel', '4344000.00'], ['mitte', '2896000.00']]);
    expect(rows.reduce((s, x) => s + cents(x.amount), 0)).toBe(1_810_000_000);
  });

  it('damps and optimises an international CSV: the amounts sum to an odd budget to the cent and the parts add up', () => {
    const intl = write('intl.csv', 'code,u18,u18_low_status,need_score,last_year\n' + ['altona,40000,10000,0.61,7500000.00', 'bergedorf,20000,2000,0.35,3300000.00', 'eimsbuettel,30000,0,0.12,4400000.00', 'mitte,10000,8000,0.93,2400000.00', 'neu,1000,900,0.99,'].join('\n') + '\n');
    const model = write('damped.json', JSON.stringify({
      name: 'gedämpft', formula: { kind: 'share', alpha: 0.05, w: 0.8, population: 'u18', need: { kind: 'rank-score', column: 'need_score' } },
      lastYear: 'last_year', damping: { floor: -0.02, cap: 0.03, overrides: { mitte: { cap: 0.1 } } }, optimisation: { kind: 'l1-closest' },
    }));
    const r = lernort('allocate', '--input', intl, '--model', model, '--budget', '18100000.07');
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout);
    expect(rows.reduce((s, x) => s + cents(x.amount), 0)).toBe(1_810_000_007);
    for (const x of rows) {
      const parts = ['carried_forward', 'base', 'population_part', 'need_part', 'damping', 'optimisation', 'rounding'].reduce((s, k) => s + cents(x[k]), 0);
      expect(parts).toBe(cents(x.amount));
    }
    // mitte may grow by 10 % of 2,400,000 €, the others by 3 % at most
    expect(cents(rows[3].amount)).toBeLessThanOrEqual(264_000_000);
    expect(cents(rows[0].amount)).toBeLessThanOrEqual(772_500_000);
  });

  it('rejects a bad number with file, line and field in German and English (exit 2)', () => {
    const bad = write('bad.csv', 'code;u18;u18_low_status\nA;100;10\nB;zwölf;3\n');
    const r = lernort('allocate', '--input', bad, '--model', templatePath('jew-hamburg-2021.json'), '--budget', '1000');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}, Zeile/line 3, Feld/field „u18“`);
    expect(r.stderr).toMatch(/ist keine Zahl.*is not a number/);
    expect(r.stdout).toBe('');
  });

  it('rejects a missing column and a class indicator of 0.5 with the line of the area (exit 2)', () => {
    const noCol = lernort('allocate', '--input', write('nocol.csv', 'code;u18\nA;1\n'), '--model', templatePath('jew-hamburg-2021.json'), '--budget', '1000');
    expect(noCol.code).toBe(2);
    expect(noCol.stderr).toMatch(/Zeile\/line 1, Feld\/field „u18_low_status“.*Column "u18_low_status" is missing/);
    const model = write('class.json', JSON.stringify({ name: 'c', formula: { kind: 'share', w: 0.5, population: 'u18', need: { kind: 'class-indicator', column: 'focus' } } }));
    const half = lernort('allocate', '--input', write('class.csv', 'code,u18,focus\nA,1,1\nB,1,0.5\n'), '--model', model, '--budget', '1000');
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/Zeile\/line 3, Feld\/field „focus“.*must be 0 or 1/);
  });

  it('rejects an invalid model naming the file and the field, and infeasible floors with the set to relax', () => {
    const r = lernort('allocate', '--input', german, '--model', write('m.json', '{"name":"x","formula":{"kind":"share","w":0.8,"population":"u18"}}'), '--budget', '1000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/m\.json, Feld\/field „formula.need“.*w < 1 needs a need weight/);
    const floors = write('floors.json', JSON.stringify({ name: 'f', formula: { kind: 'share', population: 'u18' }, lastYear: 'last_year', damping: { floor: 0, cap: 0.1 } }));
    const f = lernort('allocate', '--input', german, '--model', floors, '--budget', '17000000');
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('BUDGET_FLOORS_EXCEED_BUDGET');
    expect(f.stderr).toContain('altona, eimsbuettel, bergedorf, mitte');
  });

  it('answers a usage error with exit 1', () => {
    expect(lernort('allocate', '--input', german).code).toBe(1);
    expect(lernort('allocate', '--input', german, '--model', 'x.json', '--budget', '1', '--format', 'xml').code).toBe(1);
  });
});

describe('budget amounts, model schema and templates', () => {
  it('reads 18100000, 18.100.000,00, 18100000.00 and 18,100,000.00 as the same cents', () => {
    for (const s of ['18100000', '18.100.000,00', '18100000.00', '18,100,000.00', '18.100.000']) expect(parseBudgetAmount(s)).toBe(1_810_000_000);
    expect(() => parseBudgetAmount('100,001')).toThrow(expect.objectContaining({ code: 'BUDGET_AMOUNT_INVALID' }));
    expect(() => parseBudgetAmount('-5')).toThrow(expect.objectContaining({ code: 'BUDGET_AMOUNT_INVALID' }));
  });

  it('the documented JSON Schema is the one exported from the zod schema (regenerate with `lernort budget schema`)', () => {
    const file = JSON.parse(fs.readFileSync(path.join(projectRoot, 'docs', 'budget-model.schema.json'), 'utf8'));
    expect(file).toEqual(modelJsonSchema());
  });

  it('ships the two JEW templates, valid, in files named with "jew"', () => {
    const t = listTemplates();
    expect(t.map((x) => [x.file, x.model.name])).toEqual([['jew-hamburg-2021.json', 'Hamburg JEW 2021 (0.8/0.2)'], ['jew-rangvariante-isa.json', 'JEW Rangvariante (ISA)']]);
    expect(t[0].model.formula).toMatchObject({ kind: 'share', alpha: 0, w: 0.8 });
  });

  it('the ISA template reproduces the rank-variant example of formula.test.ts: 150,000 / 400,000 / 300,000 €', async () => {
    const isa = listTemplates()[1].model;
    const areas = [{ code: 'a', values: { u18: 1000, need_score: 5 } }, { code: 'b', values: { u18: 2000, need_score: 9 } }, { code: 'c', values: { u18: 3000, need_score: 1 } }];
    expect((await allocate(isa, areas, 85_000_000)).areas.map((a) => a.amount)).toEqual([15_000_000, 40_000_000, 30_000_000]);
  });
});
