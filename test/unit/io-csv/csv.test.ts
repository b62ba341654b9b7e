import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsv } from '../../../src/io/csv.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const MESSY = path.join(DATA, 'leipzig/raw/messy');
const messy = (f: string) => readFileSync(path.join(MESSY, f));
const codes = (ps: { code: string }[]) => ps.map((p) => p.code);
const csv = (s: string) => Buffer.from(s, 'utf8');

describe('detectDelimiter', () => {
  it('prefers the consistent ";" over decimal commas that vary per row', () => {
    expect(detectDelimiter('Gebiet;2000;2001\nZentrum;14,9;12,1\nOst;9;9,35\n')).toBe(';');
  });

  it('finds "|", tab and "," and ignores delimiters inside quotes', () => {
    expect(detectDelimiter('|00|01\n04103|0|0.257\n')).toBe('|');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('"Gebiet","Wert"\nZentrum,"1939,76"\nOst,"2,5"\n')).toBe(',');
  });
});

describe('readCsv on inline fixtures', () => {
  it('gives physical line numbers across CR, CRLF and LF', () => {
    const r = readCsv(csv('a;b\r\n1;2\r3;4\n5;6\r\n'), 'x.csv');
    expect(r.rows.map((row) => row.line)).toEqual([2, 3, 4]);
    expect(r.rows[1].cells).toEqual(['3', '4']);
    expect(r.lineEnding).toBe('mixed');
  });

  it('keeps line numbers right after a quoted cell that spans two lines', () => {
    const r = readCsv(csv('name,wert\n"Alt-\nstadt","1,5"\nNeustadt,"2,5"\n'), 'x.csv');
    expect(r.rows).toEqual([
      { line: 2, cells: ['Alt-\nstadt', '1,5'] },
      { line: 4, cells: ['Neustadt', '2,5'] },
    ]);
  });

  it('rejects a row with the wrong number of cells, naming file and line in German and English', () => {
    const r = readCsv(csv('a;b;c\n1;2;3\n1;2\n4;5;6;7\n'), 'x.csv');
    expect(r.rows.map((row) => row.line)).toEqual([2]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([
      ['CSV_CELL_COUNT', 3],
      ['CSV_CELL_COUNT', 4],
    ]);
    expect(r.errors[0]).toMatchObject({ file: 'x.csv', value: '2' });
    expect(r.errors[0].de).toContain('Zeile 3 hat 2 Felder');
    expect(r.errors[0].en).toContain('Line 3 has 2 cells');
  });

  it('rejects footnote rows like "Quelle: …", "* …" and "1) …"', () => {
    const r = readCsv(csv('Gebiet;2000;2001\nZentrum;1;2\nQuelle: Amt für Statistik;;\n* vorläufig;;\n1) ohne Heime;;\n'), 'x.csv');
    expect(r.rows).toHaveLength(1);
    expect(r.errors.map((e) => [e.code, e.line, e.value])).toEqual([
      ['CSV_FOOTNOTE_ROW', 3, 'Quelle: Amt für Statistik'],
      ['CSV_FOOTNOTE_ROW', 4, '* vorläufig'],
      ['CSV_FOOTNOTE_ROW', 5, '1) ohne Heime'],
    ]);
  });

  it('keeps an area row without values in the middle of a table but rejects the same shape at the end', () => {
    const r = readCsv(csv('Gebiet;2000;2001\nZentrum;;\nOst;1;2\nAnmerkungsfreier Text;;\n'), 'x.csv');
    expect(r.rows.map((row) => row.cells[0])).toEqual(['Zentrum', 'Ost']);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['CSV_FOOTNOTE_ROW', 4]]);
  });

  it('rejects a NUL-padded row and counts it as read', () => {
    const r = readCsv(Buffer.concat([csv('a;b\n1;2\n'), Buffer.alloc(40)]), 'x.csv');
    expect(r.rows).toHaveLength(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'CSV_NUL_ROW', line: 3, file: 'x.csv' });
    expect(r.rowsRead).toBe(2);
  });

  it('warns about each empty line instead of skipping it silently', () => {
    const r = readCsv(csv('a;b\n1;2\n\n;\n3;4\n'), 'x.csv');
    expect(r.rows.map((row) => row.line)).toEqual([2, 5]);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([
      ['CSV_EMPTY_ROW', 3],
      ['CSV_EMPTY_ROW', 4],
    ]);
  });

  it('drops empty cells from a trailing delimiter with a warning', () => {
    const r = readCsv(csv('a;b\n1;2;\n'), 'x.csv');
    expect(r.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect(codes(r.warnings)).toEqual(['CSV_TRAILING_EMPTY_CELLS']);
  });

  it('reads a file without header, taking the most common row width', () => {
    const r = readCsv(csv('01 Altstadt,297,361\n02 Neustadt,574,663\n03 Nordstadt,1842\n'), 'x.csv', { hasHeader: false });
    expect(r.header).toEqual([]);
    expect(r.width).toBe(3);
    expect(r.rows.map((row) => row.line)).toEqual([1, 2]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['CSV_CELL_COUNT', 3]]);
  });

  it('reports an unclosed quote as an unreadable file with the line', () => {
    const r = readCsv(csv('a,b\n1,2\n3,"4\n'), 'x.csv');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].code).toBe('CSV_PARSE');
    expect(r.errors[0].line).toBe(3);
  });
});

describe('readCsv on the messy Leipzig files', () => {
  it('reads every messy file without throwing and accounts for every line', () => {
    const files = readdirSync(MESSY).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBe(6);
    for (const f of files) {
      const r = readCsv(messy(f), f);
      // Header + accepted rows + rejected rows + empty lines = all lines of the file.
      const lines = r.rows.length + r.errors.length + r.warnings.filter((w) => w.code === 'CSV_EMPTY_ROW').length + 1;
      const physical = r.rows.length ? Math.max(r.rows[r.rows.length - 1].line, ...r.errors.map((e) => e.line ?? 0)) : 0;
      expect(lines, f).toBe(physical);
    }
  });

  it('decodes "Zentrum-Südost" in AnteilArbeitslose.csv from ISO-8859-1', () => {
    const r = readCsv(messy('AnteilArbeitslose.csv'), 'AnteilArbeitslose.csv');
    expect(r.encoding).toBe('windows-1252');
    expect(r.delimiter).toBe(';');
    expect(r.rows[2]).toMatchObject({ line: 4 });
    expect(r.rows[2].cells[0]).toBe('Zentrum-Südost');
    expect(r.rows).toHaveLength(63);
  });

  it('a NUL-padded row is rejected with its line number', () => {
    const r = readCsv(messy('AnteilArbeitslose.csv'), 'AnteilArbeitslose.csv');
    const nul = r.errors.filter((e) => e.code === 'CSV_NUL_ROW');
    expect(nul).toHaveLength(1);
    expect(nul[0]).toMatchObject({ file: 'AnteilArbeitslose.csv', line: 69 });
    expect(nul[0].value?.startsWith('\\0\\0')).toBe(true);
  });

  it('rejects the four footnote rows of AnteilArbeitslose.csv with their lines', () => {
    const r = readCsv(messy('AnteilArbeitslose.csv'), 'AnteilArbeitslose.csv');
    const foot = r.errors.filter((e) => e.code === 'CSV_FOOTNOTE_ROW');
    expect(foot.map((e) => e.line)).toEqual([65, 66, 67, 68]);
    expect(foot[2].value).toBe('Quelle: Statistik der Bundesagentur für Arbeit');
  });

  it('gives correct line numbers in Durchschnittsalter.csv with mixed CR/CRLF', () => {
    const r = readCsv(messy('Durchschnittsalter.csv'), 'Durchschnittsalter.csv');
    expect(r.lineEnding).toBe('mixed');
    expect(r.rows[r.rows.length - 1]).toMatchObject({ line: 64 });
    expect(r.rows[r.rows.length - 1].cells[0]).toBe('Wiederitzsch');
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([
      ['CSV_FOOTNOTE_ROW', 65],
      ['CSV_FOOTNOTE_ROW', 66],
      ['CSV_FOOTNOTE_ROW', 67],
      ['CSV_FOOTNOTE_ROW', 68],
      ['CSV_NUL_ROW', 69],
    ]);
  });

  it('rejects footnotes of wohnungenprokm22.csv that have all their delimiters', () => {
    const r = readCsv(messy('wohnungenprokm22.csv'), 'wohnungenprokm22.csv');
    expect(r.rows).toHaveLength(63);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([65, 66, 67, 68].map((l) => ['CSV_FOOTNOTE_ROW', l]));
  });

  it('reads the UTF-8, "|"-separated Ortsteilkatalog with its umlauts and blank separator lines', () => {
    const r = readCsv(messy('Ortsteilkatalog_2004-2012.csv'), 'Ortsteilkatalog_2004-2012.csv');
    expect(r.encoding).toBe('utf-8');
    expect(r.delimiter).toBe('|');
    expect(r.header.slice(1, 5)).toEqual(['Mitte', 'Nordost', 'Ost', 'Südost']);
    expect(r.rows[1].cells[0]).toBe('Fläche (km²)');
    expect(r.warnings.filter((w) => w.code === 'CSV_EMPTY_ROW').map((w) => w.line)).toEqual([11, 21, 31, 41]);
  });
});
