import { describe, expect, it } from 'vitest';
import { parseTableSpec, readTable } from '../../../src/io/table.ts';

const enc = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));

describe('a table with rows of several levels', () => {
  it('gives each row the layer of its code: 5 digits Stadtteil, 3 digits Bezirk, 8 the city', () => {
    const r = readTable(enc(['Schlüssel;Gebiet;Einwohner', '02000000;Hamburg;1900000', '305;Eimsbüttel;270000', '30501;Eimsbüttel;57000']), 'p.csv', {
      areaColumn: 'Gebiet', codeColumn: 'Schlüssel', hasHeader: true,
      layerRules: [{ pattern: '^\\d{5}$', layer: 'stadtteil' }, { pattern: '^\\d{3}$', layer: 'bezirk' }, { pattern: '^\\d{8}$', layer: 'stadt' }],
      columns: [{ column: 'Einwohner', indicator: 'einwohner', period: '2023' }],
    });
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.layer, x.area.name, x.value])).toEqual([['stadt', 'Hamburg', 1900000], ['bezirk', 'Eimsbüttel', 270000], ['stadtteil', 'Eimsbüttel', 57000]]);
  });

  it('still rejects a name twice on the same level', () => {
    const r = readTable(enc(['Gebiet;Ebene;Einwohner', 'Altona;Bezirk;1', 'Altona;Bezirk;2']), 'p.csv', {
      areaColumn: 'Gebiet', levelColumn: 'Ebene', levels: { Bezirk: 'bezirk' }, hasHeader: true,
      columns: [{ column: 'Einwohner', indicator: 'einwohner', period: '2023' }],
    });
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['OBSERVATION_DUPLICATE', 3]]);
  });

  it('skips section headers mapped to "" and names an unmapped level with the known ones', () => {
    const r = readTable(enc(['Gebiet;Ebene;Einwohner', 'Bezirk Altona;Kopf;', 'Altona;Bezirk;1', 'Ottensen;Ortsteil;2']), 'p.csv', {
      areaColumn: 'Gebiet', levelColumn: 'Ebene', levels: { Bezirk: 'bezirk', Kopf: '' }, hasHeader: true,
      columns: [{ column: 'Einwohner', indicator: 'einwohner', period: '2023' }],
    });
    expect(r.records).toHaveLength(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'TABLE_LEVEL_UNKNOWN', line: 4, value: 'Ortsteil' });
    expect(r.errors[0].en).toBe('Line 4: level "Ortsteil" is not mapped (known: "Bezirk", "Kopf").');
  });

  it('validates a spec from a file and names the wrong field', () => {
    expect(() => parseTableSpec({ areaColumn: 'Gebiet', columns: [] }, 'spec.json')).toThrow(expect.objectContaining({ code: 'TABLE_SPEC_INVALID', en: expect.stringContaining('columns') }));
    expect(() => parseTableSpec({ areaColumn: 'Gebiet', columns: [{ column: 'x', indicator: 'i', period: '2020' }], layerRules: [{ pattern: '(', layer: 'a' }] }, 'spec.json')).toThrow(/layerRules/);
    expect(parseTableSpec({ areaColumn: 0, columns: [{ column: 1, indicator: 'i', period: '2020' }] }, 's.json').hasHeader).toBe(true);
  });
});
