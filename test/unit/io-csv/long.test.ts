import { describe, expect, it } from 'vitest';
import { detectLongColumns, readLong } from '../../../src/io/long.ts';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('detectLongColumns', () => {
  it('recognises German and English header names, umlauts included', () => {
    expect(detectLongColumns(['Gebiet_Code', 'Gebiet', 'Indikator', 'Jahr', 'Wert', 'Zähler', 'Nenner', 'Flags'])).toEqual({
      code: 0, name: 1, indicator: 2, period: 3, value: 4, numerator: 5, denominator: 6, flags: 7,
    });
    expect(detectLongColumns(['area', 'indicator', 'period', 'value'])).toEqual({ name: 0, indicator: 1, period: 2, value: 3 });
  });
});

describe('readLong', () => {
  it('reads one observation per row with numerator, denominator and flags', () => {
    const r = readLong(bytes('code;ortsteil;indikator;jahr;wert;zaehler;nenner;flags\n60;Grünau-Mitte;sgb2-quote;2019;36,0;3.600;10.000;p\n'), 'x.csv');
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([
      {
        area: { code: '60', name: 'Grünau-Mitte' },
        indicator: 'sgb2-quote',
        period: '2019',
        value: 36,
        numerator: 3600,
        denominator: 10000,
        flags: { provisional: true },
        line: 2,
      },
    ]);
  });

  it('uses the code as the name when the file has codes only', () => {
    const r = readLong(bytes('code,indicator,period,value\n00,einwohner,2024,1.5\n'), 'x.csv');
    expect(r.records[0]).toMatchObject({ area: { code: '00', name: '00' }, value: 1.5 });
  });

  it('rejects a row with an invalid number and keeps placeholders as counted warnings', () => {
    const r = readLong(bytes('gebiet;merkmal;jahr;wert\nA;x;2020;1,5\nB;x;2020;.\nC;x;2020;-\nD;x;2020;viel\n'), 'x.csv');
    expect(r.records.map((x) => [x.area.name, x.value, x.missingSymbol])).toEqual([
      ['A', 1.5, undefined],
      ['B', null, '.'],
      ['C', null, '-'],
    ]);
    expect(r.warnings.filter((w) => w.code === 'VALUE_PLACEHOLDER').map((w) => w.line)).toEqual([3, 4]);
    expect(r.errors.map((e) => [e.code, e.line, e.field, e.value])).toEqual([['NUMBER_INVALID', 5, 'wert', 'viel']]);
  });

  it('rejects a second row for the same area, indicator and period, naming the first line', () => {
    const r = readLong(bytes('gebiet;merkmal;jahr;wert\nA;x;2020;1\nA;x;2021;2\nA;x;2020;3\n'), 'x.csv');
    expect(r.records.map((x) => x.value)).toEqual([1, 2]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'OBSERVATION_DUPLICATE', line: 4 });
    expect(r.errors[0].en).toContain('line 2');
  });

  it('names every required column that the header lacks', () => {
    const r = readLong(bytes('gebiet;zahl\nA;1\n'), 'x.csv');
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([
      ['CSV_MISSING_COLUMN', 'indicator'],
      ['CSV_MISSING_COLUMN', 'period'],
      ['CSV_MISSING_COLUMN', 'value'],
    ]);
  });

  it('takes the indicator from the options when the file has no indicator column', () => {
    const r = readLong(bytes('gebiet;jahr;wert\nA;2020;7\n'), 'x.csv', { indicator: 'einwohner' });
    expect(r.records[0]).toMatchObject({ indicator: 'einwohner', value: 7 });
  });

  it('reads boolean flag columns and warns about values it does not understand', () => {
    const r = readLong(bytes('gebiet;merkmal;jahr;wert;vorlaeufig;geschaetzt\nA;x;2020;1;ja;0\nB;x;2020;2;vielleicht;1\n'), 'x.csv');
    expect(r.records.map((x) => x.flags)).toEqual([{ provisional: true }, { estimated: true }]);
    expect(r.warnings.map((w) => [w.code, w.line, w.value])).toEqual([['FLAG_UNKNOWN', 3, 'vielleicht']]);
  });

  it('decides the decimal separator from the data: "12.5" is twelve and a half in a point file', () => {
    const r = readLong(bytes('area,indicator,period,value\nA,x,2020,12.5\nB,x,2020,1.374\n'), 'x.csv');
    expect(r.records.map((x) => x.value)).toEqual([12.5, 1.374]);
    const de = readLong(bytes('gebiet;merkmal;jahr;wert\nA;x;2020;12,5\nB;x;2020;1.374\n'), 'x.csv');
    expect(de.records.map((x) => x.value)).toEqual([12.5, 1374]);
  });

  it('reads quoted files through the same rules, with physical line numbers', () => {
    const r = readLong(bytes('"gebiet","merkmal","jahr","wert"\r\n"Zentrum","a","2020","1,5"\r\n"Ost","a","2020","x"\r\n'), 'x.csv');
    expect(r.records.map((x) => [x.area.name, x.value, x.line])).toEqual([
      ['Zentrum', 1.5, 2],
      ['Ost', null, 3],
    ]);
  });

  it('reads 100,000 generated rows with every value and line intact', () => {
    const lines = ['code;indikator;jahr;wert'];
    for (let i = 0; i < 100_000; i++) lines.push(`${String(i % 63).padStart(2, '0')};i${Math.floor(i / 1575)};${2000 + (i % 25)};${i},5`);
    const r = readLong(Buffer.from(lines.join('\r\n')), 'gen.csv');
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(100_000);
    expect(r.records[99_999]).toMatchObject({ area: { code: String(99_999 % 63).padStart(2, '0') }, value: 99_999.5, line: 100_001 });
    expect(r.rowsRead).toBe(100_000);
  });
});
