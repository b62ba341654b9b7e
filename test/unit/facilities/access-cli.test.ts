// `lernort access` on the METHODS.md §6 check network, laid out as coordinates. The network is given
// in minutes; it has an exact planar layout: K1 (0,0), K2 (20,0), A (−5,0), B (12,0) and C at
// distance 28 from K1 and 18 from K2. Without --speed one unit is one minute; in metres at 4.8 km/h
// (80 m/min, --detour 1) every coordinate is multiplied by 80. The core formulas are tested in
// test/unit/core/access.test.ts; here: the command, its CSV, units, invariants and distance 0.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config.ts';
import { accessFromCsv } from '../../../src/modules/facilities/cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-access-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const cy = Math.sqrt(28 ** 2 - 21.5 ** 2);

function files(scale: number, name: string) {
  const demand = path.join(dir, `${name}-demand.csv`);
  const supply = path.join(dir, `${name}-supply.csv`);
  fs.writeFileSync(demand, `id,x,y,population\nA,${-5 * scale},0,1000\nB,${12 * scale},0,2000\nC,${21.5 * scale},${cy * scale},1000\n`);
  fs.writeFileSync(supply, `id,x,y,capacity\nK1,0,0,10\nK2,${20 * scale},0,20\n`);
  return { demand, supply };
}

function cli(args: string[]): Map<string, number> {
  const out = execFileSync(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), 'access', ...args, '--format', 'csv'], { encoding: 'utf8' });
  const [header, ...lines] = out.trim().split('\n');
  expect(header).toBe('id,access');
  return new Map(lines.map((l) => [l.split(',')[0], Number(l.split(',')[1])]));
}

const P = { A: 1000, B: 2000, C: 1000 };
const sumPA = (a: Map<string, number>) => P.A * a.get('A')! + P.B * a.get('B')! + P.C * a.get('C')!;

describe('lernort access (METHODS §6 check network)', () => {
  const unit = files(1, 'unit');
  const metres = files(80, 'metres');

  it('2SFCA with d0 = 15 prints A = (0.0033333, 0.0133333, 0) per demand point', () => {
    const a = cli(['--method', '2sfca', '--demand', unit.demand, '--supply', unit.supply, '--d0', '15']);
    expect([...a.keys()]).toEqual(['A', 'B', 'C']);
    expect(a.get('A')).toBeCloseTo(0.0033333, 7);
    expect(a.get('B')).toBeCloseTo(0.0133333, 7);
    expect(a.get('C')).toBe(0);
  });

  it('2SFCA with d0 = 30 prints 0.0075 everywhere and ΣP·A = ΣS = 30', () => {
    const a = cli(['--method', '2sfca', '--demand', unit.demand, '--supply', unit.supply, '--d0', '30']);
    for (const id of ['A', 'B', 'C']) expect(a.get(id)).toBeCloseTo(0.0075, 12);
    expect(sumPA(a)).toBeCloseTo(30, 9);
  });

  it('E2SFCA with the classic steps gives (0.0053932, 0.0095322, 0.0055424), by default and with --weights', () => {
    for (const extra of [[], ['--weights', '10:1,20:0.68,30:0.22']]) {
      const a = cli(['--method', 'e2sfca', '--demand', unit.demand, '--supply', unit.supply, ...extra]);
      expect(a.get('A')).toBeCloseTo(0.0053932, 7);
      expect(a.get('B')).toBeCloseTo(0.0095322, 7);
      expect(a.get('C')).toBeCloseTo(0.0055424, 7);
      expect(Math.abs(a.get('A')! - (10 / 2580 + 0.22 * 20 / 2900))).toBeLessThan(1e-12);
      expect(sumPA(a)).toBeCloseTo(30, 9);
    }
  });

  it('gives the same answers in metres with --speed 4.8 --detour 1 (80 m per minute)', () => {
    const a = cli(['--method', 'e2sfca', '--demand', metres.demand, '--supply', metres.supply, '--speed', '4.8', '--detour', '1']);
    expect(a.get('A')).toBeCloseTo(0.0053932, 7);
    expect(a.get('B')).toBeCloseTo(0.0095322, 7);
    expect(a.get('C')).toBeCloseTo(0.0055424, 7);
    const b = cli(['--method', '2sfca', '--demand', metres.demand, '--supply', metres.supply, '--d0', '15', '--speed', '4.8', '--detour', '1']);
    expect(b.get('B')).toBeCloseTo(0.0133333, 7);
    // without --speed the same file is read in metres: d0 = 1200 m is 15 minutes at 80 m/min
    const c = cli(['--method', '2sfca', '--demand', metres.demand, '--supply', metres.supply, '--d0', '1200']);
    expect(c.get('B')).toBeCloseTo(0.0133333, 7);
  });

  it('BFCA counts each person once: 0.005 everywhere with all pairs inside 30', () => {
    const a = cli(['--method', 'bfca', '--demand', unit.demand, '--supply', unit.supply, '--d0', '30']);
    for (const id of ['A', 'B', 'C']) expect(a.get(id)).toBeCloseTo(0.005, 12);
  });

  it('counts a facility at distance 0 inside its catchment (also with a tiny d0)', () => {
    const d = path.join(dir, 'zero-d.csv'), s = path.join(dir, 'zero-s.csv');
    fs.writeFileSync(d, 'id,x,y,population\nhere,100,100,50\nfar,5000,100,50\n');
    fs.writeFileSync(s, 'id,x,y,capacity\nk,100,100,10\n');
    for (const m of [['2sfca', '--d0', '0.001'], ['e2sfca'], ['bfca', '--d0', '0.001']]) {
      const a = cli(['--method', m[0], '--demand', d, '--supply', s, ...m.slice(1)]);
      expect(a.get('here')).toBeCloseTo(0.2, 12);
      expect(a.get('far')).toBe(0);
    }
  });

  it('keeps ΣP·A = ΣS over reached facilities on a seeded random layout (E2SFCA and 2SFCA)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const dem = ['id,x,y,population', ...Array.from({ length: 400 }, (_, i) => `d${i},${rnd() * 5000},${rnd() * 5000},${1 + Math.floor(rnd() * 500)}`)].join('\n');
    const sup = ['id,x,y,capacity', ...Array.from({ length: 30 }, (_, i) => `s${i},${rnd() * 5000},${rnd() * 5000},${Math.floor(rnd() * 100)}`)].join('\n');
    for (const o of [{ method: 'e2sfca' as const, speedKmh: 4.8, detour: 1.3 }, { method: '2sfca' as const, d0: 12, speedKmh: 4.8, detour: 1.3 }]) {
      const r = accessFromCsv(new TextEncoder().encode(dem), 'd.csv', new TextEncoder().encode(sup), 's.csv', o);
      const pops = dem.split('\n').slice(1).map((l) => Number(l.split(',')[3]));
      const caps = new Map(sup.split('\n').slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[3])]));
      const unreached = new Set(r.unreached);
      const sumS = [...caps].filter(([id]) => !unreached.has(id)).reduce((s, [, c]) => s + c, 0);
      const total = pops.reduce((s, p, i) => s + p * r.access[i], 0);
      expect(Math.abs(total - sumS) / sumS).toBeLessThan(1e-12);
    }
  });

  it('fails with a message naming file, line and field for a bad number', () => {
    const d = path.join(dir, 'bad-d.csv');
    fs.writeFileSync(d, 'id,x,y,population\na,1,2,many\n');
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), 'access', '--method', '2sfca', '--demand', d, '--supply', unit.supply], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      stderr = String((e as { stderr?: string }).stderr);
      expect((e as { status?: number }).status).toBe(2);
    }
    expect(stderr).toContain('CSV_NUMBER_INVALID');
    expect(stderr).toContain('population');
  });
});
