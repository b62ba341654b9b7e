import { describe, expect, it } from 'vitest';
import { progressBand, progressStatus } from '../../../src/core/progress.ts';
import { goalStatus } from '../../../src/core/goals/status.ts';
import { formatNumber } from '../../../src/core/goals/explain.ts';

// The §8 check series: lower is better, 2015 = 20.0, 2021 = 17.0, target 10.0 in 2030.
// CAGR actual = 0.85^(1/6) − 1 = −0.026723 (−2.7 % a year); needed = 0.5^(1/15) − 1 = −0.045158
// (−4.5 % a year); r = 0.026723 / 0.045158 = 0.59176.
const sgb2 = [
  { year: 2015, value: 20 },
  { year: 2021, value: 17 },
];
const target2030 = { year: 2030, value: 10 };

describe('goal status with the reason in words (METHODS.md §8)', () => {
  it('reproduces r = 0.59176 → limited progress, and says so in German and English', () => {
    const s = goalStatus(sgb2, { higherIsBetter: false, target: target2030 });
    expect(s.score).toBeCloseTo(0.59176, 5);
    expect(s.cagrActual).toBeCloseTo(-0.026723, 6);
    expect(s.cagrNeeded).toBeCloseTo(-0.045158, 6);
    expect(s.status).toBe('limited');
    expect(s.reason.de).toBe('r = 0,59 (Ziel verlangt −4,5 % p. a., erreicht −2,7 % p. a.): begrenzter Fortschritt');
    expect(s.reason.en).toBe('r = 0.59 (target requires −4.5 % a year, achieved −2.7 % a year): limited progress');
    // linear progress (17 − 20)/(10 − 20) = 0.3
    expect(s.linearProgress).toBeCloseTo(0.3, 12);
  });

  it('reproduces g = 0.014674 → needs acceleration, printed with two decimals so it does not read as 1.5 %', () => {
    const s = goalStatus([{ year: 2015, value: 50 }, { year: 2019, value: 53 }], { higherIsBetter: true });
    expect(s.score).toBeCloseTo(0.014674, 6);
    expect(s.status).toBe('needs-acceleration');
    expect(s.reason.de).toBe('g = 1,47 % p. a. (ohne Ziel, höhere Werte sind besser): Beschleunigung nötig');
    expect(s.reason.en).toBe('g = 1.47 % a year (no target, higher is better): needs acceleration');
    expect(s.linearProgress).toBeNull();
  });

  it('calls a target already met achieved, naming latest value and target', () => {
    const s = goalStatus([{ year: 2015, value: 20 }, { year: 2021, value: 9.5 }], { higherIsBetter: false, target: target2030 });
    expect(s.status).toBe('achieved');
    expect(s.reason.de).toBe('Ziel erreicht: 9,5 (2021) liegt bei oder unter dem Ziel 10,0 (2030)');
    expect(s.reason.en).toBe('Target achieved: 9.5 (2021) is at or below the target 10.0 (2030)');
  });

  it('calls a latest value exactly on the target achieved (the right side includes the target)', () => {
    expect(goalStatus([{ year: 2015, value: 20 }, { year: 2021, value: 10 }], { higherIsBetter: false, target: target2030 }).status).toBe('achieved');
  });

  it('gives limited progress (r = 0, the inclusive lower bound) when the latest value equals the base, and says so', () => {
    const s = goalStatus([{ year: 2015, value: 20 }, { year: 2021, value: 20 }], { higherIsBetter: false, target: target2030 });
    expect(s.score).toBe(0);
    expect(s.status).toBe('limited');
    expect(s.notes).toContain('LATEST_EQUALS_BASE');
    expect(s.reason.de).toContain('der Wert 2021 ist derselbe wie 2015');
  });

  it('skips years without a value, also a missing latest year, and names the years listed without a value', () => {
    const s = goalStatus(
      [{ year: 2015, value: 20 }, { year: 2016, value: null }, { year: 2018, value: 19 }, { year: 2021, value: 17 }, { year: 2022, value: null }],
      { higherIsBetter: false, target: target2030 },
    );
    expect(s.latest).toEqual({ year: 2021, value: 17 });
    expect(s.score).toBeCloseTo(0.59176, 5);
    expect(s.missingYears).toEqual([2016, 2022]);
    expect(s.reason.en).toBe('r = 0.59 (target requires −4.5 % a year, achieved −2.7 % a year): limited progress; no values for 2016, 2022.');
  });

  it('uses the goal’s own baseline, not the first value of the series', () => {
    const s = goalStatus([{ year: 2010, value: 30 }, { year: 2021, value: 17 }], { higherIsBetter: false, baseline: { year: 2015, value: 20 }, target: target2030 });
    expect(s.base).toEqual({ year: 2015, value: 20 });
    expect(s.score).toBeCloseTo(0.59176, 5);
  });

  it('still rates a goal whose target year has passed unmet, and says the year has passed', () => {
    // 20 (2015) → 15 (2031): actual 0.75^(1/16) − 1 = −0.017820; r = 0.017820 / 0.045158 = 0.3946
    const s = goalStatus([{ year: 2015, value: 20 }, { year: 2031, value: 15 }], { higherIsBetter: false, target: target2030 });
    expect(s.score).toBeCloseTo(0.3946, 4);
    expect(s.status).toBe('limited');
    expect(s.notes).toContain('TARGET_YEAR_PASSED');
    expect(s.reason.de).toBe('r = 0,39 (Ziel verlangt −4,5 % p. a., erreicht −1,8 % p. a.): begrenzter Fortschritt; Zieljahr 2030 ist erreicht oder verstrichen, ohne dass das Ziel erreicht wurde.');
  });

  it('falls back to linear progress when the base value is 0 and a target exists', () => {
    // 0 (2020) → 4 (2022), target 10 (2030): 40 % of the way after 20 % of the time, r = 2.0
    const s = goalStatus([{ year: 2020, value: 0 }, { year: 2022, value: 4 }], { higherIsBetter: true, target: { year: 2030, value: 10 } });
    expect(s.method).toBe('linear');
    expect(s.score).toBeCloseTo(2, 12);
    expect(s.status).toBe('on-track');
    expect(s.notes).toContain('LINEAR_FALLBACK');
    expect(s.reason.de).toBe('r = 2,00 linear (CAGR nicht definiert, Ausgangswert 0,0 ≤ 0: 40,0 % des Wegs zum Ziel nach 20,0 % der Zeit): auf Kurs');
  });

  it('falls back to linear progress for a negative base (a balance) moving towards the target', () => {
    // −5 (2020) → −2 (2023), target 0 (2026): way 3/5 = 0.6, time 3/6 = 0.5, r = 1.2
    const s = goalStatus([{ year: 2020, value: -5 }, { year: 2023, value: -2 }], { higherIsBetter: true, target: { year: 2026, value: 0 } });
    expect(s.score).toBeCloseTo(1.2, 12);
    expect(s.status).toBe('on-track');
  });

  it('falls back to linear progress for a target of 0 ("no child without a place"), which no growth rate reaches', () => {
    // 12 (2020) → 6 (2023), target 0 in 2026, lower is better: half the way after half the time, r = 1.0
    const s = goalStatus([{ year: 2020, value: 12 }, { year: 2023, value: 6 }], { higherIsBetter: false, target: { year: 2026, value: 0 } });
    expect(s).toMatchObject({ status: 'on-track', method: 'linear' });
    expect(s.score).toBeCloseTo(1, 12);
    expect(s.reason.en).toBe('r = 1.00 linear (CAGR undefined, target value 0.0 ≤ 0: 50.0 % of the way to the target after 50.0 % of the time): on track');
  });

  it('is not computable for a base of 0 without a target, and says why', () => {
    const s = goalStatus([{ year: 2020, value: 0 }, { year: 2022, value: 4 }], { higherIsBetter: true });
    expect(s.status).toBe('not-computable');
    expect(s.reasonCode).toBe('NON_POSITIVE_VALUE');
    expect(s.reason.en).toBe('Not computable: CAGR undefined, base value 0.0 ≤ 0; a growth rate is undefined and without a target there is no linear scale');
  });

  it('is not computable with a single year, with an empty series, and when the linear target equals the base', () => {
    expect(goalStatus([{ year: 2021, value: 17 }], { higherIsBetter: false, target: target2030 })).toMatchObject({ status: 'not-computable', reasonCode: 'SAME_YEAR' });
    const empty = goalStatus([{ year: 2021, value: null }], { higherIsBetter: false });
    expect(empty).toMatchObject({ status: 'not-computable', reasonCode: 'NO_DATA' });
    expect(empty.reason.de).toBe('Nicht berechenbar: die Reihe hat keinen Wert');
    expect(goalStatus([{ year: 2020, value: 0 }, { year: 2022, value: -1 }], { higherIsBetter: true, target: { year: 2030, value: 0 } }).status).toBe('not-computable');
  });

  it('reports deterioration when the base met the target and the latest value no longer does', () => {
    const s = goalStatus([{ year: 2015, value: 10 }, { year: 2021, value: 12 }], { higherIsBetter: false, target: target2030 });
    expect(s.status).toBe('deterioration');
    expect(s.reason.en).toBe('Deterioration: the base value 10.0 (2015) already met the target 10.0 (2030), the latest value no longer does');
  });
});

describe('status boundaries (lower bounds inclusive)', () => {
  it.each([
    [0.95, 'on-track'],
    [0.9499, 'needs-acceleration'],
    [0.6, 'needs-acceleration'],
    [0.5999, 'limited'],
    [0, 'limited'],
    [-0.0001, 'deterioration'],
  ] as const)('r = %s is %s', (r, status) => {
    expect(progressBand(r, 0.95, 0.6)).toBe(status);
  });

  it.each([
    [0.015, 'on-track'],
    [0.0149, 'needs-acceleration'],
    [0.005, 'needs-acceleration'],
    [0.0049, 'limited'],
    [0, 'limited'],
    [-0.0001, 'deterioration'],
  ] as const)('g = %s is %s', (g, status) => {
    expect(progressBand(g, 0.015, 0.005)).toBe(status);
  });

  it.each([
    [101.5, 'on-track'], // g = 1.5 %
    [101.49, 'needs-acceleration'],
    [100.5, 'needs-acceleration'], // g = 0.5 %
    [100.49, 'limited'],
    [100, 'limited'], // g = 0
    [99.99, 'deterioration'],
  ] as const)('a series 100 (2020) → %s (2021) without a target is %s', (latest, status) => {
    expect(goalStatus([{ year: 2020, value: 100 }, { year: 2021, value: latest }], { higherIsBetter: true }).status).toBe(status);
  });

  it('flips the growth thresholds when lower is better: 100 → 98.5 is on track', () => {
    expect(progressStatus({ base: { year: 2020, value: 100 }, latest: { year: 2021, value: 98.5 }, higherIsBetter: false }).status).toBe('on-track');
  });

  it.each([
    [47.5, 'on-track'], // r = 0.475 / 0.5 = 0.95
    [47.4, 'needs-acceleration'],
    [30, 'needs-acceleration'], // r = 0.60
    [29.9, 'limited'],
    [0, 'limited'], // r = 0
    [-0.1, 'deterioration'],
  ] as const)('the linear ratio at 0 (2020) → %s (2025), target 100 (2030) is %s', (latest, status) => {
    expect(goalStatus([{ year: 2020, value: 0 }, { year: 2025, value: latest }], { higherIsBetter: true, target: { year: 2030, value: 100 } }).status).toBe(status);
  });
});

describe('formatNumber', () => {
  it('writes a decimal comma and a true minus in German, and never "−0,0"', () => {
    expect(formatNumber(-2.6723, 1, 'de')).toBe('−2,7');
    expect(formatNumber(-2.6723, 1, 'en')).toBe('−2.7');
    expect(formatNumber(-0.04, 1, 'de')).toBe('0,0');
  });
});
