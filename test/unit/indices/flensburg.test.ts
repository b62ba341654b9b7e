// Templates on the second city: Flensburg's Sozialatlas tables, read with the readers and the column
// specs of recipes/flensburg/recipe.json, bound to role-based definitions. Leipzig's indicator keys
// (sgb2_quote, …) do not exist there; the roles are bound to Flensburg's own keys.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config.ts';
import { readObservationFile } from '../../../src/io/formats.ts';
import { computeIndex } from '../../../src/modules/indices/compute.ts';
import { bindRoles, listRoles } from '../../../src/modules/indices/roles.ts';
import { computedToRun, exportRows, listTemplates, parseDefinition } from '../../../src/modules/indices/service.ts';

const recipe = JSON.parse(fs.readFileSync(path.join(projectRoot, 'recipes', 'flensburg', 'recipe.json'), 'utf8')) as {
  indicators: { key: string }[];
  steps: { type: string; file?: string; format?: string; decimal?: ',' | '.'; table?: Record<string, unknown> }[];
};
const dataDir = path.join(path.resolve(process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data')), 'flensburg'); // as test/integration/env.ts

/** indicator → Stadtteil name → value in 2021, read as the recipe reads the file. */
function read2021(file: string): Map<string, Map<string, number>> {
  const step = recipe.steps.find((s) => s.file === file)!;
  const r = readObservationFile(fs.readFileSync(path.join(dataDir, file)), file, { format: step.format, table: step.table, decimal: step.decimal });
  expect(r.errors).toEqual([]);
  const out = new Map<string, Map<string, number>>();
  for (const rec of r.records) {
    if (rec.period !== '2021' || rec.value === null) continue;
    const name = rec.area.name.replace(/_/g, ' '); // the recipe's nameMapping: "Westliche_Höhe" → "Westliche Höhe"
    if (!out.has(rec.indicator)) out.set(rec.indicator, new Map());
    out.get(rec.indicator)!.set(name, rec.value);
  }
  return out;
}

const migration = read2021('tab_9_anteil_migrationshintergrund.csv');
const employment = read2021('tab_11_sozialversicherungspflichtig_beschaeftigte.csv');
const population = read2021('tab_1_einwohner_in_stadtteilen_2011_bis_2021.csv').get('einwohner')!;
const names = [...migration.get('auslaenderanteil')!.keys()];
const areas = names.map((name, i) => ({ id: i + 1, code: String(i + 1).padStart(2, '0'), name }));
const column = (m: Map<string, number>) => names.map((n) => m.get(n) ?? null);
const values = {
  auslaenderanteil: column(migration.get('auslaenderanteil')!),
  beschaeftigungsquote: column(employment.get('beschaeftigungsquote')!),
};
const known = new Set(recipe.indicators.map((i) => i.key));

describe('role-based definitions on Flensburg', () => {
  it('reads the 13 Stadtteile, and the Flensburg recipe loads the indicators bound below', () => {
    expect(names).toHaveLength(13);
    for (const key of ['auslaenderanteil', 'beschaeftigungsquote', 'einwohner']) expect(known.has(key)).toBe(true);
    expect(values.beschaeftigungsquote.every((v) => v !== null)).toBe(true);
    expect(known.has('sgb2_quote')).toBe(false); // why the old templates failed there
  });

  it('an MSS-style status index bound to two Flensburg indicators: the sum of their z-scores (divisor N)', () => {
    const d = parseDefinition({
      key: 'status_flensburg', name: 'Status', classification: { kind: 'mss-status' },
      roles: {
        employment_rate: { description: 'Beschäftigungsquote (höher = weniger Bedarf)', descriptionEn: 'Employment rate (higher = less need)' },
        foreign_share: { description: 'Ausländeranteil', descriptionEn: 'Share of foreign nationals' },
      },
      indicators: [{ role: 'employment_rate', direction: 'higher-is-better' }, { role: 'foreign_share' }],
    });
    expect(listRoles(d).map((r) => r.role)).toEqual(['employment_rate', 'foreign_share']);
    const { definition } = bindRoles(d, { employment_rate: 'beschaeftigungsquote', foreign_share: 'auslaenderanteil' }, known);
    const out = computeIndex({ definition, areas, values });
    // by the formula: z = (x − mean)/sd with the population sd; employment enters reversed
    const z = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length, sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
      return xs.map((x) => (x - m) / sd);
    };
    const ze = z(values.beschaeftigungsquote as number[]), zf = z(values.auslaenderanteil as number[]);
    out.rows.forEach((r, i) => expect([r.area.name, r.score]).toEqual([r.area.name, expect.closeTo(-ze[i] + zf[i], 12)]));
    // Neustadt: the highest share of foreign nationals (36,0 %) and the lowest employment rate
    expect(out.rows.find((r) => r.rank === 1)!.area.name).toBe('Neustadt');
  });

  it('the CDC SVI template with one bound role: EPL_MINRTY = (rank − 1)/12 of the share of foreign nationals, worked out by hand', () => {
    const svi = listTemplates().find((t) => t.key === 'svi')!;
    const bindings = Object.fromEntries(listRoles(svi).map((r) => [r.role, r.role === 'minrty' ? 'auslaenderanteil' : r.role === 'population' ? 'einwohner' : '-']));
    const { definition } = bindRoles(svi, bindings, known);
    const output = computeIndex({ definition, areas, values, population: column(population) });
    const rows = exportRows(computedToRun({ definition, layer: 'stadtteil', period: '2021', inputHash: 'h', sensitivity: undefined, output }));
    // 4,4 Tarup < 9,5 Fruerlund < 10,6 Mürwik < 12,5 Weiche < 12,6 Engelsby < 13,7 Friesischer Berg
    // < 14,4 Westliche Höhe < 15,2 Jürgensby < 16,7 Sandberg < 21,9 Südstadt < 25,8 Altstadt
    // < 32,8 Nordstadt < 36,0 Neustadt; N = 13, so EPL = (rank − 1)/12 to 4 decimals
    const expected: Record<string, number> = {
      Tarup: 0, Fruerlund: 0.0833, 'Mürwik': 0.1667, Weiche: 0.25, Engelsby: 0.3333, 'Friesischer Berg': 0.4167, 'Westliche Höhe': 0.5,
      'Jürgensby': 0.5833, Sandberg: 0.6667, 'Südstadt': 0.75, Altstadt: 0.8333, Nordstadt: 0.9167, Neustadt: 1,
    };
    for (const r of rows) {
      const e = expected[r.name as string];
      // a single theme with a single variable: its sum is the EPL, and every rank is the same rank
      expect([r.name, r.EPL_MINRTY, r.SPL_THEME3, r.RPL_THEME3, r.SPL_THEMES, r.RPL_THEMES, r.F_MINRTY, r.F_TOTAL])
        .toEqual([r.name, e, e, e, e, e, e >= 0.9 ? 1 : 0, e >= 0.9 ? 1 : 0]);
    }
    expect(Object.keys(rows[0])).not.toContain('SPL_THEME1');
  });
});
