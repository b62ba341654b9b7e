import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/io/table.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const flensburg = (f: string) => readFileSync(path.join(DATA, 'flensburg', f));
const CODE_NAME = '^(\\d+)\\s+(.+)$';
const years = [2011, 2017, 2018, 2019, 2020, 2021];

describe('readTable on the Flensburg Sozialatlas', () => {
  it('tab_1 gives the 13 Stadtteile with 2021 ("gesamt") summing to 97,877', () => {
    const r = readTable(flensburg('tab_1_einwohner_in_stadtteilen_2011_bis_2021.csv'), 'tab_1.csv', {
      areaColumn: 'stadtteil',
      codeColumn: 'id',
      hasHeader: true,
      columns: [
        { column: '2011', indicator: 'einwohner', period: '2011' },
        { column: 'gesamt', indicator: 'einwohner', period: '2021' },
        { column: 'männlich', indicator: 'anteil-maennlich', period: '2021' },
      ],
    });
    expect(r.errors).toEqual([]);
    const e2021 = r.records.filter((x) => x.indicator === 'einwohner' && x.period === '2021');
    expect(e2021).toHaveLength(13);
    expect(e2021.reduce((s, x) => s + (x.value ?? 0), 0)).toBe(97877);
    expect(e2021[10]).toMatchObject({ area: { code: '11', name: 'Mürwik' }, value: 15301, line: 12 });
    const male = r.records.find((x) => x.indicator === 'anteil-maennlich' && x.area.code === '1');
    expect(male).toMatchObject({ value: 53.4, percent: true });
  });

  it('splits "01 Altstadt" into code and name in a table without header, with thousands dots', () => {
    const r = readTable(flensburg('tab_9_anteil_migrationshintergrund.csv'), 'tab_9.csv', {
      areaColumn: 0,
      areaCodePattern: CODE_NAME,
      hasHeader: false,
      columns: [
        { column: 2, indicator: 'migrationshintergrund', period: '2021' },
        { column: 3, indicator: 'migrationshintergrund-anteil', period: '2021' },
      ],
    });
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(26);
    expect(r.records[0]).toEqual({ area: { code: '01', name: 'Altstadt' }, indicator: 'migrationshintergrund', period: '2021', value: 1374, flags: {}, line: 1 });
    expect(r.records[1]).toMatchObject({ value: 35.5, percent: true });
    const counts = r.records.filter((x) => x.indicator === 'migrationshintergrund');
    expect(counts.find((x) => x.area.name === 'Westliche Höhe')?.value).toBe(2149);
    expect(counts.reduce((s, x) => s + (x.value ?? 0), 0)).toBe(29129);
  });

  it('rejects the rows of tab_8 with garbled numbers ("1.3066", "857°", "1.64") and keeps the rest', () => {
    const r = readTable(flensburg('tab_8_alter_ab_65.csv'), 'tab_8.csv', {
      areaColumn: 0,
      areaCodePattern: CODE_NAME,
      hasHeader: false,
      decimal: ',',
      columns: years.map((y, i) => ({ column: i + 1, indicator: 'ab-65', period: String(y) })),
    });
    expect(r.errors.map((e) => [e.code, e.line, e.value])).toEqual([
      ['NUMBER_INVALID', 5, '1.3066'],
      ['NUMBER_INVALID', 7, '857°'],
      ['NUMBER_INVALID', 8, '1.4131'],
      ['NUMBER_INVALID', 10, '1.64'],
      ['NUMBER_INVALID', 12, '1.69'],
    ]);
    expect(r.records).toHaveLength(8 * 6);
    expect(r.records.find((x) => x.area.code === '13' && x.period === '2021')?.value).toBe(910);
  });

  it('reports a column of the spec that the header does not have', () => {
    const r = readTable(flensburg('tab_1_einwohner_in_stadtteilen_2011_bis_2021.csv'), 'tab_1.csv', {
      areaColumn: 'stadtteil',
      hasHeader: true,
      columns: [{ column: '2016', indicator: 'einwohner', period: '2016' }],
    });
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([['CSV_UNKNOWN_COLUMN', '2016']]);
  });
});
