import { describe, expect, it } from 'vitest';
import { csvCell, writeCsv } from '../../src/io/csv-write.ts';

describe('CSV for spreadsheets', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(evil, 'de').startsWith("'") || csvCell(evil, 'de').startsWith(`"'`)).toBe(true);
  });

  it('keeps negative numbers as numbers', () => {
    expect(csvCell(-2.5, 'de')).toBe('-2,5');
    expect(csvCell(-2.5, 'intl')).toBe('-2.5');
  });

  it('writes German CSV with ";" and decimal comma, international with "," and point, with a BOM for Excel', () => {
    expect(writeCsv(['a', 'b'], [[1.5, 'x;y']], 'de')).toBe('\uFEFFa;b\r\n1,5;"x;y"\r\n');
    expect(writeCsv(['a', 'b'], [[1.5, 'x,y']], 'intl')).toBe('\uFEFFa,b\r\n1.5,"x,y"\r\n');
  });

  it('quotes embedded quotes and line breaks', () => {
    expect(csvCell('a "b"\nc', 'intl')).toBe('"a ""b""\nc"');
  });
});
