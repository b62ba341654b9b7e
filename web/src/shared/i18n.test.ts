import { describe, expect, it } from 'vitest';
import { MESSAGE_KEYS, translate } from './i18n.ts';

// The English dictionary is typed to have every German key; this checks what types cannot.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('uses the same placeholders in German and English', () => {
    for (const key of MESSAGE_KEYS) {
      expect(placeholders(translate('en', key)), key).toEqual(placeholders(translate('de', key)));
    }
  });

  it('leaves no text empty', () => {
    for (const key of MESSAGE_KEYS) {
      expect(translate('de', key).trim(), key).not.toBe('');
      expect(translate('en', key).trim(), key).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('de', 'series.title', { area: 'Grünau-Mitte' })).toBe('Zeitreihe: Grünau-Mitte');
    expect(translate('en', 'series.title')).toBe('Time series: {area}');
  });
});
