import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRbvTextLines } from '../../../src/io/rbv-pdf.ts';

// Text lines of the table pages (15–17) of ../shared/data/leipzig/prognose/rbv7-kreisfreie-stadt-leipzig.pdf
// as pdfjs-dist@4.10.38 extracts them (see the header of src/io/rbv-pdf.ts); the project has no PDF
// library, so the lines are kept as a fixture.
const fixture = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'rbv7-leipzig-table-lines.json'), 'utf8')) as { pages: string[][][] };
const r = readRbvTextLines(fixture.pages, 'rbv7-kreisfreie-stadt-leipzig.pdf');
const row = (label: string, variant: string, year: number, nth = 0) =>
  r.rows.filter((x) => x.label === label && x.cells.some((c) => c.variant === variant)).at(nth)?.cells.find((c) => c.variant === variant && c.year === year)?.value;

describe('7th RBV for Leipzig from the PDF text lines', () => {
  it('reads the yearly totals 2019–2035 of both variants and the base years', () => {
    expect(r.errors).toEqual([]);
    expect([...r.totals.V1.keys()]).toEqual(Array.from({ length: 17 }, (_, i) => 2019 + i));
    expect(r.totals.V1.get(2020)).toBe(604000);
    expect(r.totals.V2.get(2020)).toBe(601980);
    expect(r.totals.V1.get(2024)).toBe(631590);
    expect(r.totals.V2.get(2024)).toBe(624120);
    expect(r.totals.V1.get(2035)).toBe(681140);
    expect(r.totals.V2.get(2035)).toBe(651670);
    expect(Object.fromEntries(r.totals.actual)).toEqual({ 1990: 557341, 2011: 510043, 2018: 587857 });
  });

  it('reads age groups with their bands, including the planning bands under 6 and 6–<10', () => {
    expect(row('unter 6', 'V1', 2030)).toBe(42610);
    expect(row('6 - 10', 'V2', 2035)).toBe(24280);
    expect(row('10 - 17', 'actual', 2018)).toBe(30700);
    expect(r.rows.find((x) => x.label === '65 und mehr')?.band).toEqual({ from: 65, to: null });
    const sums = r.rows.filter((x) => x.label === 'zusammen').map((x) => x.band);
    expect(sums).toEqual([{ from: 65, to: null }, { from: 0, to: 25 }, { from: 65, to: null }, { from: 0, to: 25 }]);
  });

  it('reads mean age and ratios with decimal commas', () => {
    expect(row('insgesamt', 'actual', 2018, 1)).toBe(42.3); // Durchschnittsalter
    expect(row('Jugendquotient', 'actual', 2018)).toBe(29);
    expect(row('Altenquotient', 'V2', 2035)).toBe(33.6);
    expect(r.rows.find((x) => x.label === 'Geschlechterproportion')?.section).toBe('sexRatio');
  });

  it('warns about the 12 sums that rounding to 10 breaks, and corrects none of them', () => {
    expect(r.warnings).toHaveLength(12);
    expect(new Set(r.warnings.map((w) => w.code))).toEqual(new Set(['RBV_COMPONENTS_DIFFER']));
    expect(r.warnings[0].en).toBe('unter 20 + 20 - 65 + 65 und mehr V1 2035: parts add up to 681150 versus 681140 (rounded to 10 in the source; not corrected).');
    expect(r.totals.V1.get(2035)).toBe(681140); // the published total stays
    // The counted years (Fortschreibung) add up exactly: no warning names an "actual" column.
    expect(r.warnings.some((w) => w.field?.includes('actual'))).toBe(false);
  });

  it('reports a missing table instead of returning nothing silently', () => {
    const empty = readRbvTextLines([[['Irgendein Text']]], 'x.pdf');
    expect(empty.errors.map((e) => e.code)).toEqual(['RBV_TABLE_MISSING', 'RBV_TABLE_MISSING']);
  });
});
