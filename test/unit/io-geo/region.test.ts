import { describe, expect, it } from 'vitest';
import { readAreaFile, readObservationFile, looksLikeRecipe } from '../../../src/io/formats.ts';
import { loadConfig, parseRegion } from '../../../src/config.ts';

// A square around Vienna's Stephansdom (16.37 E, 48.21 N): outside Germany's box, inside Austria's.
const vienna = JSON.stringify({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: '1', name: 'Innere Stadt' }, geometry: { type: 'Polygon', coordinates: [[[16.36, 48.20], [16.38, 48.20], [16.38, 48.22], [16.36, 48.22], [16.36, 48.20]]] } }],
});
const bytes = new TextEncoder().encode(vienna);

describe('the expected region of a deployment', () => {
  it('questions a Viennese file in the default (German) deployment', () => {
    const r = readAreaFile(bytes, 'wien.geojson', { codeProperty: 'id', nameProperty: 'name' });
    expect(r.warnings.map((w) => w.code)).toContain('GEO_OUTSIDE_EXPECTED_BOUNDS');
  });

  it('accepts it silently where the deployment says its areas lie in Austria', () => {
    const r = readAreaFile(bytes, 'wien.geojson', { codeProperty: 'id', nameProperty: 'name', expectedBounds: parseRegion('9.5,46.3,17.2,49.1') });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).not.toContain('GEO_OUTSIDE_EXPECTED_BOUNDS');
    expect(r.records).toHaveLength(1);
  });

  it('reads LERNORT_EXPECTED_REGION: unset is Germany, "none" switches the check off, nonsense is refused', () => {
    expect(loadConfig({}).expectedRegion).toEqual([5.5, 47, 15.5, 55.5]);
    expect(loadConfig({ LERNORT_EXPECTED_REGION: 'none' }).expectedRegion).toBeNull();
    expect(loadConfig({ LERNORT_EXPECTED_REGION: ' 9.5, 46.3, 17.2, 49.1 ' }).expectedRegion).toEqual([9.5, 46.3, 17.2, 49.1]);
    expect(() => parseRegion('17,46,9,49')).toThrow(/minLon,minLat,maxLon,maxLat/);
    expect(() => parseRegion('Österreich')).toThrow(/LERNORT_EXPECTED_REGION/);
  });
});

describe('a recipe under another name', () => {
  const recipe = new TextEncoder().encode(JSON.stringify({ key: 'flensburg', layers: [{ key: 'stadtteil' }], steps: [{ type: 'areas' }] }));

  it('is recognised by its content', () => {
    expect(looksLikeRecipe(recipe)).toBe(true);
    expect(looksLikeRecipe(new TextEncoder().encode('{"daten": []}'))).toBe(false);
    expect(looksLikeRecipe(new TextEncoder().encode('[1, 2]'))).toBe(false);
  });

  it('is not read as Leipzig data: the message names a recipe, not the Leipzig API format', () => {
    expect(() => readObservationFile(recipe, 'flensburg-rezept.json', {})).toThrow(expect.objectContaining({ code: 'FILE_IS_RECIPE', en: expect.stringMatching(/import recipe/) }));
    expect(() => readAreaFile(recipe, 'mein-rezept.json', { codeProperty: 'id', nameProperty: 'name' })).toThrow(expect.objectContaining({ code: 'FILE_IS_RECIPE' }));
  });
});

describe('a municipality layer without a name property', () => {
  const ars = new TextEncoder().encode(JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { ARS: '010010000000', EWZ: 91000 }, geometry: { type: 'Polygon', coordinates: [[[9.4, 54.76], [9.5, 54.76], [9.5, 54.82], [9.4, 54.82], [9.4, 54.76]]] } }],
  }));

  it('takes the code as the name and says so in a warning', () => {
    const r = readAreaFile(ars, 'gemeinden.geojson', { codeProperty: 'ARS' });
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({ code: '010010000000', name: '010010000000' });
    const w = r.warnings.find((x) => x.code === 'GEO_NAME_FROM_CODE')!;
    expect(w.en).toContain('the area code ("ARS") is used as the name');
  });

  it('still asks for a code property when there is neither a code nor a name', () => {
    const r = readAreaFile(ars, 'gemeinden.geojson', { codeProperty: 'AGS' });
    expect(r.errors.map((e) => e.code)).toEqual(['GEO_CODE_MISSING']);
  });
});
