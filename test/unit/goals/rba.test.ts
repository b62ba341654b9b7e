import { describe, expect, it } from 'vitest';
import { LernortError } from '../../../src/core/errors.ts';
import { assertMeasures, checkMeasures, checkMeasureValue, rbaQuadrant } from '../../../src/core/goals/rba.ts';
import type { PerformanceMeasure } from '../../../src/core/goals/rba.ts';

const measures: PerformanceMeasure[] = [
  { key: 'teilnehmende', name: 'Teilnehmende', kind: 'count', aspect: 'effort' },
  { key: 'zufrieden', name: 'Anteil zufriedener Eltern', kind: 'share', aspect: 'effort', numerator: 'zufriedene Eltern', denominator: 'befragte Eltern' },
  { key: 'versetzt', name: 'versetzte Kinder', kind: 'count', aspect: 'effect' },
  { key: 'versetzt_anteil', name: 'Anteil versetzter Kinder', kind: 'share', aspect: 'effect', numerator: 'versetzte Teilnehmende', denominator: 'Teilnehmende' },
];

describe('results-based accountability quadrants', () => {
  it('puts quantity/quality × effort/effect into how much, how well and the two "is anyone better off" quadrants', () => {
    expect(rbaQuadrant('count', 'effort')).toBe('how-much');
    expect(rbaQuadrant('share', 'effort')).toBe('how-well');
    expect(rbaQuadrant('count', 'effect')).toBe('better-off-count');
    expect(rbaQuadrant('share', 'effect')).toBe('better-off-share');
    const check = checkMeasures(measures);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect([...check.quadrants]).toEqual([
      ['teilnehmende', 'how-much'],
      ['zufrieden', 'how-well'],
      ['versetzt', 'better-off-count'],
      ['versetzt_anteil', 'better-off-share'],
    ]);
  });

  it('warns when a report measures only effort and never asks whether anyone is better off', () => {
    const check = checkMeasures(measures.slice(0, 2));
    expect(check.warnings.map((w) => w.code)).toEqual(['RBA_NO_BETTER_OFF']);
  });

  it('rejects a share without a denominator, a duplicate key and an unknown kind, naming the field', () => {
    const bad = [
      { key: 'quote', name: 'Quote', kind: 'share', aspect: 'effect', numerator: 'mit Abschluss' },
      { key: 'teilnehmende', name: 'x', kind: 'count', aspect: 'effort' },
      { key: 'teilnehmende', name: 'y', kind: 'count', aspect: 'effort' },
      { key: 'stunden', name: 'Stunden', kind: 'mean', aspect: 'effort' },
    ] as unknown as PerformanceMeasure[];
    const check = checkMeasures(bad);
    expect(check.errors.map((e) => [e.code, e.field])).toEqual([
      ['MEASURE_SHARE_PARTS', 'measures[0].denominator'],
      ['MEASURE_DUPLICATE', 'measures[2]'],
      ['MEASURE_KIND', 'measures[3].kind'],
    ]);
    expect(() => assertMeasures(bad)).toThrow(LernortError);
    try {
      assertMeasures(bad);
    } catch (e) {
      expect((e as LernortError).en).toBe('3 measure(s) invalid. Measure "quote" is a share and needs a numerator and a denominator (who is counted, out of how many?).');
      expect((e as LernortError).details).toHaveLength(3);
    }
  });

  it('checks reported values: whole counts ≥ 0, and 0 ≤ numerator ≤ denominator for shares', () => {
    expect(checkMeasureValue(measures[0], { count: 42 })).toBeNull();
    expect(checkMeasureValue(measures[0], { count: 4.5 })?.code).toBe('MEASURE_COUNT_VALUE');
    expect(checkMeasureValue(measures[0], { count: -1 })?.code).toBe('MEASURE_COUNT_VALUE');
    expect(checkMeasureValue(measures[3], { numerator: 30, denominator: 40 })).toBeNull();
    expect(checkMeasureValue(measures[3], { numerator: 41, denominator: 40 })?.code).toBe('MEASURE_SHARE_VALUE');
    expect(checkMeasureValue(measures[3], { numerator: 0, denominator: 0 })?.code).toBe('MEASURE_SHARE_VALUE');
  });
});
