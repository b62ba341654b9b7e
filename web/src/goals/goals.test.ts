import { describe, expect, it } from 'vitest';
import { centsToInput, parseEuro } from './api.ts';
import { GOAL_TEXT } from './text.ts';

// The report form's money fields and the goals texts.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('goals client', () => {
  it('reads euros in German and English notation as whole cents', () => {
    expect(parseEuro('45.000')).toBe(4_500_000);
    expect(parseEuro('2500,50')).toBe(250_050);
    expect(parseEuro('1.250,5')).toBe(125_050);
    expect(parseEuro('1200.75')).toBe(120_075);
    expect(parseEuro(' 12 € ')).toBe(1200);
    expect(parseEuro('')).toBe(0);
    expect(parseEuro('-5')).toBeNull();
    expect(parseEuro('1,234')).toBeNull();
    expect(parseEuro('zwölf')).toBeNull();
  });

  it('shows cents back in the form with two decimals, whole euros without', () => {
    expect(centsToInput(250_050, 'de')).toBe('2500,50');
    expect(centsToInput(250_050, 'en')).toBe('2500.50');
    expect(centsToInput(4_500_000, 'de')).toBe('45000');
    expect(parseEuro(centsToInput(123_456, 'de'))).toBe(123_456);
  });

  it('has every text in both languages with the same placeholders', () => {
    for (const key of Object.keys(GOAL_TEXT.de) as (keyof typeof GOAL_TEXT.de)[]) {
      expect(GOAL_TEXT.en[key].trim(), key).not.toBe('');
      expect(placeholders(GOAL_TEXT.en[key]), key).toEqual(placeholders(GOAL_TEXT.de[key]));
    }
  });
});
