// Nested composites (groups of groups), the IMD domain scheme, roles bound at run time and the
// rounding of exports — with numbers worked out by hand here and the checks of METHODS.md §3.
import { describe, expect, it } from 'vitest';
import { computeIndex } from '../../../src/modules/indices/compute.ts';
import { parseDefinition, listTemplates, computedToRun, exportRows, exportRun } from '../../../src/modules/indices/service.ts';
import { bindRoles, listRoles } from '../../../src/modules/indices/roles.ts';
import { withoutFloatNoise } from '../../../src/modules/indices/export.ts';
import type { IndexDefinitionInput } from '../../../src/modules/indices/schema.ts';
import { LernortError } from '../../../src/core/errors.ts';

const areas = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, code: String(i + 1).padStart(2, '0'), name: `Gebiet ${i + 1}` }));
const def = (over: Partial<IndexDefinitionInput>) => parseDefinition({ key: 't', name: 'Test', indicators: [{ key: 'a' }], classification: { kind: 'quantiles', k: 2 }, ...over });
const errorOf = (f: () => unknown): LernortError => {
  try {
    f();
  } catch (err) {
    if (err instanceof LernortError) return err;
    throw err;
  }
  throw new Error('no error thrown');
};

describe('nested composites', () => {
  it('combines groups of groups: a group passes up its sum or its standardised value, to any depth', () => {
    // a, b in g1 (sum); g1 and c in g2 (sum × weights 2 and 1); g2 percentile-ranked and passed up
    const d = def({
      indicators: [{ key: 'a', group: 'g1' }, { key: 'b', group: 'g1' }, { key: 'c', group: 'g2' }, { key: 'e' }],
      standardisation: { method: 'min-max' },
      groups: [
        { key: 'g1', group: 'g2', weight: 2 },
        { key: 'g2', standardisation: { method: 'percentile-rank' } },
      ],
    });
    // min–max of a = 0, 0.5, 1; b = 1, 0, 0.5; c = 0, 1, 0.5; e = 0, 0.5, 1
    const r = computeIndex({ definition: d, areas: areas(3), values: { a: [0, 1, 2], b: [4, 2, 3], c: [5, 7, 6], e: [1, 2, 3] } });
    const g = r.components.groups!;
    expect(g.sum[0]).toEqual([1, 0.5, 1.5]); // g1 = a + b
    expect(g.sum[1]).toEqual([2, 2, 3.5]); // g2 = 2·g1 + c
    expect(g.standardised[1]).toEqual([0, 0, 1]); // ties at the lowest rank
    expect(r.rows.map((x) => x.score)).toEqual([0, 0.5, 2]); // g2's percentile + e
  });

  it('rounds a group sum before it is standardised, so that equal decimal sums tie', () => {
    // 0.1 + 0.2 = 0.30000000000000004 ≠ 0.3: without rounding, area 1 would rank above area 2
    expect(0.1 + 0.2).not.toBe(0.3);
    const over = {
      indicators: [{ key: 'a', group: 'g', standardisation: { method: 'goalposts' as const, lower: 0, upper: 1 } }, { key: 'b', group: 'g', standardisation: { method: 'goalposts' as const, lower: 0, upper: 1 } }],
      groups: [{ key: 'g', round: 4, standardisation: { method: 'percentile-rank' as const } }],
    };
    const r = computeIndex({ definition: def(over), areas: areas(3), values: { a: [0.1, 0.3, 0.9], b: [0.2, 0, 0.9] } });
    expect(r.components.groups!.sum[0]).toEqual([0.3, 0.3, 1.8]);
    expect(r.components.groups!.standardised[0]).toEqual([0, 0, 1]);
    const unrounded = computeIndex({ definition: def({ ...over, groups: [{ key: 'g', standardisation: { method: 'percentile-rank' } }] }), areas: areas(3), values: { a: [0.1, 0.3, 0.9], b: [0.2, 0, 0.9] } });
    expect(unrounded.components.groups!.standardised[0]).toEqual([0.5, 0, 1]); // the float noise splits the tie
  });

  it('IMD: domain scores → ranks → X = −23·ln(1 − R(1 − e^(−100/23))) → weighted mean (checks X(0.9) = 50.4267, X(0.5) = 15.6468)', () => {
    const d = def({
      indicators: [{ key: 'emp', group: 'employment' }, { key: 'inc', group: 'income' }],
      groups: [
        { key: 'employment', weight: 0.225, aggregation: { method: 'mean' }, standardisation: { method: 'imd-exponential' } },
        { key: 'income', weight: 0.225, aggregation: { method: 'mean' }, standardisation: { method: 'imd-exponential' } },
      ],
      aggregation: { method: 'mean' },
    });
    // 10 areas; area 9 has employment rank 9 (R = 0.9) and income rank 5 (R = 0.5); area 10 ranks 10 and 1
    const emp = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const inc = [2, 3, 4, 6, 7, 8, 9, 10, 5, 1];
    const r = computeIndex({ definition: d, areas: areas(10), values: { emp, inc } });
    const g = r.components.groups!;
    expect(g.standardised[0]![8]).toBeCloseTo(50.4267, 4);
    expect(g.standardised[1]![8]).toBeCloseTo(15.6468, 4);
    expect(g.standardised[0]![9]).toBeCloseTo(100, 9);
    expect(r.rows[8].score).toBeCloseTo((50.4267 + 15.6468) / 2, 3); // equal weights 0.225
    // area 10 (R = 1.0 and 0.1) has the lower mean R than area 9 (0.9 and 0.5), but the worst
    // domain is not cancelled by the best one: (100 + X(0.1))/2 = 51.195 > 33.037
    const x = (rr: number) => -23 * Math.log(1 - rr * (1 - Math.exp(-100 / 23)));
    expect(r.rows[9].score).toBeCloseTo((100 + x(0.1)) / 2, 9);
    expect(r.rows[9].score!).toBeGreaterThan(r.rows[8].score!);
  });

  it('rejects a group that does not exist, a cycle, an empty group, and dynamics with groups', () => {
    expect(errorOf(() => def({ indicators: [{ key: 'a', group: 'x' }] })).location?.field).toBe('indicators.0.group');
    expect(errorOf(() => def({ indicators: [{ key: 'a', group: 'p' }], groups: [{ key: 'p', group: 'q' }, { key: 'q', group: 'p' }] })).en).toMatch(/cycle: p → q → p/);
    expect(errorOf(() => def({ groups: [{ key: 'leer' }] })).location?.field).toBe('groups.0');
    expect(errorOf(() => def({ indicators: [{ key: 'a', group: 'g' }], groups: [{ key: 'g' }], dynamics: { classification: { kind: 'mss-dynamics' } } })).location?.field).toBe('dynamics');
  });

  it('a definition without groups computes as before: the score is the weighted sum of the indicators', () => {
    const r = computeIndex({ definition: def({ indicators: [{ key: 'a' }, { key: 'b', weight: 2 }], standardisation: { method: 'min-max' } }), areas: areas(3), values: { a: [0, 1, 2], b: [2, 0, 1] } });
    expect(r.rows.map((x) => x.score)).toEqual([2, 0.5, 2]);
    expect(r.components.groups).toBeUndefined();
    expect(r.components.overall).toBeUndefined();
  });
});

describe('templates name roles, bound at run time', () => {
  const svi = listTemplates().find((t) => t.key === 'svi')!;
  const imd = listTemplates().find((t) => t.key === 'imd')!;

  it('the SVI template on another city lists every unbound role with its description, in German and English', () => {
    // Flensburg has einwohner but none of the CDC variables
    const e = errorOf(() => bindRoles(svi, {}, new Set(['einwohner', 'beschaeftigungsquote', 'auslaenderanteil'])));
    expect(e.code).toBe('INDEX_ROLES_UNBOUND');
    expect(e.status).toBe(400);
    const unbound = (e.details as { unbound: { role: string }[] }).unbound.map((u) => u.role);
    expect(unbound).toEqual(['pov150', 'unemp', 'hburd', 'nohsdp', 'uninsur', 'age65', 'age17', 'disabl', 'sngpnt', 'limeng', 'minrty', 'munit', 'mobile', 'crowd', 'noveh', 'groupq']);
    expect(e.de).toContain('pov150: Anteil der Personen unter 150 % der Armutsgrenze');
    expect(e.en).toContain('pov150: Share of persons below 150 % of the poverty level (default "ep_pov150" is not a known indicator here)');
    expect(e.en).toContain('--bind role=indicator');
  });

  it('binds roles to the city’s own keys; "-" leaves a role out and a group left empty goes with it', () => {
    const bindings = Object.fromEntries(listRoles(svi).filter((r) => r.role !== 'population').map((r) => [r.role, '-']));
    Object.assign(bindings, { pov150: 'sgb2_quote', unemp: 'alo_anteil', age17: 'einwohner_unter18', minrty: 'auslaenderanteil' });
    const { definition, bound } = bindRoles(svi, bindings, new Set(['sgb2_quote', 'alo_anteil', 'einwohner_unter18', 'auslaenderanteil', 'einwohner']));
    expect(definition.indicators.map((i) => [i.role, i.key])).toEqual([['pov150', 'sgb2_quote'], ['unemp', 'alo_anteil'], ['age17', 'einwohner_unter18'], ['minrty', 'auslaenderanteil']]);
    expect(definition.groups!.map((g) => g.key)).toEqual(['theme1', 'theme2', 'theme3']); // theme 4 lost all members
    expect(bound.population).toBe('einwohner'); // by its default
    expect(bound.hburd).toBe('-');
    expect(definition.exclusions.minPopulation?.indicator).toBe('einwohner');
  });

  it('names a binding to an unknown indicator and an unknown role; two roles on one indicator are refused', () => {
    expect(errorOf(() => bindRoles(imd, { unemployment_share: 'gibt_es_nicht' }, new Set(['sgb2_quote', 'sgb2_anteil_kinder', 'einwohner']))).en)
      .toContain('unemployment_share: Unemployment share of the working-age population (bound to "gibt_es_nicht", which is not a known indicator)');
    expect(errorOf(() => bindRoles(imd, { arbeitslos: 'x' }, new Set())).code).toBe('INDEX_ROLE_UNKNOWN');
    expect(errorOf(() => bindRoles(imd, { child_poverty: 'sgb2_quote' }, new Set(['sgb2_quote', 'alo_anteil', 'einwohner']))).code).toBe('INDEX_BINDING_TWICE');
  });

  it('optional roles nobody binds are left out: the IMD template runs on Leipzig’s three indicators by its defaults', () => {
    const { definition, bound } = bindRoles(imd, {}, new Set(['sgb2_quote', 'alo_anteil', 'sgb2_anteil_kinder', 'einwohner']));
    expect(definition.groups!.map((g) => g.key)).toEqual(['income', 'employment']);
    expect(bound).toMatchObject({ income_deprivation: 'sgb2_quote', crime: '-' });
  });

  it('a role the definition uses must be declared; a definition naming keys directly needs no binding', () => {
    expect(errorOf(() => def({ indicators: [{ role: 'armut' }] })).code).toBe('INDEX_ROLE_UNDECLARED');
    expect(errorOf(() => def({ indicators: [{}] })).location?.field).toBe('indicators.0.key');
    // a role with a key in the definition is bound to it, unless the run binds it otherwise
    const withKey = def({ indicators: [{ key: 'sgb2_quote', role: 'armut' }], roles: { armut: { description: 'Armut' } } });
    expect(bindRoles(withKey, {}, new Set(['sgb2_quote'])).definition.indicators[0].key).toBe('sgb2_quote');
    expect(bindRoles(withKey, { armut: 'alo_anteil' }, new Set(['sgb2_quote', 'alo_anteil'])).definition.indicators[0].key).toBe('alo_anteil');
    const mss = listTemplates().find((t) => t.key === 'mss')!;
    expect(bindRoles(mss, {}, new Set()).definition.indicators.map((i) => i.key)).toEqual(['alo_anteil', 'sgb2_quote', 'sgb2_anteil_kinder']);
  });
});

describe('numbers as people read them', () => {
  const run = (over: Partial<IndexDefinitionInput>, values: Record<string, number[]>) => {
    const d = def(over);
    const output = computeIndex({ definition: d, areas: areas(values[Object.keys(values)[0]].length), values });
    return computedToRun({ definition: d, layer: 'l', period: '2020', inputHash: 'h', sensitivity: undefined, output });
  };

  it('rounds z-score sums to 3 decimals by default, keeps raw values free of float noise, and gives full precision on request', () => {
    const r = run({ indicators: [{ key: 'a' }, { key: 'b' }], classification: { kind: 'mss-status' } }, { a: [2, 4, 6, 8], b: [6.651600000000001, 1, 2, 3] });
    const rounded = exportRows(r);
    // a: z = −3/√5 = −1.341640786…; b has mean 3.1629, so the score has many digits
    expect(rounded[0].a_std).toBe(-1.342);
    expect(rounded[0].b).toBe(6.6516);
    expect(String(rounded[0].score).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(3);
    const full = exportRows(r, 'full');
    expect(full[0].a_std).toBe(-3 / Math.sqrt(5));
    expect(full[0].b).toBe(6.651600000000001);
    expect(exportRun(r, 'csv')).toContain('6,6516');
    expect(exportRun(r, 'csv')).not.toContain('6,651600000000001');
  });

  it('uses 4 decimals where percentile ranks are used, and the definition’s own decimals when set', () => {
    const p = run({ standardisation: { method: 'percentile-rank' } }, { a: [1, 2, 3, 4] });
    expect(exportRows(p).map((x) => x.score)).toEqual([0, 0.3333, 0.6667, 1]);
    const own = run({ decimals: 1 }, { a: [1, 2, 4] });
    expect(exportRows(own)[0].score).toBe(-1.1); // z = (1 − 7/3)/1.2472 = −1.069
  });

  it('clears float noise from raw values without cutting real digits', () => {
    expect(withoutFloatNoise(0.1 + 0.2)).toBe(0.3);
    expect(withoutFloatNoise(12.345678)).toBe(12.345678);
    expect(withoutFloatNoise(1 / 3)).toBe(1 / 3); // 16 real digits stay
    expect(withoutFloatNoise(-6.651600000000001)).toBe(-6.6516);
  });
});

describe('rounding to decimals (src/core/standardise.ts)', () => {
  it('rounds half away from zero, robust to binary representation, and never writes −0', async () => {
    const { roundDecimals } = await import('../../../src/core/standardise.ts');
    expect(roundDecimals(0.125, 2)).toBe(0.13);
    expect(roundDecimals(-0.125, 2)).toBe(-0.13);
    expect(roundDecimals(1.005, 2)).toBe(1.01); // 1.005 is 1.00499999999999989… in binary
    expect(roundDecimals(0.1 + 0.2, 4)).toBe(0.3);
    expect(Object.is(roundDecimals(-0.00004, 4), 0)).toBe(true);
  });
});
