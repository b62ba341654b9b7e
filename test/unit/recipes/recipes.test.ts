// The shipped recipes (recipes/<key>/recipe.json) against the recipe schema and against the real files
// they describe: every label of every source file is either mapped or ignored with a reason, every
// referenced indicator, layer and table column exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recipeSchema, type Recipe, type RecipeStep } from '../../../src/modules/recipes/schema.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const sharedData = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');

function loadRecipe(key: string): Recipe {
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'recipes', key, 'recipe.json'), 'utf8'));
  return recipeSchema.parse(raw);
}

type ObservationsStep = Extract<RecipeStep, { type: 'observations' }>;
const observationSteps = (r: Recipe) => r.steps.filter((s): s is ObservationsStep => s.type === 'observations');

interface TableColumn { column: string | number; indicator: string; period: string }
interface TableSpec { areaColumn: string | number; areaCodePattern?: string; hasHeader: boolean; columns: TableColumn[] }
const tableSpec = (s: ObservationsStep) => s.table as unknown as TableSpec;

/** Every indicator key a recipe refers to, with where it is referenced. */
function referencedIndicators(r: Recipe): Array<[string, string]> {
  const refs: Array<[string, string]> = [];
  for (const s of r.steps) {
    if (s.type === 'observations') {
      for (const [label, key] of Object.entries(s.indicators ?? {})) refs.push([key, `${s.file}: ${label}`]);
      if (s.indicator) refs.push([s.indicator, s.file]);
      if (s.format === 'table') for (const c of tableSpec(s).columns) refs.push([c.indicator, `${s.file}: column ${c.column}`]);
    }
    if (s.type === 'derived') {
      refs.push([s.indicator, 'derived'], [s.numerator, 'derived numerator'], [s.denominator, 'derived denominator']);
    }
  }
  for (const i of r.indicators) {
    for (const k of [i.numerator, i.denominator, i.weight]) if (k) refs.push([k, `meta of ${i.key}`]);
  }
  return refs;
}

/** Minimal CSV reader for the test: quoted cells, comma delimiter, CRLF or LF. */
function readCsv(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((line) => {
      const cells: string[] = [];
      let cur = '';
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) {
          cells.push(cur);
          cur = '';
        } else cur += ch;
      }
      cells.push(cur);
      return cells;
    });
}

/** "1.374" → 1374, "53,40%" → 53.4 (decimal comma, dot as thousands separator). */
function germanNumber(cell: string): number {
  const s = cell.trim().replace(/%$/, '');
  const plain = /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) ? s.replace(/\./g, '') : s;
  if (/\./.test(plain)) return Number.NaN;
  return Number(plain.replace(',', '.'));
}

function columnIndex(rows: string[][], spec: TableSpec, column: string | number): number {
  if (typeof column === 'number') return column;
  return spec.hasHeader ? rows[0]!.indexOf(column) : -1;
}

describe.each(['leipzig', 'flensburg'])('recipe %s', (key) => {
  const recipe = loadRecipe(key);

  it('parses with recipeSchema and names its data directory', () => {
    expect(recipe.key).toBe(key);
    expect(recipe.dataDir).toBe(key);
    expect(fs.existsSync(path.join(sharedData, recipe.dataDir))).toBe(true);
  });

  it('has unique indicator and layer keys', () => {
    const keys = recipe.indicators.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    const layers = recipe.layers.map((l) => l.key);
    expect(new Set(layers).size).toBe(layers.length);
  });

  it('defines every indicator a step or another indicator refers to', () => {
    const defined = new Set(recipe.indicators.map((i) => i.key));
    const missing = referencedIndicators(recipe).filter(([k]) => !defined.has(k));
    expect(missing).toEqual([]);
  });

  it('uses every defined indicator somewhere', () => {
    const used = new Set(referencedIndicators(recipe).map(([k]) => k));
    expect(recipe.indicators.map((i) => i.key).filter((k) => !used.has(k))).toEqual([]);
  });

  it('refers only to defined layers', () => {
    const layers = new Set(recipe.layers.map((l) => l.key));
    for (const l of recipe.layers) {
      if (l.parent) expect(layers.has(l.parent), `${l.key}.parent`).toBe(true);
      if (l.members) expect(layers.has(l.members), `${l.key}.members`).toBe(true);
    }
    for (const s of recipe.steps) {
      if ('layer' in s && s.layer) expect(layers.has(s.layer), `${s.type} ${s.layer}`).toBe(true);
      if (s.type === 'dissolve') expect(layers.has(s.from)).toBe(true);
    }
  });

  it('gives every indicator the metadata users see', () => {
    for (const i of recipe.indicators) {
      expect(i.description, i.key).toBeTruthy();
      expect(i.descriptionEn, i.key).toBeTruthy();
      expect(i.unit, i.key).toBeTruthy();
      expect(i.source, i.key).toBeTruthy();
      expect(i.licence, i.key).toBeTruthy();
      expect(['bevoelkerung', 'soziale_lage', 'arbeit', 'migration', 'bildung', 'wohnen', 'gesundheit', 'sicherheit', 'einkommen']).toContain(i.topic);
      if (i.kind === 'mean') expect(i.weight, `${i.key} is a mean without weight`).toBeTruthy();
      if (i.kind === 'share') expect(i.scale, i.key).toBe(100);
    }
  });

  it('every file it reads exists', () => {
    for (const s of recipe.steps) {
      if ('file' in s) expect(fs.existsSync(path.join(sharedData, recipe.dataDir, s.file)), s.file).toBe(true);
    }
  });

  it('gives every ignored label a reason', () => {
    for (const s of observationSteps(recipe)) {
      for (const [label, reason] of Object.entries(s.ignore ?? {})) expect(reason.length, `${s.file}: ${label}`).toBeGreaterThan(10);
    }
  });
});

describe('recipe leipzig against the data', () => {
  const recipe = loadRecipe('leipzig');
  const dir = path.join(sharedData, 'leipzig');
  const meta = new Map(recipe.indicators.map((i) => [i.key, i]));

  it('has the four layers with the agreed keys and nesting', () => {
    expect(recipe.layers.map((l) => [l.key, l.kind, l.parent ?? l.members])).toEqual([
      ['stadt', 'geometry', undefined],
      ['stadtbezirk', 'geometry', 'stadt'],
      ['ortsteil', 'geometry', 'stadtbezirk'],
      ['planungsraum', 'grouping', 'ortsteil'],
    ]);
    expect(recipe.steps).toContainEqual(expect.objectContaining({ type: 'dissolve', layer: 'stadt', code: '14713000', name: 'Leipzig', from: 'stadtbezirk' }));
  });

  it('maps the five population labels to the contract keys', () => {
    const step = observationSteps(recipe).find((s) => s.format === 'leipzig-population')!;
    const data = JSON.parse(fs.readFileSync(path.join(dir, step.file), 'utf8')) as { daten: Array<{ name: string }> };
    const labels = new Set(data.daten.map((d) => d.name.trim()));
    expect([...labels].sort()).toEqual(Object.keys(step.indicators!).sort());
    expect(step.indicators!['Einwohner insgesamt']).toBe('einwohner');
    expect(step.indicators!['Ausländer']).toBe('auslaender');
  });

  it('reads every statistik/*.json file', () => {
    const files = fs.readdirSync(path.join(dir, 'statistik')).filter((f) => f.endsWith('.json'));
    const used = new Set(observationSteps(recipe).map((s) => s.file));
    expect(files.map((f) => `statistik/${f}`).filter((f) => !used.has(f))).toEqual([]);
  });

  const kdSteps = observationSteps(recipe).filter((s) => s.format === 'kdvalues');
  it.each(kdSteps.map((s) => [s.file, s] as const))('%s: every Merkmal is mapped or ignored, nothing else', (_file, step) => {
    const data = JSON.parse(fs.readFileSync(path.join(dir, step.file), 'utf8')) as {
      data: Record<string, Record<string, Array<{ value: number | null; district: string }>>>;
    };
    const merkmale = new Set(Object.values(data.data).flatMap((y) => Object.keys(y)));
    const mapped = Object.keys(step.indicators ?? {});
    const ignored = Object.keys(step.ignore ?? {});
    expect(mapped.filter((m) => ignored.includes(m))).toEqual([]);
    expect([...merkmale].filter((m) => !mapped.includes(m) && !ignored.includes(m))).toEqual([]);
    expect([...mapped, ...ignored].filter((m) => !merkmale.has(m))).toEqual([]);
    // percentages are on a 0–100 scale
    for (const [label, key] of Object.entries(step.indicators ?? {})) {
      if (meta.get(key)?.kind !== 'share') continue;
      for (const year of Object.values(data.data)) {
        for (const v of year[label] ?? []) {
          if (v.value === null) continue;
          expect(v.value, `${label} ${v.district}`).toBeGreaterThanOrEqual(0);
          expect(v.value, `${label} ${v.district}`).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('maps the SGB-II-Quote to a percentage that matches the documented facts', () => {
    const step = kdSteps.find((s) => s.file.endsWith('bedarfsgemeinschaften.json'))!;
    expect(step.indicators!['SGB-II-Quote']).toBe('sgb2_quote');
    expect(meta.get('sgb2_quote')).toMatchObject({ kind: 'share', scale: 100, polarity: 'higher_is_worse', unit: '%' });
    const data = JSON.parse(fs.readFileSync(path.join(dir, step.file), 'utf8'));
    const q = (name: string) => data.data['2019']['SGB-II-Quote'].find((e: { district: string }) => e.district === name).value;
    expect([q('Grünau-Mitte'), q('Volkmarsdorf'), q('Schleußig')]).toEqual([36, 30, 4]);
  });

  it('derives the Ausländeranteil from auslaender / einwohner × 100', () => {
    expect(recipe.steps).toContainEqual({ type: 'derived', indicator: 'auslaenderanteil', numerator: 'auslaender', denominator: 'einwohner', scale: 100 });
    expect(meta.get('auslaenderanteil')).toMatchObject({ kind: 'share', numerator: 'auslaender', denominator: 'einwohner', scale: 100 });
  });

  it('the density table names existing columns', () => {
    const step = observationSteps(recipe).find((s) => s.format === 'table')!;
    const rows = readCsv(path.join(dir, step.file));
    const spec = tableSpec(step);
    const cols = [spec.areaColumn, ...spec.columns.map((c) => c.column), ...Object.keys(step.ignore ?? {})];
    for (const c of cols) expect(columnIndex(rows, spec, c), String(c)).toBeGreaterThanOrEqual(0);
    expect(rows[0]!.length).toBe(cols.length);
  });
});

describe('recipe flensburg against the data', () => {
  const recipe = loadRecipe('flensburg');
  const dir = path.join(sharedData, 'flensburg');
  const tableSteps = observationSteps(recipe).filter((s) => s.format === 'table');

  it('has stadt, stadtteil and statistischer_bezirk, nested', () => {
    expect(recipe.layers.map((l) => [l.key, l.parent])).toEqual([
      ['stadt', undefined],
      ['stadtteil', 'stadt'],
      ['statistischer_bezirk', 'stadtteil'],
    ]);
  });

  it('the area patterns split the real AREA_NAMEs into code and name, and parent codes match', () => {
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).features as Array<{ properties: Record<string, string> }>;
    const areaSteps = recipe.steps.filter((s) => s.type === 'areas');
    const stadtteilCodes = new Set<string>();
    for (const s of areaSteps) {
      const features = read(s.file);
      const re = new RegExp(s.namePattern!);
      const codes = features.map((f) => {
        const m = re.exec(f.properties[s.code]!);
        expect(m, f.properties[s.code]).not.toBeNull();
        return m![1]!;
      });
      expect(new Set(codes).size).toBe(features.length);
      if (s.layer === 'stadtteil') {
        expect(features).toHaveLength(13);
        codes.forEach((c) => stadtteilCodes.add(c));
      } else {
        expect(features).toHaveLength(41);
        const [a, b] = s.parentCode!.slice!;
        for (const [i, f] of features.entries()) {
          const parent = f.properties[s.parentCode!.field]!.slice(a, b);
          expect(stadtteilCodes.has(parent)).toBe(true);
          expect(codes[i]!.slice(0, 2)).toBe(parent);
        }
      }
    }
  });

  it.each(tableSteps.map((s) => [s.file, s] as const))('%s: every referenced column exists, every column is accounted for', (_file, step) => {
    const rows = readCsv(path.join(dir, step.file));
    const spec = tableSpec(step);
    const width = Math.max(...rows.map((r) => r.length));
    const accounted = new Set<number>();
    for (const c of [spec.areaColumn, ...spec.columns.map((x) => x.column)]) {
      const i = columnIndex(rows, spec, c);
      expect(i, `${step.file}: column ${c}`).toBeGreaterThanOrEqual(0);
      expect(i, `${step.file}: column ${c}`).toBeLessThan(width);
      accounted.add(i);
    }
    for (const label of Object.keys(step.ignore ?? {})) {
      const i = spec.hasHeader ? rows[0]!.indexOf(label) : Number(label);
      expect(i, `${step.file}: ignored ${label}`).toBeGreaterThanOrEqual(0);
      accounted.add(i);
    }
    expect([...Array(width).keys()].filter((i) => !accounted.has(i))).toEqual([]);
    // 13 Stadtteile, no total row; every mapped cell is a number
    const body = spec.hasHeader ? rows.slice(1) : rows;
    expect(body).toHaveLength(13);
    const areaIdx = columnIndex(rows, spec, spec.areaColumn);
    const mapping = step.nameMapping ?? {};
    for (const row of body) {
      const area = row[areaIdx]!;
      if (spec.areaCodePattern) expect(new RegExp(spec.areaCodePattern).test(area), area).toBe(true);
      else expect(mapping[area] ?? area).not.toMatch(/_/);
      for (const c of spec.columns) {
        const v = germanNumber(row[columnIndex(rows, spec, c.column)]!);
        expect(Number.isFinite(v), `${step.file} ${area} column ${c.column}: ${row[columnIndex(rows, spec, c.column)]}`).toBe(true);
      }
    }
  });

  it('writes each indicator and period once', () => {
    const seen = new Map<string, string>();
    for (const s of tableSteps) {
      for (const c of tableSpec(s).columns) {
        const k = `${c.indicator}@${c.period}`;
        expect(seen.get(k), `${k} in ${s.file} and ${seen.get(k)}`).toBeUndefined();
        seen.set(k, s.file);
      }
    }
  });

  it('the column mapped to einwohner 2021 sums to 97,877', () => {
    const step = tableSteps.find((s) => tableSpec(s).columns.some((c) => c.indicator === 'einwohner' && c.period === '2021'))!;
    const spec = tableSpec(step);
    const rows = readCsv(path.join(dir, step.file));
    const col = columnIndex(rows, spec, spec.columns.find((c) => c.indicator === 'einwohner' && c.period === '2021')!.column);
    expect(rows.slice(1).reduce((s, r) => s + germanNumber(r[col]!), 0)).toBe(97_877);
  });
});
