import { describe, expect, it } from 'vitest';
import {
  type AccessInput, type DemandPoint, type SupplyPoint,
  balancedFca, compileDecay, enhancedTwoStepFca, gravity, gridPairs, naivePairs, twoStepFca,
} from '../../../src/core/access/index.ts';
import { createRandom } from '../../../src/core/random.ts';

// METHODS.md §6 check network: demand A, B, C; supply K1, K2; minutes [demand][facility]
const network: AccessInput = {
  demand: [{ id: 'A', population: 1000 }, { id: 'B', population: 2000 }, { id: 'C', population: 1000 }],
  supply: [{ id: 'K1', capacity: 10 }, { id: 'K2', capacity: 20 }],
  minutes: [[5, 25], [12, 8], [28, 18]],
};

function supplyServed(r: { accessibility: Float64Array }, population: number[]): number {
  return population.reduce((s, p, i) => s + p * r.accessibility[i], 0);
}

describe('floating catchment methods on the METHODS.md check network', () => {
  it('2SFCA with d0 = 15 gives R = (0.0033333, 0.01) and A = (0.0033333, 0.0133333, 0)', () => {
    const r = twoStepFca(network, { cutoff: 15 });
    expect(r.ratio[0]).toBeCloseTo(0.0033333, 7);
    expect(r.ratio[1]).toBeCloseTo(0.01, 7);
    expect(r.accessibility[0]).toBeCloseTo(0.0033333, 7);
    expect(r.accessibility[1]).toBeCloseTo(0.0133333, 7);
    expect(r.accessibility[2]).toBe(0);
    expect(supplyServed(r, [1000, 2000, 1000])).toBeCloseTo(30, 9);
  });

  it('2SFCA with d0 = 30 gives R = (0.0025, 0.005) and A = 0.0075 everywhere', () => {
    const r = twoStepFca(network, { cutoff: 30 });
    expect(r.ratio[0]).toBeCloseTo(0.0025, 7);
    expect(r.ratio[1]).toBeCloseTo(0.005, 7);
    for (const a of r.accessibility) expect(a).toBeCloseTo(0.0075, 7);
    expect(supplyServed(r, [1000, 2000, 1000])).toBeCloseTo(30, 9);
  });

  it('E2SFCA with steps 1 / 0.68 / 0.22 gives R = (10/2580, 20/2900) and A = (0.0053932, 0.0095322, 0.0055424)', () => {
    const r = enhancedTwoStepFca(network);
    expect(r.ratio[0]).toBeCloseTo(10 / 2580, 7);
    expect(r.ratio[1]).toBeCloseTo(20 / 2900, 7);
    expect(r.accessibility[0]).toBeCloseTo(0.0053932, 7);
    expect(r.accessibility[1]).toBeCloseTo(0.0095322, 7);
    expect(r.accessibility[2]).toBeCloseTo(0.0055424, 7);
    expect(supplyServed(r, [1000, 2000, 1000])).toBeCloseTo(30, 9);
  });

  it('includes a travel time exactly on a step bound in that step (10 min weighs 1, 20 min 0.68)', () => {
    const r = enhancedTwoStepFca({ demand: [{ id: 'a', population: 100 }, { id: 'b', population: 100 }], supply: [{ id: 'k', capacity: 10 }], minutes: [[10], [20]] });
    expect(r.catchmentDemand[0]).toBeCloseTo(168, 12);
  });

  it('weights by the first step whose bound is not exceeded, for one step and for five', () => {
    const one = compileDecay({ kind: 'steps', steps: [{ upTo: 15, weight: 0.5 }] });
    expect([0, 15, 15.0001].map(one.weight)).toEqual([0.5, 0.5, 0]);
    const five = compileDecay({ kind: 'steps', steps: [5, 10, 15, 20, 25].map((upTo, s) => ({ upTo, weight: [1, 0.8, 0.6, 0.4, 0.2][s] })) });
    expect([0, 5, 5.1, 20, 25, 26].map(five.weight)).toEqual([1, 1, 0.8, 0.4, 0.2, 0]);
    expect(five.maxMinutes).toBe(25);
  });

  it('counts each person once in the balanced FCA: all pairs within 30 min give R = (0.005, 0.01) and A = 0.005', () => {
    // each origin splits its people half to K1, half to K2: 2,000 each; each facility spreads over 3 origins
    const r = balancedFca(network, { decay: { kind: 'binary', cutoff: 30 } });
    expect(r.ratio[0]).toBeCloseTo(0.005, 12);
    expect(r.ratio[1]).toBeCloseTo(0.01, 12);
    for (const a of r.accessibility) expect(a).toBeCloseTo(0.005, 12);
    expect(Array.from(r.catchmentDemand).reduce((a, b) => a + b, 0)).toBeCloseTo(4000, 9);
  });

  it('lists a facility that no demand reaches and gives it ratio 0', () => {
    const r = twoStepFca({ ...network, minutes: [[5, 40], [12, 40], [28, 40]] } as AccessInput, { cutoff: 30 });
    expect(r.unreachedSupply).toEqual(['K2']);
    expect(r.ratio[1]).toBe(0);
  });
});

describe('points in metres', () => {
  const demand: DemandPoint[] = [{ id: 'd', x: 0, y: 0, population: 50 }];

  it('counts a facility at distance 0 inside its catchment', () => {
    const supply: SupplyPoint[] = [{ id: 'k', x: 0, y: 0, capacity: 5 }];
    for (const pairs of [gridPairs, naivePairs]) {
      expect(twoStepFca({ demand, supply, pairs }, { cutoff: 15 }).accessibility[0]).toBeCloseTo(0.1, 12);
      expect(enhancedTwoStepFca({ demand, supply, pairs }).accessibility[0]).toBeCloseTo(0.1, 12);
    }
  });

  it('turns metres into minutes by speed and detour: 800 m at 4.8 km/h without detour is 10 minutes', () => {
    const supply: SupplyPoint[] = [{ id: 'k', x: 800, y: 0, capacity: 5 }];
    const travel = { speedKmh: 4.8, detour: 1 };
    expect(twoStepFca({ demand, supply, travel }, { cutoff: 10 }).accessibility[0]).toBeCloseTo(0.1, 12);
    expect(twoStepFca({ demand, supply, travel: { speedKmh: 4.8, detour: 1.3 } }, { cutoff: 10 }).accessibility[0]).toBe(0);
  });

  it('gives the grid result equal to the naive all-pairs result on random seeded layouts', () => {
    for (const seed of [1, 2, 3, 42, 2024]) {
      const rnd = createRandom(seed);
      const nD = 300 + rnd.int(300), nS = 20 + rnd.int(60);
      const side = 2000 + rnd.next() * 20000;
      const dem: DemandPoint[] = Array.from({ length: nD }, (_, i) => ({ id: `d${i}`, x: rnd.next() * side, y: rnd.next() * side, population: rnd.int(500) }));
      const sup: SupplyPoint[] = Array.from({ length: nS }, (_, j) => ({ id: `s${j}`, x: rnd.next() * side * 1.2 - side * 0.1, y: rnd.next() * side, capacity: 1 + rnd.int(100) }));
      const travel = { speedKmh: 15, detour: 1.3 };
      const methods = [
        (pairs: typeof gridPairs) => twoStepFca({ demand: dem, supply: sup, travel, pairs }, { cutoff: 15 }),
        (pairs: typeof gridPairs) => enhancedTwoStepFca({ demand: dem, supply: sup, travel, pairs }),
        (pairs: typeof gridPairs) => enhancedTwoStepFca({ demand: dem, supply: sup, travel, pairs }, { decay: { kind: 'gaussian', cutoff: 20 } }),
        (pairs: typeof gridPairs) => balancedFca({ demand: dem, supply: sup, travel, pairs }),
        (pairs: typeof gridPairs) => gravity({ demand: dem, supply: sup, travel, pairs }, { cutoff: 25 }),
      ];
      for (const m of methods) {
        const g = m(gridPairs), n = m(naivePairs);
        for (let i = 0; i < nD; i++) expect(g.accessibility[i]).toBeCloseTo(n.accessibility[i], 12);
        for (let j = 0; j < nS; j++) expect(g.ratio[j]).toBeCloseTo(n.ratio[j], 12);
      }
      // ΣP·A = ΣS over reached facilities, for E2SFCA on this layout
      const r = enhancedTwoStepFca({ demand: dem, supply: sup, travel });
      const served = dem.reduce((s, d, i) => s + d.population * r.accessibility[i], 0);
      const reached = sup.filter((s) => !r.unreachedSupply.includes(s.id)).reduce((s, k) => s + k.capacity, 0);
      expect(served).toBeCloseTo(reached, 6);
    }
  });

  it('weights a Gaussian catchment 1 at the facility and 0 at the cutoff', () => {
    const net: AccessInput = { demand: [{ id: 'a', population: 10 }, { id: 'b', population: 10 }], supply: [{ id: 'k', capacity: 1 }], minutes: [[0], [20]] };
    const r = enhancedTwoStepFca(net, { decay: { kind: 'gaussian', cutoff: 20 } });
    expect(r.catchmentDemand[0]).toBeCloseTo(10, 12);
  });
});
