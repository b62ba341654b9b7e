import { describe, expect, it } from 'vitest';
import { digitsFor, toleranceForExtent } from '../../src/modules/areas/service.ts';

describe('geometry detail for the zoom', () => {
  it('quantises lon/lat to half the tolerance, 4 to 6 decimals', () => {
    expect(digitsFor(0)).toBe(6);
    expect(digitsFor(1)).toBe(6); // 1 m → 0.5 m grid → 1e-6° would be 0.11 m, 1e-5° is 1.1 m > 0.5 m
    expect(digitsFor(5)).toBe(5); // 2.5 m → 1e-5° (1.1 m)
    expect(digitsFor(20)).toBe(5); // 10 m → 1e-5°; 1e-4° (11 m) would be too coarse
    expect(digitsFor(50)).toBe(4); // 25 m → 1e-4° (11 m)
    expect(digitsFor(200)).toBe(4); // never coarser than 4 decimals
  });

  it('picks the step for a 1,200 px map showing the whole layer', () => {
    // Leipzig is about 29 km × 22 km: 24 m per pixel → 20 m.
    expect(toleranceForExtent({ width: 29_400, height: 22_000 })).toBe(20);
    // Germany, about 640 km × 870 km: 725 m per pixel → the coarsest step.
    expect(toleranceForExtent({ width: 640_000, height: 870_000 })).toBe(200);
    // One small district of 3 km: 2.5 m per pixel → 2 m.
    expect(toleranceForExtent({ width: 3_000, height: 2_000 })).toBe(2);
    expect(toleranceForExtent(null)).toBe(0);
  });
});
