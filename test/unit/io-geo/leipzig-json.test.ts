import { describe, expect, it } from 'vitest';
import { readKdValues, readLeipzigPopulation } from '../../../src/io/leipzig-json.ts';
import type { ObservationRecord } from '../../../src/io/types.ts';
import { readData, readJsonData } from './helpers.ts';

const POP = 'leipzig/statistik/einwohner-2000-2024.json';
const population = readLeipzigPopulation(readData(POP), 'einwohner-2000-2024.json');
const value = (records: ObservationRecord[], layer: string, name: string, indicator: string, period: string) =>
  records.find((r) => r.layer === layer && r.area.name === name && r.indicator === indicator && r.period === period)?.value;
const ortsteilCodes = new Map(
  readJsonData<{ features: Array<{ properties: { OT: string; Name: string } }> }>('leipzig/ortsteile.geojson').features.map((f) => [f.properties.Name, f.properties.OT]),
);
const stadtbezirkCodes = new Map(
  readJsonData<{ features: Array<{ properties: { SBZ: string; Name: string } }> }>('leipzig/stadtbezirke.geojson').features.map((f) => [f.properties.Name, f.properties.SBZ]),
);

describe('readLeipzigPopulation', () => {
  it('reads all 9,250 entries without problems: 5 Merkmale, 25 years, city, 10 Stadtbezirke and 63 Ortsteile', () => {
    expect(population.errors).toEqual([]);
    expect(population.warnings).toEqual([]);
    expect(population.rowsRead).toBe(9250);
    expect(population.records).toHaveLength(9250);
    expect(population.periods).toHaveLength(25);
    expect(population.periods[0]).toBe('2000');
    expect(population.periods.at(-1)).toBe('2024');
    expect(population.layers).toEqual({ stadt: 125, stadtbezirk: 1250, ortsteil: 7875 });
    expect(population.merkmale.map((m) => [m.merkmal, m.indicator, m.records])).toEqual([
      ['Ausländer', 'auslaender', 1850],
      ['Einwohner insgesamt', 'einwohner', 1850],
      ['Männer', 'maenner', 1850],
      ['Frauen', 'frauen', 1850],
      ['Deutsche', 'deutsche', 1850],
    ]);
  });

  it('gives the city 632,562 residents and 92,048 foreigners on 31.12.2024', () => {
    expect(value(population.records, 'stadt', 'Leipzig', 'einwohner', '2024')).toBe(632562);
    expect(value(population.records, 'stadt', 'Leipzig', 'auslaender', '2024')).toBe(92048);
  });

  it('sums the 63 Ortsteile to 632,560 residents in 2024 (2 residents have no Ortsteil)', () => {
    const ot = population.records.filter((r) => r.layer === 'ortsteil' && r.indicator === 'einwohner' && r.period === '2024');
    expect(ot).toHaveLength(63);
    expect(ot.reduce((s, r) => s + (r.value ?? 0), 0)).toBe(632560);
  });

  it('gives Grünau-Mitte 14,046 / 3,835 and Volkmarsdorf 14,158 / 4,976 residents / foreigners in 2024', () => {
    expect(value(population.records, 'ortsteil', 'Grünau-Mitte', 'einwohner', '2024')).toBe(14046);
    expect(value(population.records, 'ortsteil', 'Grünau-Mitte', 'auslaender', '2024')).toBe(3835);
    expect(value(population.records, 'ortsteil', 'Volkmarsdorf', 'einwohner', '2024')).toBe(14158);
    expect(value(population.records, 'ortsteil', 'Volkmarsdorf', 'auslaender', '2024')).toBe(4976);
  });

  it('makes every Stadtbezirk the sum of its Ortsteile for all 5 indicators and all 25 years', () => {
    const sums = new Map<string, number>();
    for (const r of population.records.filter((x) => x.layer === 'ortsteil')) {
      const code = ortsteilCodes.get(r.area.name);
      expect(code, r.area.name).toBeDefined();
      const key = `${code![0]}|${r.indicator}|${r.period}`;
      sums.set(key, (sums.get(key) ?? 0) + (r.value ?? 0));
    }
    const bezirke = population.records.filter((x) => x.layer === 'stadtbezirk');
    expect(bezirke).toHaveLength(10 * 5 * 25);
    for (const r of bezirke) {
      const code = stadtbezirkCodes.get(r.area.name);
      expect(code, r.area.name).toBeDefined();
      expect(r.value, `${r.area.name} ${r.indicator} ${r.period}`).toBe(sums.get(`${code}|${r.indicator}|${r.period}`));
    }
  });

  it('takes the indicator keys and the name of the city from the options', () => {
    const r = readLeipzigPopulation(readData(POP), 'e.json', {
      indicators: { 'Einwohner insgesamt': 'bev', Ausländer: 'bev_ausl', Männer: 'm', Frauen: 'w', Deutsche: 'd' },
      city: { name: 'Stadt Leipzig', code: '14713000' },
    });
    const city = r.records.find((x) => x.layer === 'stadt' && x.indicator === 'bev' && x.period === '2024');
    expect(city).toMatchObject({ area: { name: 'Stadt Leipzig', code: '14713000' }, value: 632562 });
  });

  it('flags a placeholder as missing with a warning and rejects a value that is not a number, naming the JSON path', () => {
    const text = JSON.stringify({
      daten: [
        { name: 'Einwohner insgesamt', wert: '1.234', jahr: '2024', stadtbezirk: null, ortsteil: 'A' },
        { name: '   Männer', wert: '.', jahr: '2024', stadtbezirk: null, ortsteil: 'A' },
        { name: '   Frauen', wert: 'viele', jahr: '2024', stadtbezirk: null, ortsteil: 'A' },
        { name: 'Kinder', wert: '7', jahr: '2024', stadtbezirk: 'Ost', ortsteil: null },
      ],
    }, null, 1);
    const r = readLeipzigPopulation(text, 'small.json');
    expect(r.records.map((x) => [x.indicator, x.value, x.layer])).toEqual([
      ['einwohner', 1234, 'ortsteil'],
      ['maenner', null, 'ortsteil'],
      ['kinder', 7, 'stadtbezirk'],
    ]);
    expect(r.records[1]).toMatchObject({ flags: { missing: true }, missingSymbol: '.' });
    expect(r.errors).toMatchObject([{ code: 'LEIPZIG_VALUE_INVALID', field: 'daten[2].wert', value: 'viele', line: 17 }]);
    expect(r.warnings.map((w) => [w.code, w.field])).toEqual([
      ['LEIPZIG_VALUE_MISSING', 'daten[1].wert'],
      ['LEIPZIG_MERKMAL_UNMAPPED', 'daten[3].name'],
    ]);
  });
});

describe('readKdValues', () => {
  const bg = readKdValues(readData('leipzig/statistik/bedarfsgemeinschaften.json'), 'bedarfsgemeinschaften.json');

  it('finds the 21 Merkmale of bedarfsgemeinschaften.json, 2008–2019, including SGB-II-Quote', () => {
    expect(bg.merkmale).toHaveLength(21);
    expect(bg.merkmale.map((m) => m.merkmal)).toContain('SGB-II-Quote');
    expect(bg.merkmale.find((m) => m.merkmal === 'SGB-II-Quote')).toMatchObject({ indicator: 'sgb-ii-quote', records: 12 * 63, rejected: 0 });
    expect(bg.periods).toEqual(['2008', '2009', '2010', '2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018', '2019']);
    expect(bg.title).toBe('Bedarfsgemeinschaften');
    expect(bg.source).toContain('statistik.leipzig.de');
    expect(bg.layers).toEqual({ ortsteil: bg.records.length });
  });

  it('gives the SGB-II-Quote 2019 as 36 in Grünau-Mitte, 30 in Volkmarsdorf and 4 in Schleußig', () => {
    expect(value(bg.records, 'ortsteil', 'Grünau-Mitte', 'sgb-ii-quote', '2019')).toBe(36);
    expect(value(bg.records, 'ortsteil', 'Volkmarsdorf', 'sgb-ii-quote', '2019')).toBe(30);
    expect(value(bg.records, 'ortsteil', 'Schleußig', 'sgb-ii-quote', '2019')).toBe(4);
  });

  it('rejects the doubled "Männer" and "Frauen" lists, whose two values per Ortsteil cannot be told apart', () => {
    // The file holds two lists under each of these labels (two Merkmale of the portal with one name):
    // 12 years × 2 labels × 63 Ortsteile × 2 entries = 3,024; where both entries agree, one is kept.
    const dupErrors = bg.errors.filter((e) => e.code === 'LEIPZIG_DUPLICATE');
    const dupWarnings = bg.warnings.filter((w) => w.code === 'LEIPZIG_DUPLICATE_SAME_VALUE');
    expect(bg.errors.length).toBe(dupErrors.length);
    expect(dupErrors.length + 2 * dupWarnings.length).toBe(3024);
    expect(dupErrors[0]).toMatchObject({ line: 2039, field: 'data.2008.Männer[0].value', value: '173' });
    expect(dupErrors[0].en).toContain('173 / 39');
    expect(bg.merkmale.find((m) => m.merkmal === 'Männer')!.rejected).toBe(dupErrors.filter((e) => e.field!.includes('.Männer[')).length);
    expect(bg.rowsRead).toBe(17388);
  });

  it('records null values as missing with a warning that names line and JSON path', () => {
    const r = readKdValues(readData('leipzig/statistik/arbeitslose-insgesamt.json'), 'arbeitslose-insgesamt.json');
    expect(r.errors).toEqual([]);
    expect(r.merkmale).toHaveLength(17);
    expect(r.periods[0]).toBe('2000');
    expect(r.periods.at(-1)).toBe('2020');
    expect(r.warnings).toMatchObject([
      { code: 'LEIPZIG_VALUE_MISSING', line: 4099, field: 'data.2002.unter 25 Jahre[6].value', value: 'null' },
      { code: 'LEIPZIG_VALUE_MISSING', line: 4167, field: 'data.2002.unter 25 Jahre[23].value' },
    ]);
    const baalsdorf = r.records.find((x) => x.area.name === 'Baalsdorf' && x.indicator === 'unter-25-jahre' && x.period === '2002');
    expect(baalsdorf).toMatchObject({ value: null, flags: { missing: true }, line: 4099 });
  });

  it('reads the other kdvalues files without errors', () => {
    const expected: Record<string, [merkmale: number, records: number]> = {
      'aerzte.json': [1, 1071],
      'einwohner-insgesamt.json': [5, 6615],
      'einwohnerdichte.json': [1, 1071],
      'haushaltseinkommen.json': [2, 630],
      'jugendquote.json': [3, 3969],
      'migranten.json': [8, 6552],
      'straftaten-insgesamt.json': [5, 4662],
      'wohnungen.json': [3, 3780],
    };
    for (const [f, [merkmale, records]] of Object.entries(expected)) {
      const r = readKdValues(readData(`leipzig/statistik/${f}`), f);
      expect(r.errors, f).toEqual([]);
      expect([r.merkmale.length, r.records.length], f).toEqual([merkmale, records]);
    }
  });

  it('uses the indicator map, or the key prefix with the slug of the Merkmal', () => {
    const r = readKdValues(readData('leipzig/statistik/jugendquote.json'), 'jugendquote.json', { indicators: { Jugendquote: 'jq' }, keyPrefix: 'alter-' });
    expect(r.merkmale.map((m) => m.indicator)).toEqual(['jq', 'alter-altenquote', 'alter-durchschnittsalter']);
  });

  it('accepts values written as strings with a decimal comma', () => {
    const r = readKdValues(JSON.stringify({ title: 't', data: { '2019': { Quote: [{ value: '12,5', district: ' Zentrum ' }, { value: 3, district: 'Ost' }] } } }), 't.json');
    expect(r.records.map((x) => [x.area.name, x.value])).toEqual([
      ['Zentrum', 12.5],
      ['Ost', 3],
    ]);
  });

  it('reports a file of the wrong layout instead of reading nothing silently', () => {
    expect(readKdValues('{"daten": []}', 'x.json').errors.map((e) => e.code)).toEqual(['LEIPZIG_LAYOUT']);
    expect(readLeipzigPopulation('{"data": {}}', 'x.json').errors.map((e) => e.code)).toEqual(['LEIPZIG_LAYOUT']);
    expect(readKdValues('{"data": {"2019": {"A": [{"value": 1,}]}}}', 'x.json').errors.map((e) => e.code)).toEqual(['LEIPZIG_JSON_INVALID']);
  });
});
