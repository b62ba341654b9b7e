import { describe, expect, it } from 'vitest';
import { landingIndicator } from './landing.ts';
import type { Indicator } from '../indicators/api.ts';

const ind = (key: string, topic: string, kind: Indicator['kind'], periods: string[]): Indicator =>
  ({ key, name: key, unit: '', topic, topicName: topic, polarity: 'neutral', kind, decimals: 0, periods });

// In the server's (alphabetical) order, as Leipzig's list starts.
const leipzig = [
  ind('alo_abitur', 'arbeit', 'count', ['2019', '2020']),
  ind('alo_anteil', 'arbeit', 'share', ['2019', '2020']),
  ind('plaetze_kita', 'versorgung', 'count', []),
  ind('sgb2_anteil_kinder', 'soziale_lage', 'share', ['2008', '2018']),
  ind('sgb2_quote', 'soziale_lage', 'share', ['2008', '2019']),
  ind('sgb2_personen', 'soziale_lage', 'count', ['2008', '2019']),
];

describe('landingIndicator', () => {
  it('takes the deployment\'s choice when it has values', () => {
    expect(landingIndicator(leipzig, 'alo_anteil')?.key).toBe('alo_anteil');
  });

  it('falls back to the most recent share of the social situation, never the first alphabetically', () => {
    expect(landingIndicator(leipzig)?.key).toBe('sgb2_quote');
    expect(landingIndicator(leipzig, 'unknown_key')?.key).toBe('sgb2_quote');
  });

  it('ignores a configured indicator without values', () => {
    expect(landingIndicator(leipzig, 'plaetze_kita')?.key).toBe('sgb2_quote');
  });

  it('without a social topic takes any share or rate, then anything with values', () => {
    const flensburg = [ind('einwohner', 'bevoelkerung', 'count', ['2021']), ind('altenquotient', 'bevoelkerung', 'rate', ['2021'])];
    expect(landingIndicator(flensburg)?.key).toBe('altenquotient');
    expect(landingIndicator([ind('leer', 'x', 'count', []), ind('einwohner', 'x', 'count', ['2021'])])?.key).toBe('einwohner');
  });
});
