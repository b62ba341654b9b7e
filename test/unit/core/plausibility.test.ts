import { describe, expect, it } from 'vitest';
import { implausibility, implausibleSeries, plausibilityWarnings, type PlausibilityRow } from '../../../src/core/plausibility.ts';

// Leipzig's Langzeitarbeitslose: real counts until 2017, then 0 in all 63 Ortsteile in 2018 and 2019.
const rows: PlausibilityRow[] = [];
for (let a = 0; a < 63; a++) {
  rows.push({ indicator: 'alo_langzeit', layer: 'ortsteil', period: '2017', value: 40 + a });
  rows.push({ indicator: 'alo_langzeit', layer: 'ortsteil', period: '2018', value: 0 });
  rows.push({ indicator: 'alo_langzeit', layer: 'ortsteil', period: '2019', value: a === 5 ? null : 0 });
  rows.push({ indicator: 'einwohner', layer: 'ortsteil', period: '2019', value: a === 0 ? 0 : 1000 + a });
}

describe('plausibility of imported series', () => {
  it('calls a period implausible only when at least two areas have a value and all are exactly 0', () => {
    expect(implausibility([0, 0, null, 0])).toBe('all-zero');
    expect(implausibility([0, 0.0001])).toBeNull();
    expect(implausibility([0])).toBeNull();
    expect(implausibility([null, null])).toBeNull();
    expect(implausibility([])).toBeNull();
  });

  it('finds the all-zero periods of a series per layer, not an area that happens to be 0', () => {
    expect(implausibleSeries(rows)).toEqual([
      { indicator: 'alo_langzeit', layer: 'ortsteil', reason: 'all-zero', periods: ['2018', '2019'], areas: 63 },
    ]);
    // The same zeros on another layer are a separate finding.
    const two = [...rows, { indicator: 'alo_langzeit', layer: 'stadtbezirk', period: '2018', value: 0 }, { indicator: 'alo_langzeit', layer: 'stadtbezirk', period: '2018', value: 0 }];
    expect(implausibleSeries(two).map((s) => `${s.layer}:${s.periods.join('+')}:${s.areas}`)).toEqual(['ortsteil:2018+2019:63', 'stadtbezirk:2018:2']);
  });

  it('writes one bilingual warning with file and field', () => {
    const [w, ...more] = plausibilityWarnings(rows, 'arbeitslose-insgesamt.json', 'Langzeitarbeitslose');
    expect(more).toEqual([]);
    expect(w.code).toBe('SERIES_ALL_ZERO');
    expect(w.file).toBe('arbeitslose-insgesamt.json');
    expect(w.field).toBe('Langzeitarbeitslose');
    expect(w.value).toBe('alo_langzeit: 2018, 2019');
    expect(w.de).toContain('alle Werte 0 – unplausibel');
    expect(w.de).toContain('In 2018, 2019 haben alle 63 Gebiete der Ebene „ortsteil“ den Wert 0');
    expect(w.en).toContain('all values 0 – implausible');
  });
});
