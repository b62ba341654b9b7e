import { describe, expect, it } from 'vitest';
import { detectDecimalSeparator, parseGermanNumber } from '../../../src/io/numbers.ts';
import { slugify } from '../../../src/io/slug.ts';

const num = (value: number, percent = false) => ({ kind: 'number', value, percent });

describe('parseGermanNumber', () => {
  it('reads a decimal comma and dots as thousands separators', () => {
    expect(parseGermanNumber('1939,76')).toEqual(num(1939.76));
    expect(parseGermanNumber('1.374')).toEqual(num(1374));
    expect(parseGermanNumber('1.234.567,5')).toEqual(num(1234567.5));
    expect(parseGermanNumber('6,53753026634383')).toEqual(num(6.53753026634383));
  });

  it('reads spaces, NBSP and narrow NBSP between groups of three digits as thousands separators', () => {
    expect(parseGermanNumber('1 374')).toEqual(num(1374));
    expect(parseGermanNumber('12\u00a0345,5')).toEqual(num(12345.5));
    expect(parseGermanNumber('1\u202f234\u202f567')).toEqual(num(1234567));
    expect(parseGermanNumber('12 34')).toEqual({ kind: 'invalid' });
  });

  it('reads percent strings as the number before the sign and says it was a percentage', () => {
    expect(parseGermanNumber('53,40%')).toEqual(num(53.4, true));
    expect(parseGermanNumber('45%')).toEqual(num(45, true));
    expect(parseGermanNumber('9,7 %')).toEqual(num(9.7, true));
  });

  it('keeps signs, including the Unicode minus', () => {
    expect(parseGermanNumber('-3,5')).toEqual(num(-3.5));
    expect(parseGermanNumber('−1.000')).toEqual(num(-1000));
    expect(parseGermanNumber(' 0 ')).toEqual(num(0));
  });

  it('turns every placeholder into a missing value with its symbol, never into 0', () => {
    for (const symbol of ['.', '-', '–', '—', 'x', 'X', '', 'n.e.']) {
      const parsed = parseGermanNumber(symbol);
      expect(parsed).toMatchObject({ kind: 'missing', symbol });
    }
    expect(parseGermanNumber('  .  ')).toMatchObject({ kind: 'missing', symbol: '.' });
  });

  it('marks "x" and "*" as suppressed and "." as merely unknown', () => {
    expect(parseGermanNumber('x')).toEqual({ kind: 'missing', symbol: 'x', suppressed: true });
    expect(parseGermanNumber('*')).toEqual({ kind: 'missing', symbol: '*', suppressed: true });
    expect(parseGermanNumber('.')).toEqual({ kind: 'missing', symbol: '.', suppressed: false });
  });

  it('rejects what is not a number instead of guessing', () => {
    for (const raw of ['857°', '1.3066', '1.64', 'abc', '12,', '1,2,3', '--5', '%', '5 Personen']) {
      expect(parseGermanNumber(raw), raw).toEqual({ kind: 'invalid' });
    }
  });

  it('reads a decimal point when the file uses one', () => {
    expect(parseGermanNumber('14.1', { decimal: '.' })).toEqual(num(14.1));
    expect(parseGermanNumber('1,374.5', { decimal: '.' })).toEqual(num(1374.5));
    expect(parseGermanNumber('14,1', { decimal: '.' })).toEqual({ kind: 'invalid' });
  });

  it('uses a caller-supplied placeholder list instead of the default one', () => {
    expect(parseGermanNumber('x', { placeholders: ['.'] })).toEqual({ kind: 'invalid' });
    expect(parseGermanNumber('k.A.', { placeholders: ['k.A.'] })).toMatchObject({ kind: 'missing', symbol: 'k.A.' });
  });
});

describe('detectDecimalSeparator', () => {
  it('chooses the comma as soon as one cell has a decimal comma', () => {
    expect(detectDecimalSeparator(['14', '9,6', '1.374'])).toBe(',');
  });

  it('chooses the point for kinderarmut-style cells like "14.1" and "0.257"', () => {
    expect(detectDecimalSeparator(['14.1', '6.5', '0', '8'])).toBe('.');
    expect(detectDecimalSeparator(['0.257', '0.743', '1'])).toBe('.');
  });

  it('reads dots followed by exactly three digits in an integer column as thousands separators', () => {
    const sep = detectDecimalSeparator(['1.374', '999', '2.191', '375']);
    expect(sep).toBe(',');
    expect(parseGermanNumber('1.374', { decimal: sep })).toEqual(num(1374));
  });

  it('treats "0.374" and "12345.678" as decimals, since neither can be a thousands group', () => {
    expect(detectDecimalSeparator(['0.374', '1'])).toBe('.');
    expect(detectDecimalSeparator(['12345.678'])).toBe('.');
  });

  it('lets the last separator of "1.234,5" or "1,234.5" decide', () => {
    expect(detectDecimalSeparator(['1.234,5'])).toBe(',');
    expect(detectDecimalSeparator(['1,234.5'])).toBe('.');
    expect(detectDecimalSeparator(['1,234,567'])).toBe('.');
  });

  it('ignores placeholders, percent signs and text, and falls back to the German comma', () => {
    expect(detectDecimalSeparator(['.', '-', 'x', 'Zentrum', '53,40%'])).toBe(',');
    expect(detectDecimalSeparator(['12', '7'])).toBe(',');
    expect(detectDecimalSeparator([])).toBe(',');
  });
});

describe('slugify', () => {
  it('turns German labels into stable keys', () => {
    expect(slugify('Wohnfläche je Wohnung')).toBe('wohnflaeche-je-wohnung');
    expect(slugify('  Größe/Straße (m²) ')).toBe('groesse-strasse-m2');
    expect(slugify('Übersicht_ÄÖÜ')).toBe('uebersicht-aeoeue');
    expect(slugify('Café Élan')).toBe('cafe-elan');
  });
});
