// The count-table reader of the uptake module: German CSV and XLSX, all or nothing, every bad row
// named by line and column in both languages.
import { describe, expect, it } from 'vitest';
import { LernortError } from '../../../src/core/errors.ts';
import { writeXlsx } from '../../../src/io/xlsx.ts';
import { looksLikeCountTable, readCountFile } from '../../../src/modules/uptake/counts-file.ts';

const csv = (s: string) => new TextEncoder().encode(s);

describe('uptake count tables', () => {
  it('reads a German CSV with thousands separators, periods, age bands and sex', async () => {
    const rows = await readCountFile(csv('\uFEFFGebiet;Jahr;Altersgruppe;Geschlecht;Teilnehmende\r\n62;2024;6-9;w;1.204\r\nZentrum;2024;10-14;;7\r\n'), 'z.csv', { bandLabels: ['6-9', '10-14'] });
    expect(rows).toEqual([
      { line: 2, area: '62', period: '2024', ageBand: '6-9', sex: 'f', count: 1204 },
      { line: 3, area: 'Zentrum', period: '2024', ageBand: '10-14', sex: null, count: 7 },
    ]);
  });

  it('reads the first sheet of an XLSX workbook, numbers as numbers', async () => {
    const bytes = await writeXlsx([{ name: 'Teilnehmende', header: ['Ortsteil', 'Anzahl'], rows: [['62', 12], ['00', 3]] }]);
    expect(await readCountFile(new Uint8Array(bytes), 'z.xlsx')).toEqual([
      { line: 2, area: '62', period: null, ageBand: null, sex: null, count: 12 },
      { line: 3, area: '00', period: null, ageBand: null, sex: null, count: 3 },
    ]);
  });

  it('rejects the whole table when one row is bad, and lists every bad row with line and column', async () => {
    const file = csv('Gebiet;Teilnehmende;Altersgruppe\n62;12;6-9\nAtlantis;3;6-9\n00;1,5;6-9\n01;4;15-17\n');
    const err = await readCountFile(file, 'z.csv', { bandLabels: ['6-9'], areaKnown: (a) => a !== 'Atlantis', layerKey: 'ortsteil' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LernortError);
    const e = err as LernortError;
    expect(e.location).toMatchObject({ file: 'z.csv', line: 3, field: 'Gebiet' });
    expect((e.details as { line: number; field: string; code: string }[]).map((d) => [d.line, d.field, d.code])).toEqual([
      [3, 'Gebiet', 'AREA_UNKNOWN'], [4, 'Teilnehmende', 'UPTAKE_COUNT_INVALID'], [5, 'Altersgruppe', 'UPTAKE_AGE_BAND'],
    ]);
    expect(e.en).toMatch(/^3 bad row\(s\); the table was not imported\. Line 3, column "Gebiet": area "Atlantis" does not exist on layer ortsteil\.$/);
    expect(e.de).toMatch(/^3 fehlerhafte Zeile\(n\)/);
  });

  it('needs an area and a count column, and says so at the header', async () => {
    const err = (await readCountFile(csv('Gebiet;Bemerkung\n62;x\n'), 'z.csv').catch((e: unknown) => e)) as LernortError;
    expect(err.code).toBe('UPTAKE_COUNT_COLUMNS');
    expect(err.location).toMatchObject({ file: 'z.csv', line: 1 });
  });

  it('tells a count table from a list of persons by its header', () => {
    expect(looksLikeCountTable(['Gebiet', 'Teilnehmende'])).toBe(true);
    expect(looksLikeCountTable(['Name', 'Straße', 'PLZ'])).toBe(false);
    expect(looksLikeCountTable(['Vorname', 'lon', 'lat', 'Alter'])).toBe(false);
  });
});
