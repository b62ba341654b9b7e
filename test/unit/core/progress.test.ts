import { describe, expect, it } from 'vitest';
import { cagr, linearProgress, progressStatus } from '../../../src/core/progress.ts';

describe('progress status (Open SDG rule)', () => {
  it('gives r = 0.59176 and "limited" for 20.0 (2015) → 17.0 (2021), lower is better, target 10.0 in 2030', () => {
    const r = progressStatus({ base: { year: 2015, value: 20 }, latest: { year: 2021, value: 17 }, target: { year: 2030, value: 10 }, higherIsBetter: false });
    expect(r.score).toBeCloseTo(0.59176, 5);
    expect(r.status).toBe('limited');
  });

  it('gives g = 0.014674 and "needs acceleration" for 50.0 (2015) → 53.0 (2019), higher is better, no target', () => {
    const r = progressStatus({ base: { year: 2015, value: 50 }, latest: { year: 2019, value: 53 }, higherIsBetter: true });
    expect(r.score).toBeCloseTo(0.014674, 6);
    expect(r.status).toBe('needs-acceleration');
  });

  it('flips the sign of the growth when lower is better', () => {
    const r = progressStatus({ base: { year: 2015, value: 53 }, latest: { year: 2019, value: 50 }, higherIsBetter: false });
    // 53 → 50 in 4 years: CAGR = −0.0144616, an improvement of 1.45 % a year
    expect(r.score).toBeCloseTo(-cagr(53, 50, 2015, 2019), 12);
    expect(r.score).toBeCloseTo(0.0144616, 7);
    expect(r.status).toBe('needs-acceleration');
  });

  it('calls a goal achieved when the latest value is already on the right side of the target', () => {
    expect(progressStatus({ base: { year: 2015, value: 20 }, latest: { year: 2021, value: 9 }, target: { year: 2030, value: 10 }, higherIsBetter: false }).status).toBe('achieved');
  });

  it('reports deterioration when the value moves away from the target', () => {
    expect(progressStatus({ base: { year: 2015, value: 20 }, latest: { year: 2021, value: 22 }, target: { year: 2030, value: 10 }, higherIsBetter: false }).status).toBe('deterioration');
  });

  it('puts r = 0.95 on track and r = 0.60 in needs acceleration (lower bounds inclusive)', () => {
    const thresholds: [number, number] = [0.95, 0.6];
    // choose values so that actual CAGR / needed CAGR is exactly the bound: needed 100 → 200 over 1 year (100 %)
    const at = (growth: number) => progressStatus({ base: { year: 2020, value: 100 }, latest: { year: 2021, value: 100 * (1 + growth) }, target: { year: 2021.5, value: 1000 }, higherIsBetter: true, ratioThresholds: thresholds });
    const needed = cagr(100, 1000, 2020, 2021.5);
    expect(at(0.95 * needed).status).toBe('on-track');
    expect(at(0.6 * needed).status).toBe('needs-acceleration');
    expect(at(0.5999 * needed).status).toBe('limited');
  });

  it('cannot compute growth from a zero base value and says why', () => {
    expect(progressStatus({ base: { year: 2015, value: 0 }, latest: { year: 2019, value: 3 }, higherIsBetter: true })).toMatchObject({ status: 'not-computable', reason: 'NON_POSITIVE_VALUE' });
  });

  it('measures linear progress of a key result', () => {
    expect(linearProgress(15, 10, 20)).toBe(0.5);
    expect(linearProgress(15, 10, 10)).toBeNull();
  });
});
