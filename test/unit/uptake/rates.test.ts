import { describe, expect, it } from 'vitest';
import { uptakeRates, uptakeTrend } from '../../../src/core/uptake/rates.ts';
import { referenceRates, standardisedUptake } from '../../../src/core/uptake/standardise.ts';
import { underServedAreas } from '../../../src/core/uptake/underserved.ts';
import { LernortError } from '../../../src/core/errors.ts';

// Four areas; X and Y are the Wilson checks of METHODS.md §4 (65/100 and 1045/5000).
// City: (65 + 1045 + 90 + 5) / (100 + 5000 + 900 + 20) = 1205 / 6020 = 0.200166.
const areas = [
  { areaId: 'X', participants: 65, population: 100 },
  { areaId: 'Y', participants: 1045, population: 5000 },
  { areaId: 'Z', participants: 90, population: 900 },
  { areaId: 'W', participants: 5, population: 20 },
];

describe('uptake rates with Wilson intervals', () => {
  const result = uptakeRates(areas);
  const by = (id: string) => result.areas.find((a) => a.areaId === id)!;

  it('aggregates the city rate from counts, not from the mean of the area rates', () => {
    expect(result.city.participants).toBe(1205);
    expect(result.city.population).toBe(6020);
    expect(result.city.rate).toBeCloseTo(0.200166, 6);
  });

  it('reproduces the §4 Wilson checks and compares with the city: X better, Y similar', () => {
    expect(by('X').interval!.lower).toBeCloseTo(0.552544, 6);
    expect(by('X').interval!.upper).toBeCloseTo(0.736358, 6);
    expect(by('X').comparison).toBe('better');
    expect(by('Y').interval!.lower).toBeCloseTo(0.197955, 6);
    expect(by('Y').interval!.upper).toBeCloseTo(0.220491, 6);
    expect(by('Y').comparison).toBe('similar'); // 0.200166 lies inside [0.197955, 0.220491]
  });

  it('calls Z worse: 90/900 = 10 % with Wilson [0.082068, 0.121332] entirely below the city', () => {
    // (2·90 + z² ∓ z·√(z² + 4·90·0.9)) / (2(900 + z²)), z² = 3.841459: √327.841459 = 18.106393
    expect(by('Z').interval!.lower).toBeCloseTo(0.082068, 6);
    expect(by('Z').interval!.upper).toBeCloseTo(0.121332, 6);
    expect(by('Z').comparison).toBe('worse');
  });

  it('flags 5 of 20 as unstable: a numerator below 20 and an interval [0.1119, 0.4687] wider than the rate', () => {
    expect(by('W').unstable).toEqual(['SMALL_NUMERATOR', 'WIDE_INTERVAL']);
    expect(by('W').comparison).toBe('similar');
    expect(by('X').unstable).toEqual([]);
  });

  it('gives no rate for an area without target population, and a Byar interval when participants exceed it', () => {
    const r = uptakeRates([{ areaId: 'leer', participants: 0, population: 0 }, { areaId: 'mehr', participants: 65, population: 50 }, { areaId: 'Y', participants: 1045, population: 5000 }]);
    expect(r.areas[0]).toMatchObject({ rate: null, interval: null, comparison: null, flags: ['ZERO_POPULATION'] });
    // Byar 65 → [50.1632, 82.8491] (§4), divided by 50
    expect(r.areas[1]).toMatchObject({ rate: 1.3, intervalMethod: 'byar', flags: ['PARTICIPANTS_EXCEED_POPULATION'] });
    expect(r.areas[1].interval!.lower).toBeCloseTo(50.1632 / 50, 5);
    expect(r.areas[1].interval!.upper).toBeCloseTo(82.8491 / 50, 5);
  });
});

describe('trend of the uptake rate', () => {
  it('calls 90/900 → 150/1000 rising: change +0.05 with Newcombe interval [0.0202, 0.0795]; then 152/1000 stable', () => {
    // Wilson 150/1000 = [0.129210, 0.173469]; lower 0.05 − √(0.020790² + 0.021332²) = 0.020213,
    // upper 0.05 + √(0.023469² + 0.017932²) = 0.079536
    const steps = uptakeTrend([
      { period: '2024', participants: 90, population: 900 },
      { period: '2025', participants: 150, population: 1000 },
      { period: '2026', participants: 152, population: 1000 },
    ]);
    expect(steps[0].change).toBeCloseTo(0.05, 12);
    expect(steps[0].interval.lower).toBeCloseTo(0.020213, 5);
    expect(steps[0].interval.upper).toBeCloseTo(0.079536, 5);
    expect(steps[0].direction).toBe('rising');
    expect(steps[1]).toMatchObject({ from: '2025', to: '2026', direction: 'stable' });
  });
});

// Indirect standardisation, checked by hand. Two age bands, three areas:
//           6–9 (O/P)   10–14 (O/P)   O    P
//   A        30/200      10/200       40   400
//   B        20/100      30/300       50   400
//   C        50/500      20/100       70   600
//   city    100/800      60/600      160  1400   → r(6–9) = 0.125, r(10–14) = 0.100
// E_A = 0.125·200 + 0.1·200 = 45;  E_B = 0.125·100 + 0.1·300 = 42.5;  E_C = 0.125·500 + 0.1·100 = 72.5
// SUR_A = 40/45 = 0.888889; SUR_B = 50/42.5 = 1.176471; SUR_C = 70/72.5 = 0.965517; Σ E = 160 = Σ O.
// Byar for O_A = 40: lower 40·(1 − 1/360 − 1.959964/(3√40))³ = 40·0.893923³ = 28.573,
// upper 41·(1 − 1/369 + 1.959964/(3√41))³ = 41·1.099322³ = 54.470; ÷ 45 → [0.63496, 1.21045].
const bands = [
  { areaId: 'A', bands: [{ band: '6-9', participants: 30, population: 200 }, { band: '10-14', participants: 10, population: 200 }] },
  { areaId: 'B', bands: [{ band: '6-9', participants: 20, population: 100 }, { band: '10-14', participants: 30, population: 300 }] },
  { areaId: 'C', bands: [{ band: '6-9', participants: 50, population: 500 }, { band: '10-14', participants: 20, population: 100 }] },
];

describe('standardised uptake ratio (indirect standardisation)', () => {
  it('takes the city rate per age band from the summed counts', () => {
    expect([...referenceRates(bands)]).toEqual([['6-9', 0.125], ['10-14', 0.1]]);
  });

  it('computes expected counts, the ratio and the Byar interval of the hand-checked example', () => {
    const s = standardisedUptake(bands);
    expect(s.map((x) => x.expected)).toEqual([45, 42.5, 72.5]);
    expect(s.map((x) => x.observed)).toEqual([40, 50, 70]);
    expect(s[0].ratio).toBeCloseTo(0.888889, 6);
    expect(s[1].ratio).toBeCloseTo(1.176471, 6);
    expect(s[2].ratio).toBeCloseTo(0.965517, 6);
    expect(s[0].interval!.lower).toBeCloseTo(0.63496, 4);
    expect(s[0].interval!.upper).toBeCloseTo(1.21045, 4);
    expect(s.every((x) => x.comparison === 'similar')).toBe(true);
    expect(s.reduce((t, x) => t + x.expected, 0)).toBeCloseTo(160, 10);
  });

  it('gives an area where nobody takes part SUR 0 with the Byar upper limit (1 − 1/9 + z/3)³ / E', () => {
    // x = 0: lower 0; upper 1·(1 − 1/9 + 1.959964/3)³ = 1.542210³ = 3.668013; E = 0.125·40 = 5 → 0.733603
    const [s] = standardisedUptake([{ areaId: 'leer', bands: [{ band: '6-9', participants: 0, population: 40 }] }], { reference: new Map([['6-9', 0.125]]) });
    expect(s).toMatchObject({ observed: 0, expected: 5, ratio: 0, comparison: 'worse' });
    expect(s.interval!.lower).toBe(0);
    expect(s.interval!.upper).toBeCloseTo(0.733603, 5);
  });

  it('refuses an age band with population but no reference rate', () => {
    expect(() => standardisedUptake([{ areaId: 'A', bands: [{ band: '15-17', participants: 1, population: 10 }] }], { reference: new Map([['6-9', 0.1]]) })).toThrow(LernortError);
  });
});

describe('under-served areas', () => {
  // Grünau with the reference rates above: P(6–9) = 400, P(10–14) = 500 → E = 50 + 50 = 100; O = 60.
  // Byar 60: 60·(1 − 1/540 − z/(3√60))³ = 45.784; 61·(1 − 1/549 + z/(3√61))³ = 77.233 → [0.4578, 0.7723] < 1.
  const gruenau = standardisedUptake(
    [{ areaId: 'Gruenau', bands: [{ band: '6-9', participants: 25, population: 400 }, { band: '10-14', participants: 35, population: 500 }] }],
    { reference: new Map([['6-9', 0.125], ['10-14', 0.1]]) },
  );
  const rates = uptakeRates(areas);

  it('flags high-need areas significantly below the city or with a ratio whose upper limit is below 1, with the reason', () => {
    const need = [
      { areaId: 'Z', focusArea: true },
      { areaId: 'X', focusArea: true }, // better than the city: not under-served
      { areaId: 'Y', indexClass: 5 }, // similar: not under-served
      { areaId: 'W', indexClass: 2, focusArea: false }, // low need
      { areaId: 'Gruenau', indexClass: 5, focusArea: true },
    ];
    const flagged = underServedAreas(need, rates.areas, rates.city.rate, gruenau, { highNeedClasses: [4, 5] });
    expect(flagged.map((f) => [f.areaId, f.reasons])).toEqual([
      ['Z', ['RATE_BELOW_CITY']],
      ['Gruenau', ['SUR_BELOW_ONE']],
    ]);
    expect(gruenau[0].interval!.lower).toBeCloseTo(0.45784, 4);
    expect(gruenau[0].interval!.upper).toBeCloseTo(0.77233, 4);
    expect(flagged[0].reason.de).toBe('Fördergebiet: Inanspruchnahme 10,0 % [8,2–12,1 %] signifikant unter der Stadt (20,0 %)');
    expect(flagged[1].reason.en).toBe('Focus area, index class 5: standardised ratio 0.60 [0.46–0.77] below 1 (60 instead of 100.0 expected)');
  });

  it('does not flag a high-need area on a low point estimate whose interval still includes the city', () => {
    const r = uptakeRates([{ areaId: 'klein', participants: 2, population: 20 }, { areaId: 'rest', participants: 200, population: 1000 }]);
    expect(r.areas[0].rate).toBe(0.1);
    expect(underServedAreas([{ areaId: 'klein', focusArea: true }], r.areas, r.city.rate)).toEqual([]);
  });
});
