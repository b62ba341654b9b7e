import { describe, expect, it } from 'vitest';
import { applyMapping, damerauLevenshtein, matchAreaNames, nameSimilarity, normaliseAreaName, repairMojibake } from '../../../src/core/names.ts';
import type { NameCandidate } from '../../../src/core/names.ts';
import { readJsonData } from './helpers.ts';

const ortsteile: NameCandidate[] = readJsonData<{ features: Array<{ properties: { OT: string; Name: string } }> }>('leipzig/ortsteile.geojson').features.map(
  (f) => ({ code: f.properties.OT, name: f.properties.Name, layer: 'ortsteil' }),
);
const match = (name: string) => matchAreaNames([name], ortsteile).matches[0];

describe('normaliseAreaName', () => {
  it('makes umlaut spellings, case, dashes and spaces equal', () => {
    expect(normaliseAreaName(' Schleußig ')).toBe('schleussig');
    expect(normaliseAreaName('SCHLEUSSIG')).toBe('schleussig');
    expect(normaliseAreaName('Grünau – Mitte')).toBe('gruenau-mitte');
    expect(normaliseAreaName('Gruenau Mitte')).toBe('gruenau-mitte');
    expect(normaliseAreaName('Zentrum‑Südost')).toBe(normaliseAreaName('zentrum suedost'));
  });

  it('treats decomposed umlauts (NFD) like composed ones', () => {
    expect(normaliseAreaName('Lo\u0308ßnig')).toBe(normaliseAreaName('Lößnig'));
  });

  it('repairs UTF-8 that was read as Latin-1 or Windows-1252', () => {
    expect(repairMojibake('GrÃ¼nau-Mitte')).toBe('Grünau-Mitte');
    expect(repairMojibake('LÃ¶ÃŸnig')).toBe('Lößnig');
    expect(repairMojibake('Grünau-Mitte')).toBe('Grünau-Mitte');
    expect(normaliseAreaName('PlauÃŸig-Portitz')).toBe('plaussig-portitz');
  });
});

describe('matchAreaNames', () => {
  it('matches a name that is spelled exactly as the area, ignoring surrounding spaces', () => {
    expect(match(' Connewitz ')).toMatchObject({ status: 'exact', match: { code: '41' } });
  });

  it('matches "Schleussig" to Schleußig without asking, because only the spelling of ß differs', () => {
    expect(match('Schleussig')).toMatchObject({ status: 'normalised', match: { code: '50', name: 'Schleußig' }, repairedEncoding: false });
  });

  it('matches a mangled "GrÃ¼nau-Mitte" to Grünau-Mitte and says that the encoding was repaired', () => {
    expect(match('GrÃ¼nau-Mitte')).toMatchObject({ status: 'normalised', match: { code: '62' }, repairedEncoding: true });
  });

  it('suggests Volkmarsdorf first for the typo "Volksmarsdorf" but does not apply it', () => {
    const m = match('Volksmarsdorf');
    expect(m.status).toBe('suggested');
    if (m.status !== 'suggested') return;
    expect(m.suggested).toMatchObject({ code: '21', name: 'Volkmarsdorf' });
    expect(m.suggested.score).toBeCloseTo(0.923, 3);
    expect(m.suggestions).toHaveLength(3);
  });

  it('suggests Großzschocher for "Grzschocher", whose "oß" a broken encoding dropped', () => {
    const m = match('Grzschocher');
    expect(m.status).toBe('suggested');
    if (m.status !== 'suggested') return;
    expect(m.suggested).toMatchObject({ code: '53', name: 'Großzschocher' });
    expect(m.suggestions[1]).toMatchObject({ name: 'Kleinzschocher' });
    expect(m.suggested.score - m.suggestions[1].score).toBeGreaterThan(0.2);
  });

  it('suggests Lößnig for "Lnig", which lost both of its non-ASCII letters', () => {
    const m = match('Lnig');
    expect(m.status).toBe('suggested');
    if (m.status !== 'suggested') return;
    expect(m.suggested).toMatchObject({ code: '43', name: 'Lößnig', score: 0.95 });
  });

  it('suggests Grünau-Ost for "Gr\uFFFDnau-Ost" left with a replacement character', () => {
    expect(match('Gr\uFFFDnau-Ost')).toMatchObject({ status: 'suggested', suggested: { code: '61' } });
  });

  it('gives unrelated names no confident suggestion, only the nearest candidates for a manual choice', () => {
    for (const name of ['Hauptbahnhof', 'xyz', 'Flughafen', 'Stadt Leipzig', '12345']) {
      const m = match(name);
      expect(m.status, name).toBe('unmatched');
      if (m.status !== 'unmatched') continue;
      expect(m.suggestions.length).toBe(3);
      expect(m.suggestions[0].score).toBeLessThan(0.7);
    }
  });

  it('does not pick one of several equally close areas for a name that fits them all ("Grünau")', () => {
    const m = match('Grünau');
    expect(m.status).toBe('unmatched');
    if (m.status !== 'unmatched') return;
    expect(m.suggestions.map((s) => s.name)).toEqual(['Grünau-Ost', 'Grünau-Nord', 'Grünau-Mitte']);
  });

  it('reports a name shared by areas of two layers as ambiguous unless a layer is chosen', () => {
    const candidates: NameCandidate[] = [
      { code: '6', name: 'West', layer: 'stadtbezirk' },
      { code: 'W', name: 'West', layer: 'planungsraum' },
    ];
    expect(matchAreaNames(['West'], candidates).matches[0].status).toBe('ambiguous');
    expect(matchAreaNames(['West'], candidates, { layer: 'stadtbezirk' }).matches[0]).toMatchObject({ status: 'exact', match: { code: '6' } });
  });

  it('returns one result per input name, in order, with counts per status', () => {
    const r = matchAreaNames(['Connewitz', 'Schleussig', 'Volksmarsdorf', 'Hauptbahnhof', 'Connewitz'], ortsteile);
    expect(r.matches.map((m) => m.status)).toEqual(['exact', 'normalised', 'suggested', 'unmatched', 'exact']);
    expect(r.counts).toEqual({ exact: 2, normalised: 1, ambiguous: 0, suggested: 1, unmatched: 1 });
  });

  it('matches all 63 Ortsteil names written in capitals without confirmation', () => {
    const names = ortsteile.map((c) => c.name.toUpperCase());
    expect(matchAreaNames(names, ortsteile).counts.normalised).toBe(63);
  });
});

describe('applyMapping', () => {
  it('applies exact and normalised matches by itself and fuzzy ones only when confirmed', () => {
    const r = matchAreaNames(['Connewitz', 'Schleussig', 'Volksmarsdorf', 'Lnig', 'Hauptbahnhof'], ortsteile);
    const none = applyMapping(r, {});
    expect(none.codes).toEqual({ Connewitz: '41', Schleussig: '50' });
    expect(none.unresolved).toEqual(['Volksmarsdorf', 'Lnig', 'Hauptbahnhof']);
    const some = applyMapping(r, { Volksmarsdorf: '21', Lnig: '43' }, ortsteile);
    expect(some.codes).toEqual({ Connewitz: '41', Schleussig: '50', Volksmarsdorf: '21', Lnig: '43' });
    expect(some.unresolved).toEqual(['Hauptbahnhof']);
  });

  it('refuses a confirmed code that is not among the candidates', () => {
    const r = matchAreaNames(['Volksmarsdorf'], ortsteile);
    const out = applyMapping(r, { Volksmarsdorf: '99' }, ortsteile);
    expect(out.invalid).toEqual([{ name: 'Volksmarsdorf', code: '99' }]);
    expect(out.unresolved).toEqual(['Volksmarsdorf']);
    expect(out.codes).toEqual({});
  });
});

describe('similarity', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(damerauLevenshtein('volkmarsdorf', 'volkmrasdorf')).toBe(1);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });

  it('scores the same name spelled differently as 1', () => {
    expect(nameSimilarity('Plaussig-Portitz', 'Plaußig-Portitz')).toBe(1);
  });
});
