import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWide } from '../../../src/io/wide.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const messy = (f: string) => readFileSync(path.join(DATA, 'leipzig/raw/messy', f));
const countCodes = (ps: { code: string }[]) => ps.reduce<Record<string, number>>((a, p) => ((a[p.code] = (a[p.code] ?? 0) + 1), a), {});
const find = (r: ReturnType<typeof readWide>, name: string, period: string) =>
  r.records.find((x) => x.area.name === name && x.period === period);

describe('readWide on inline fixtures', () => {
  it('turns one column per year into one observation per area and year', () => {
    const r = readWide(Buffer.from('Gebiet;2000;2001\nZentrum;14,9;12,1\nOst;9;1.374\n'), 'x.csv', { indicator: 'alq' });
    expect(r.records).toEqual([
      { area: { name: 'Zentrum' }, indicator: 'alq', period: '2000', value: 14.9, flags: {}, line: 2 },
      { area: { name: 'Zentrum' }, indicator: 'alq', period: '2001', value: 12.1, flags: {}, line: 2 },
      { area: { name: 'Ost' }, indicator: 'alq', period: '2000', value: 9, flags: {}, line: 3 },
      { area: { name: 'Ost' }, indicator: 'alq', period: '2001', value: 1374, flags: {}, line: 3 },
    ]);
    expect(r.rowsRead).toBe(2);
  });

  it('rejects the whole row when one cell is not a number, and keeps the others', () => {
    const r = readWide(Buffer.from('Gebiet;2000;2001\nZentrum;14,9;zwölf\nOst;9;8\n'), 'x.csv', { indicator: 'alq' });
    expect(r.records.map((x) => x.area.name)).toEqual(['Ost', 'Ost']);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'NUMBER_INVALID', file: 'x.csv', line: 2, field: '2001', value: 'zwölf' }),
    ]);
  });

  it('keeps placeholder cells as null values with a warning each', () => {
    const r = readWide(Buffer.from('Gebiet;2000;2001\nZentrum;.;x\n'), 'x.csv', { indicator: 'alq' });
    expect(r.records.map((x) => [x.value, x.flags, x.missingSymbol])).toEqual([
      [null, { missing: true }, '.'],
      [null, { missing: true, suppressed: true }, 'x'],
    ]);
    expect(r.warnings.map((w) => [w.code, w.line, w.field, w.value])).toEqual([
      ['VALUE_PLACEHOLDER', 2, '2000', '.'],
      ['VALUE_PLACEHOLDER', 2, '2001', 'x'],
    ]);
  });

  it('rejects a second row for the same area', () => {
    const r = readWide(Buffer.from('Gebiet;2000\nZentrum;1\nZentrum;2\n'), 'x.csv', { indicator: 'a' });
    expect(r.records.map((x) => x.value)).toEqual([1]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['OBSERVATION_DUPLICATE', 3]]);
  });

  it('warns about a column that is not a period and does not read it', () => {
    const r = readWide(Buffer.from('Gebiet;2000;Bemerkung\nZentrum;1;neu\n'), 'x.csv', { indicator: 'a' });
    expect(r.records).toHaveLength(1);
    expect(r.warnings.map((w) => [w.code, w.field])).toEqual([['WIDE_COLUMN_NOT_PERIOD', 'Bemerkung']]);
  });

  it('reports an area column that does not exist', () => {
    const r = readWide(Buffer.from('Gebiet;2000\nZentrum;1\n'), 'x.csv', { indicator: 'a', areaColumn: 'Ortsteil' });
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['CSV_UNKNOWN_COLUMN']);
  });
});

describe('readWide on the messy Leipzig files', () => {
  it('reads AnteilArbeitslose.csv: 63 Ortsteile × 14 years, "." as 84 counted placeholders', () => {
    const r = readWide(messy('AnteilArbeitslose.csv'), 'AnteilArbeitslose.csv', { indicator: 'arbeitslose-anteil' });
    expect(r.records).toHaveLength(63 * 14);
    expect(new Set(r.records.map((x) => x.area.name)).size).toBe(63);
    expect(countCodes(r.warnings)).toEqual({ VALUE_PLACEHOLDER: 84 });
    expect(countCodes(r.errors)).toEqual({ CSV_FOOTNOTE_ROW: 4, CSV_NUL_ROW: 1 });
    expect(find(r, 'Zentrum-Südost', '2000')?.value).toBe(11.2);
    expect(find(r, 'Zentrum', '2013')?.value).toBeCloseTo(6.53753026634383, 12);
    expect(find(r, 'Mölkau', '2000')).toMatchObject({ value: null, flags: { missing: true }, missingSymbol: '.', line: 21 });
    expect(r.rowsRead).toBe(68);
  });

  it('passes the typo "Volksmarsdorf" through as the name it is', () => {
    const r = readWide(messy('AnteilArbeitslose.csv'), 'AnteilArbeitslose.csv', { indicator: 'a' });
    expect(find(r, 'Volksmarsdorf', '2000')).toMatchObject({ value: 18.1, line: 16 });
    expect(find(r, 'Volkmarsdorf', '2000')).toBeUndefined();
  });

  it('reads Durchschnittsalter.csv with mixed CR/CRLF at the right lines', () => {
    const r = readWide(messy('Durchschnittsalter.csv'), 'Durchschnittsalter.csv', { indicator: 'durchschnittsalter' });
    expect(r.records).toHaveLength(63 * 14);
    expect(find(r, 'Wiederitzsch', '2013')).toMatchObject({ value: 45.2790311090002, line: 64 });
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([
      ['CSV_FOOTNOTE_ROW', 65],
      ['CSV_FOOTNOTE_ROW', 66],
      ['CSV_FOOTNOTE_ROW', 67],
      ['CSV_FOOTNOTE_ROW', 68],
      ['CSV_NUL_ROW', 69],
    ]);
  });

  it('reads kinderarmut.csv with its decimal points, "Ortsteil" header and umlauts', () => {
    const r = readWide(messy('kinderarmut.csv'), 'kinderarmut.csv', { indicator: 'kinderarmut' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(63 * 3);
    expect(find(r, 'Zentrum', '2007')?.value).toBe(14.1);
    expect(find(r, 'Zentrum', '2011')?.value).toBe(0);
    expect(find(r, 'Lützschena-Stahmeln', '2009')?.value).toBe(4.9);
    expect(find(r, 'Volksmarsdorf', '2007')?.value).toBe(45.7);
  });

  it('reads "n.e." in wohnungenprokm22.csv as 50 placeholders, not as errors', () => {
    const r = readWide(messy('wohnungenprokm22.csv'), 'wohnungenprokm22.csv', { indicator: 'wohnungen-pro-km2' });
    expect(r.records).toHaveLength(63 * 12);
    expect(countCodes(r.warnings)).toEqual({ VALUE_PLACEHOLDER: 50 });
    expect(r.warnings.every((w) => w.value === 'n.e.')).toBe(true);
    expect(countCodes(r.errors)).toEqual({ CSV_FOOTNOTE_ROW: 4 });
    expect(find(r, 'Zentrum', '2011')?.value).toBe(2390);
    expect(find(r, 'Engelsdorf', '2000')).toMatchObject({ value: null, missingSymbol: 'n.e.' });
  });
});
