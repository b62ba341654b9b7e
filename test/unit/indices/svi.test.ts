// The CDC/ATSDR Social Vulnerability Index computed by the shipped SVI template, checked against a
// county table worked out by hand in this file from CDC's documented method (SVI documentation
// 2020/2022): EPL_x = percentile rank (rank − 1)/(N − 1) of each variable, ties take the lowest rank,
// 4 decimals; SPL_THEMEn = sum of the theme's EPLs, rounded to 4 decimals; RPL_THEMEn = percentile
// rank of SPL_THEMEn; SPL_THEMES = sum of the four SPL_THEMEn; RPL_THEMES = its percentile rank;
// F_x = 1 when EPL_x ≥ 0.90; F_THEMEn = flags in the theme; F_TOTAL = all flags.
//
// 12 counties, C12 without residents (CDC does not rank areas without population), so N = 11 and
// every percentile rank is a multiple of 0.1 — easy to check by hand, and exactly the numbers whose
// float sums carry noise (0.1 + 0.2 = 0.30000000000000004).
import { describe, expect, it } from 'vitest';
import { computeIndex, type ComputeOutput } from '../../../src/modules/indices/compute.ts';
import { listTemplates, computedToRun, exportRows, exportRun } from '../../../src/modules/indices/service.ts';
import { bindRoles } from '../../../src/modules/indices/roles.ts';

const VARS = ['POV150', 'UNEMP', 'HBURD', 'NOHSDP', 'UNINSUR', 'AGE65', 'AGE17', 'DISABL', 'SNGPNT', 'LIMENG', 'MINRTY', 'MUNIT', 'MOBILE', 'CROWD', 'NOVEH', 'GROUPQ'] as const;
const THEMES = [VARS.slice(0, 5), VARS.slice(5, 10), VARS.slice(10, 11), VARS.slice(11)];

// Input: the EP_ (percentage) of each variable per county. Ties: C02 and C10 share POV150 = 10.0;
// C09 and C10 share the highest NOVEH = 24.1.
const VALUES: [string, ...number[]][] = [
    ['C01', 6.6, 5.3, 17.6, 14.6, 18.4, 17.1, 22.6, 6.0, 13.2, 23.8, 24.2, 16.1, 18.2, 16.9, 22.4, 12.6],
    ['C02', 10.0, 15.5, 12.5, 7.8, 15.0, 5.2, 14.1, 14.5, 18.3, 18.7, 20.8, 7.6, 19.9, 11.8, 20.7, 24.5],
    ['C03', 15.1, 20.6, 19.3, 4.4, 9.9, 18.8, 20.9, 12.8, 21.7, 17.0, 19.1, 24.6, 14.8, 18.6, 17.3, 9.2],
    ['C04', 18.5, 12.1, 15.9, 18.0, 13.3, 8.6, 9.0, 19.6, 9.8, 20.4, 12.3, 21.2, 11.4, 15.2, 10.5, 21.1],
    ['C05', 3.2, 7.0, 5.7, 11.2, 21.8, 13.7, 10.7, 21.3, 8.1, 22.1, 8.9, 17.8, 9.7, 8.4, 19.0, 14.3],
    ['C06', 16.8, 13.8, 7.4, 9.5, 8.2, 6.9, 15.8, 23.0, 16.6, 6.8, 17.4, 9.3, 13.1, 25.4, 13.9, 26.2],
    ['C07', 20.2, 18.9, 14.2, 16.3, 4.8, 10.3, 19.2, 9.4, 6.4, 11.9, 10.6, 11.0, 21.6, 22.0, 15.6, 17.7],
    ['C08', 13.4, 8.7, 21.0, 19.7, 20.1, 20.5, 12.4, 17.9, 14.9, 13.6, 22.5, 19.5, 25.0, 13.5, 8.8, 19.4],
    ['C09', 4.9, 3.6, 4.0, 6.1, 6.5, 12.0, 17.5, 11.1, 11.5, 10.2, 7.2, 12.7, 8.0, 20.3, 24.1, 16.0],
    ['C10', 10.0, 10.4, 9.1, 12.9, 11.6, 22.2, 5.6, 16.2, 20.0, 15.3, 15.7, 22.9, 23.3, 10.1, 24.1, 22.8],
    ['C11', 8.3, 17.2, 10.8, 21.4, 16.7, 15.4, 7.3, 7.7, 23.4, 8.5, 14.0, 14.4, 16.5, 23.7, 12.2, 10.9],
  ['C12', ...VARS.map(() => 99.9)], // no residents: not ranked, and must not move anybody's rank
];
const POPULATION = [1200, 800, 1500, 950, 2100, 700, 1800, 1300, 600, 1100, 900, 0];

// By hand: rank = 1 + number of rated counties with a strictly lower value, EPL = (rank − 1)/10.
// POV150 sorted: 3.2 (C05) 4.9 (C09) 6.6 (C01) 8.3 (C11) 10.0 (C02, C10: both rank 5 → 0.4)
// 13.4 (C08: rank 7 → 0.6) 15.1 16.8 18.5 20.2, so no county has 0.5.
// NOVEH: C09 and C10 share the top value → both rank 10 → 0.9 (both flagged), nobody has 1.0.
const EPL: [string, ...number[]][] = [
    ['C01', 0.2, 0.1, 0.8, 0.6, 0.8, 0.7, 1.0, 0.0, 0.4, 1.0, 1.0, 0.5, 0.6, 0.5, 0.8, 0.2],
    ['C02', 0.4, 0.7, 0.5, 0.2, 0.6, 0.0, 0.5, 0.5, 0.7, 0.7, 0.8, 0.0, 0.7, 0.2, 0.7, 0.9],
    ['C03', 0.7, 1.0, 0.9, 0.0, 0.3, 0.8, 0.9, 0.4, 0.9, 0.6, 0.7, 1.0, 0.4, 0.6, 0.5, 0.0],
    ['C04', 0.9, 0.5, 0.7, 0.8, 0.5, 0.2, 0.2, 0.8, 0.2, 0.8, 0.3, 0.8, 0.2, 0.4, 0.1, 0.7],
    ['C05', 0.0, 0.2, 0.1, 0.4, 1.0, 0.5, 0.3, 0.9, 0.1, 0.9, 0.1, 0.6, 0.1, 0.0, 0.6, 0.3],
    ['C06', 0.8, 0.6, 0.2, 0.3, 0.2, 0.1, 0.6, 1.0, 0.6, 0.0, 0.6, 0.1, 0.3, 1.0, 0.3, 1.0],
    ['C07', 1.0, 0.9, 0.6, 0.7, 0.0, 0.3, 0.8, 0.2, 0.0, 0.3, 0.2, 0.2, 0.8, 0.8, 0.4, 0.5],
    ['C08', 0.6, 0.3, 1.0, 0.9, 0.9, 0.9, 0.4, 0.7, 0.5, 0.4, 0.9, 0.7, 1.0, 0.3, 0.0, 0.6],
    ['C09', 0.1, 0.0, 0.0, 0.1, 0.1, 0.4, 0.7, 0.3, 0.3, 0.2, 0.0, 0.3, 0.0, 0.7, 0.9, 0.4],
    ['C10', 0.4, 0.4, 0.3, 0.5, 0.4, 1.0, 0.0, 0.6, 0.8, 0.5, 0.5, 0.9, 0.9, 0.1, 0.9, 0.8],
    ['C11', 0.3, 0.8, 0.4, 1.0, 0.7, 0.6, 0.1, 0.1, 1.0, 0.1, 0.4, 0.4, 0.5, 0.9, 0.2, 0.1],
];

// By hand from EPL: SPL_THEMEn = sum, RPL_THEMEn = percentile rank of the sums among the 11 counties.
// Theme 1 sums sorted: 0.3 (C09) 1.7 (C05) 2.0 (C10) 2.1 (C06) 2.4 (C02) 2.5 (C01) 2.9 (C03)
// 3.2 (C07, C11: both rank 8 → 0.7) 3.4 (C04: rank 10 → 0.9) 3.7 (C08 → 1.0).
// The float traps: theme 2 of C08 and C10 (0.9+0.4+0.7+0.5+0.4 and 1.0+0.0+0.6+0.8+0.5) are both
// 2.9 and C09 and C11 both 1.9; theme 4 of C01 and C08 both 2.6; SPL_THEMES of C06 and C07 both 7.7
// — summed as floats they differ in the last bit, and a rank of the unrounded sums splits the ties.
// columns: SPL_THEME1, RPL_THEME1, SPL_THEME2, RPL_THEME2, SPL_THEME3, RPL_THEME3, SPL_THEME4,
// RPL_THEME4, SPL_THEMES, RPL_THEMES, F_THEME1, F_THEME2, F_THEME3, F_THEME4, F_TOTAL
const THEME_TABLE: [string, ...number[]][] = [
    ['C01', 2.5, 0.5, 3.1, 0.9, 1.0, 1.0, 2.6, 0.6, 9.2, 0.8, 0, 2, 1, 0, 3],
    ['C02', 2.4, 0.4, 2.4, 0.5, 0.8, 0.8, 2.5, 0.4, 8.1, 0.5, 0, 0, 0, 1, 1],
    ['C03', 2.9, 0.6, 3.6, 1.0, 0.7, 0.7, 2.5, 0.4, 9.7, 0.9, 2, 2, 0, 1, 5],
    ['C04', 3.4, 0.9, 2.2, 0.3, 0.3, 0.3, 2.2, 0.2, 8.1, 0.5, 1, 0, 0, 0, 1],
    ['C05', 1.7, 0.1, 2.7, 0.6, 0.1, 0.1, 1.6, 0.0, 6.1, 0.1, 1, 2, 0, 0, 3],
    ['C06', 2.1, 0.3, 2.3, 0.4, 0.6, 0.6, 2.7, 0.8, 7.7, 0.3, 0, 1, 0, 2, 3],
    ['C07', 3.2, 0.7, 1.6, 0.0, 0.2, 0.2, 2.7, 0.8, 7.7, 0.3, 2, 0, 0, 0, 2],
    ['C08', 3.7, 1.0, 2.9, 0.7, 0.9, 0.9, 2.6, 0.6, 10.1, 1.0, 3, 1, 1, 1, 6],
    ['C09', 0.3, 0.0, 1.9, 0.1, 0.0, 0.0, 2.3, 0.3, 4.5, 0.0, 0, 0, 0, 1, 1],
    ['C10', 2.0, 0.2, 2.9, 0.7, 0.5, 0.5, 3.6, 1.0, 9.0, 0.7, 0, 1, 0, 3, 4],
    ['C11', 3.2, 0.7, 1.9, 0.1, 0.4, 0.4, 2.1, 0.1, 7.6, 0.2, 1, 1, 0, 1, 3],
];

const svi = listTemplates().find((t) => t.key === 'svi')!;
const keyOf = (v: string) => `ep_${v.toLowerCase()}`;
const known = new Set([...VARS.map(keyOf), 'einwohner']);
const areas = VALUES.map(([code], i) => ({ id: i + 1, code, name: `County ${code}` }));
const values = Object.fromEntries(VARS.map((v, k) => [keyOf(v), VALUES.map((row) => row[k + 1] as number)]));

function runSvi(): ComputeOutput {
  const { definition } = bindRoles(svi, {}, known); // the defaults ep_pov150 … and einwohner exist here
  return computeIndex({ definition, areas, values, population: POPULATION });
}
const exported = () => {
  const out = runSvi();
  const run = computedToRun({ definition: bindRoles(svi, {}, known).definition, layer: 'county', period: '2022', inputHash: 'h', sensitivity: undefined, output: out });
  return { out, run, rows: exportRows(run) };
};

describe('CDC SVI template: every published column in one run, as worked out by hand', () => {
  it('reproduces EPL_* of all 16 variables: (rank − 1)/(N − 1), ties at the lowest rank', () => {
    const { rows } = exported();
    for (const [code, ...expected] of EPL) {
      const row = rows.find((r) => r.code === code)!;
      expect([code, ...VARS.map((v) => row[`EPL_${v}`])]).toEqual([code, ...expected]);
      expect([code, ...VARS.map((v) => row[`EP_${v}`])]).toEqual(VALUES.find((r) => r[0] === code));
    }
  });

  it('reproduces SPL/RPL per theme, SPL_THEMES, RPL_THEMES (= score) and the flag counts', () => {
    const { rows } = exported();
    const cols = ['SPL_THEME1', 'RPL_THEME1', 'SPL_THEME2', 'RPL_THEME2', 'SPL_THEME3', 'RPL_THEME3', 'SPL_THEME4', 'RPL_THEME4', 'SPL_THEMES', 'RPL_THEMES', 'F_THEME1', 'F_THEME2', 'F_THEME3', 'F_THEME4', 'F_TOTAL'];
    for (const [code, ...expected] of THEME_TABLE) {
      const row = rows.find((r) => r.code === code)!;
      expect([code, ...cols.map((c) => row[c])]).toEqual([code, ...expected]);
      expect(row.score).toBe(expected[9]);
    }
  });

  it('flags a variable at EPL ≥ 0.90, the boundary included (NOVEH of C09 and C10 is exactly 0.9)', () => {
    const { rows } = exported();
    for (const [code, ...epl] of EPL) {
      const row = rows.find((r) => r.code === code)!;
      expect([code, ...VARS.map((v) => row[`F_${v}`])]).toEqual([code, ...epl.map((p) => (p >= 0.9 ? 1 : 0))]);
    }
    expect(rows.find((r) => r.code === 'C09')!.F_NOVEH).toBe(1);
  });

  it('ties decimal-equal sums although their float sums differ (why sums are rounded before ranking)', () => {
    // the trap exists: summing the EPLs as floats gives different numbers for equal decimal sums
    const epl = (code: string, vars: readonly string[]) => vars.map((v) => EPL.find((r) => r[0] === code)![VARS.indexOf(v as (typeof VARS)[number]) + 1] as number);
    const floatSum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(floatSum(epl('C08', THEMES[1]))).not.toBe(floatSum(epl('C10', THEMES[1])));
    expect(floatSum(epl('C01', THEMES[3]))).not.toBe(floatSum(epl('C08', THEMES[3])));
    const { out } = exported();
    const c = (code: string) => out.rows.findIndex((r) => r.area.code === code);
    const groups = out.components.groups!;
    expect(groups.sum[1][c('C08')]).toBe(groups.sum[1][c('C10')]);
    expect(groups.standardised[1]![c('C08')]).toBe(0.7);
    expect(groups.standardised[1]![c('C10')]).toBe(0.7);
    expect(out.components.overall!.sum[c('C06')]).toBe(out.components.overall!.sum[c('C07')]);
    expect(out.rows[c('C06')].score).toBe(out.rows[c('C07')].score);
  });

  it('does not rank a county without residents and leaves all its columns empty', () => {
    const { rows, out } = exported();
    const c12 = rows.find((r) => r.code === 'C12')!;
    expect(c12.excluded_reason).toBe('MIN_POPULATION: 0 < 1');
    for (const col of ['EPL_POV150', 'SPL_THEME1', 'RPL_THEME1', 'SPL_THEMES', 'RPL_THEMES', 'F_TOTAL', 'score', 'rank']) expect([col, c12[col]]).toEqual([col, null]);
    expect(out.summary.rated).toBe(11);
  });

  it('ranks by RPL_THEMES (rank 1 = most vulnerable) and classes the score in quartiles', () => {
    const { rows } = exported();
    expect(rows.find((r) => r.rank === 1)!.code).toBe('C08'); // RPL_THEMES 1.0
    expect(rows.find((r) => r.code === 'C09')!.rank).toBe(11); // RPL_THEMES 0.0
    expect(rows.find((r) => r.code === 'C08')!.class).toBe(4);
  });

  it('exports the CDC columns after the base columns in the CSV contract, and "components" per area in the API rows', () => {
    const { run } = exported();
    const header = exportRun(run, 'csv-intl').replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
    expect(header.slice(0, 5)).toEqual(['code', 'name', 'score', 'rank', 'class']);
    for (const col of ['EP_POV150', 'EPL_POV150', 'EPL_GROUPQ', 'SPL_THEME1', 'RPL_THEME4', 'SPL_THEMES', 'RPL_THEMES', 'F_POV150', 'F_THEME3', 'F_TOTAL']) expect(header).toContain(col);
    expect(header.indexOf('SPL_THEMES')).toBeGreaterThan(header.indexOf('RPL_THEME4'));
    const c01 = run.results.find((r) => r.areaCode === 'C01')!;
    expect(c01.components.ep_pov150).toEqual({ value: 6.6, standardised: 0.2, flag: 0 });
    expect(c01.components.theme2).toEqual({ sum: 3.1, standardised: 0.9, flags: 2 });
    expect(c01.components.$index).toEqual({ sum: 9.2, flags: 3 });
  });
});
