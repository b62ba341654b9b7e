import { describe, expect, it } from 'vitest';
import { Z998, byarInterval, byarRateInterval, compareWithCity, instability, isUnstable, wilsonInterval } from '../../../src/core/uncertainty.ts';

describe('Wilson interval', () => {
  it('gives 65/100 → [0.552544, 0.736358] at 95 %', () => {
    const r = wilsonInterval(65, 100);
    expect(r.lower).toBeCloseTo(0.552544, 6);
    expect(r.upper).toBeCloseTo(0.736358, 6);
  });

  it('gives 1045/5000 → [0.197955, 0.220491] at 95 %', () => {
    const r = wilsonInterval(1045, 5000);
    expect(r.lower).toBeCloseTo(0.197955, 6);
    expect(r.upper).toBeCloseTo(0.220491, 6);
  });

  it('stays inside [0, 1] for 0 of n and n of n', () => {
    expect(wilsonInterval(0, 10).lower).toBe(0);
    expect(wilsonInterval(10, 10).upper).toBeCloseTo(1, 12);
  });

  it('is wider at 99.8 % than at 95 %', () => {
    const a = wilsonInterval(65, 100), b = wilsonInterval(65, 100, Z998);
    expect(b.lower).toBeLessThan(a.lower);
    expect(b.upper).toBeGreaterThan(a.upper);
  });
});

describe('Byar interval', () => {
  it('gives 65 → [50.1632, 82.8491] at 95 %', () => {
    const r = byarInterval(65);
    expect(r.lower).toBeCloseTo(50.1632, 4);
    expect(r.upper).toBeCloseTo(82.8491, 4);
  });

  it('has lower limit 0 for a count of 0 instead of dividing by zero', () => {
    const r = byarInterval(0);
    expect(r.lower).toBe(0);
    expect(r.upper).toBeCloseTo(3.66801, 4); // (1)(1 − 1/9 + 1.959964/3)³ = 1.542210³
  });

  it('divides by the denominator for a rate per 1,000', () => {
    const r = byarRateInterval(65, 10_000, 1000);
    expect(r.lower).toBeCloseTo(5.01632, 5);
    expect(r.upper).toBeCloseTo(8.28491, 5);
  });
});

describe('comparison with the city and unstable values', () => {
  it('calls an area similar when its interval contains the city value', () => {
    expect(compareWithCity({ lower: 0.55, upper: 0.74 }, 0.6, 'higher-is-worse')).toBe('similar');
  });

  it('honours polarity: a higher unemployment share is worse, a higher school-leaving rate better', () => {
    expect(compareWithCity({ lower: 0.55, upper: 0.74 }, 0.5, 'higher-is-worse')).toBe('worse');
    expect(compareWithCity({ lower: 0.55, upper: 0.74 }, 0.5, 'higher-is-better')).toBe('better');
    expect(compareWithCity({ lower: 0.55, upper: 0.74 }, 0.8, 'higher-is-worse')).toBe('better');
  });

  it('flags a numerator below 20 and an interval wider than the value', () => {
    expect(instability(0.1, 12, { lower: 0.05, upper: 0.2 })).toEqual(['SMALL_NUMERATOR', 'WIDE_INTERVAL']);
    expect(isUnstable(0.65, 65, wilsonInterval(65, 100))).toBe(false);
  });
});
