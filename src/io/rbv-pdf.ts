// The state office's regionalised population projection for one district (Statistisches Landesamt
// Sachsen, 7. RBV, "Information Kreisfreie Stadt Leipzig"): yearly totals 2019–2035 in two variants
// (table 5) and age groups, mean age and ratios for 1990, 2011, 2014–2018 and 2020/25/30/35 (table 6).
// Official count basis (not the municipal register). Results are rounded to 10, so components need
// not add up to their totals: that is reported as a warning and never "fixed".
//
// Input: the PDF's text lines, each the text items of one baseline in reading order. Any PDF text
// library can produce them; checked with pdfjs-dist@4.10.38 (legacy build, Node 20):
//   const doc = await getDocument({ data: bytes, isEvalSupported: false }).promise;
//   per page: items of page.getTextContent() grouped by Math.round(item.transform[5]) (top to
//   bottom), sorted by item.transform[4], empty strings dropped.
import type { Problem } from '../core/errors.ts';

export type RbvVariant = 'actual' | 'V1' | 'V2';
export type RbvSection = 'population' | 'ageGroups' | 'meanAge' | 'ratios' | 'sexRatio';

export interface RbvCell {
  year: number;
  variant: RbvVariant;
  value: number;
}

export interface RbvRow {
  section: RbvSection;
  /** As printed, items joined by spaces ("20 - 65", "65 und mehr", "Jugendquotient"). */
  label: string;
  /** Age band [from, to) in years; to = null for an open band. */
  band?: { from: number; to: number | null };
  sex?: 'male' | 'female' | 'total';
  cells: RbvCell[];
}

export interface RbvResult {
  /** Yearly totals of the district (table 5): actual (1990, 2011, 2018) and both variants. */
  totals: Record<RbvVariant, Map<number, number>>;
  rows: RbvRow[];
  errors: Problem[];
  warnings: Problem[];
}

const NUMBER = /^-?\d{1,3}(?: \d{3})*(?:,\d+)?$/;
const toNumber = (s: string) => Number(s.replace(/ /g, '').replace(',', '.'));
const isNumber = (s: string) => NUMBER.test(s);

function bandOf(label: string): RbvRow['band'] | undefined {
  let m = /^unter (\d+)$/.exec(label);
  if (m) return { from: 0, to: Number(m[1]) };
  m = /^(\d+) - (\d+)$/.exec(label);
  if (m) return { from: Number(m[1]), to: Number(m[2]) };
  m = /^(\d+) und mehr$/.exec(label);
  if (m) return { from: Number(m[1]), to: null };
  return undefined;
}

const SEX: Record<string, RbvRow['sex']> = { männlich: 'male', weiblich: 'female', insgesamt: 'total' };
const SECTION_OF: Array<[RegExp, RbvSection]> = [
  [/^Bevölkerung$/, 'population'],
  [/^Alter von … bis$/, 'ageGroups'],
  [/^Durchschnittsalter$/, 'meanAge'],
  [/^Demografische Quotienten$/, 'ratios'],
];

function table5(lines: string[][], file: string, totals: RbvResult['totals'], errors: Problem[]): void {
  const start = lines.findIndex((l) => /^5\. Bevölkerung/.test(l[0] ?? ''));
  if (start < 0) {
    errors.push({ code: 'RBV_TABLE_MISSING', de: 'Tabelle 5 (Bevölkerung nach Varianten) wurde nicht gefunden.', en: 'Table 5 (population by variant) was not found.', file });
    return;
  }
  let projected = false;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i];
    if (/^Abb\.|^©/.test(l[0] ?? '')) break;
    if (l[0] === 'Bevölkerungsvorausberechnung') projected = true;
    if (l.length >= 3 && /^\d{4}$/.test(l[0]) && isNumber(l[1]) && isNumber(l[2])) {
      const year = Number(l[0]);
      if (projected) {
        totals.V1.set(year, toNumber(l[1]));
        totals.V2.set(year, toNumber(l[2]));
      } else totals.actual.set(year, toNumber(l[1]));
    }
  }
}

/** Table 6 on one page: `valuesFirst` for the projection page, whose label stands right. */
function table6Page(lines: string[][], valuesFirst: boolean, rows: RbvRow[]): void {
  const header = lines.findIndex((l) => l.length >= 4 && l.every((c) => /^\d{4}$/.test(c)));
  if (header < 0) return;
  const years = lines[header].map(Number);
  const variantLine = lines.slice(0, header).find((l) => l.includes('Variante 1'));
  const half = years.length / 2;
  const variantOf = (k: number): RbvVariant => (variantLine ? (k < half ? 'V1' : 'V2') : 'actual');
  let section: RbvSection = 'population';
  for (const l of lines.slice(header + 1)) {
    if (/^©/.test(l[0] ?? '')) break;
    const joined = l.join(' ');
    const sec = SECTION_OF.find(([re]) => re.test(joined));
    if (sec) { section = sec[1]; continue; }
    if (l.length < years.length + 1) continue;
    const values = valuesFirst ? l.slice(0, years.length) : l.slice(l.length - years.length);
    const labelCells = valuesFirst ? l.slice(years.length) : l.slice(0, l.length - years.length);
    if (!values.every(isNumber)) continue;
    const label = labelCells.join(' ');
    const rowSection: RbvSection = label === 'Geschlechterproportion' ? 'sexRatio' : section;
    const row: RbvRow = { section: rowSection, label, cells: values.map((v, k) => ({ year: years[k], variant: variantOf(k), value: toNumber(v) })) };
    if (rowSection === 'population' || rowSection === 'meanAge') {
      const sex = SEX[label];
      if (sex) row.sex = sex;
    }
    if (rowSection === 'ageGroups') {
      const band = label === 'zusammen' ? spanBefore(rows) : bandOf(label);
      if (band) row.band = band;
    }
    rows.push(row);
  }
}

/** "zusammen" sums the contiguous bands just above it (65–75, 75–85, 85+ → 65+). */
function spanBefore(rows: RbvRow[]): RbvRow['band'] | undefined {
  const bands = rows.filter((r) => r.section === 'ageGroups');
  // Only rows of the current page: the same column set as the last row.
  let k = bands.length - 1;
  if (k < 0 || !bands[k].band) return undefined;
  const to = bands[k].band!.to;
  let from = bands[k].band!.from;
  while (k > 0 && bands[k - 1].label !== 'zusammen' && bands[k - 1].band?.to === from && bands[k - 1].cells[0].variant === bands[k].cells[0].variant) {
    k--;
    from = bands[k].band!.from;
  }
  return { from, to };
}

function cellKey(c: RbvCell): string {
  return `${c.variant} ${c.year}`;
}

/** Checks components against totals; differences (rounding to 10) become warnings. */
function checkSums(rows: RbvRow[], totals: RbvResult['totals'], file: string, warnings: Problem[]): void {
  const differ = (what: string, key: string, parts: number, total: number) => {
    if (parts === total) return;
    warnings.push({
      code: 'RBV_COMPONENTS_DIFFER',
      de: `${what} ${key}: Summe der Teile ${parts} gegenüber ${total} (Rundung auf 10 im Original; nicht korrigiert).`,
      en: `${what} ${key}: parts add up to ${parts} versus ${total} (rounded to 10 in the source; not corrected).`,
      file,
      field: `${what} ${key}`,
    });
  };
  const groups = new Map<string, RbvRow[]>();
  for (const r of rows) {
    const key = r.cells.map(cellKey).join('|');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  for (const page of groups.values()) {
    const pop = page.filter((r) => r.section === 'population');
    const total = pop.find((r) => r.sex === 'total');
    const male = pop.find((r) => r.sex === 'male');
    const female = pop.find((r) => r.sex === 'female');
    if (!total) continue;
    total.cells.forEach((c, k) => {
      if (male && female) differ('männlich + weiblich / male + female', cellKey(c), male.cells[k].value + female.cells[k].value, c.value);
      const t5 = totals[c.variant].get(c.year);
      if (t5 !== undefined) differ('Tabelle 5 / table 5', cellKey(c), t5, c.value);
    });
    // Runs of contiguous bands; a run from 0 to open must add to the total, a run ending in
    // "zusammen" to that row.
    const bands = page.filter((r) => r.section === 'ageGroups' && r.band);
    let run: RbvRow[] = [];
    const close = (end?: RbvRow) => {
      if (run.length > 1) {
        const target = end ?? (run[0].band!.from === 0 && run[run.length - 1].band!.to === null ? total : undefined);
        if (target) {
          const name = `${run.map((r) => r.label).join(' + ')}`;
          target.cells.forEach((c, k) => differ(name, cellKey(c), run.reduce((s, r) => s + r.cells[k].value, 0), c.value));
        }
      }
      run = [];
    };
    for (const r of bands) {
      if (r.label === 'zusammen') { close(r); continue; }
      const prev = run[run.length - 1];
      if (prev && (prev.band!.to === null || prev.band!.to !== r.band!.from)) close();
      run.push(r);
    }
    close();
  }
}

export function readRbvTextLines(pages: string[][][], file: string): RbvResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const totals: RbvResult['totals'] = { actual: new Map(), V1: new Map(), V2: new Map() };
  const rows: RbvRow[] = [];
  table5(pages.flat(), file, totals, errors);
  const history = pages.find((p) => /^6\. Bevölkerung/.test(p[0]?.[0] ?? ''));
  const projection = pages.find((p) => p[0]?.[0] === 'Voraussichtliche Bevölkerung');
  if (!history || !projection) {
    errors.push({ code: 'RBV_TABLE_MISSING', de: 'Tabelle 6 (Altersgruppen) wurde nicht vollständig gefunden.', en: 'Table 6 (age groups) was not found in full.', file });
  }
  if (history) table6Page(history, false, rows);
  if (projection) table6Page(projection, true, rows);
  checkSums(rows, totals, file, warnings);
  return { totals, rows, errors, warnings };
}
