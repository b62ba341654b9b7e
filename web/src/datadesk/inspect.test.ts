import { describe, expect, it } from 'vitest';
import { inspectFile, keyFromFileName } from './inspect.ts';

const layers = [{ key: 'ortsteil', name: 'Ortsteil', nameEn: 'Locality' }, { key: 'stadtbezirk', name: 'Stadtbezirk' }];
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe('inspectFile', () => {
  it('reads the wide layout of kinderarmut.csv (ISO-8859-1, semicolon, years as columns)', () => {
    const bytes = latin1('Ortsteil;2007;2009;2011\nZentrum;14.1;6.5;0\nZentrum-S\u00fcdost;34.8;31.3;25.8\n');
    expect(inspectFile(bytes, 'kinderarmut.csv', layers)).toEqual({
      kind: 'observations', encoding: 'ISO-8859-1', delimiter: ';', lineEnding: 'LF', header: ['Ortsteil', '2007', '2009', '2011'],
      dataLines: 2, format: 'wide', layer: 'ortsteil', indicator: 'kinderarmut',
    });
  });

  it('recognises the Leipzig portal layout in UTF-8 with CRLF line ends', () => {
    const bytes = new TextEncoder().encode('"Gebiet","Sachmerkmal","2000","2001"\r\n"Leipzig","Wohnungen","1","2"\r\n');
    const found = inspectFile(bytes, 'Bautaetigkeit.csv', layers);
    expect(found).toMatchObject({ encoding: 'UTF-8', delimiter: ',', lineEnding: 'CRLF', format: 'portal', layer: '' });
  });

  it('recognises a long file and leaves the indicator key to its column', () => {
    const bytes = new TextEncoder().encode('gebiet;indikator;jahr;wert\r62;einwohner;2030;1\n');
    expect(inspectFile(bytes, 'x.csv', layers)).toMatchObject({ format: 'long', indicator: '', lineEnding: 'mixed' });
  });

  it('treats a zipped shapefile and a GeoJSON feature collection as areas', () => {
    expect(inspectFile(new Uint8Array([80, 75, 3, 4]), 'ortsteile.zip', layers).kind).toBe('areas');
    expect(inspectFile(new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'), 'o.geojson', layers).kind).toBe('areas');
  });
});

describe('keyFromFileName', () => {
  it('turns umlauts and spaces into a valid key', () => {
    expect(keyFromFileName('Schüler Übergänge 2023.csv')).toBe('schueler_uebergaenge_2023');
  });
});
