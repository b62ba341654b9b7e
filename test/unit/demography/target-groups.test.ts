// Target groups (METHODS.md §9): a band's share of the area's total at the latest year with both,
// times the projected total; splits of a band are estimates; planning areas are complete sums.
import { describe, expect, it } from 'vitest';
import { projectTargetGroups, sumTargetGroups, uniformSplit } from '../../../src/core/demography/target-groups.ts';
import { projectAreasByScenario } from '../../../src/core/demography/area-projection.ts';
import { loadFlensburg } from './flensburg-data.ts';

const m = (o: Record<number, number>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));

describe('projectTargetGroups', () => {
  const area = {
    id: 'A', total: m({ 2018: 1000, 2020: 1200, 2024: 1300 }),
    projected: [{ scenario: 'medium', values: m({ 2025: 1400, 2030: 1500 }) }, { scenario: 'low', values: m({ 2030: 1350 }) }],
    bands: [
      // under 15 known 2018 and 2020 only (Leipzig's ratios end in 2020): the share of 2020 is used
      { key: 'u15', from: 0, to: 15, values: m({ 2018: 100, 2020: 180 }), estimated: true },
      { key: 'late', from: 0, to: 6, values: m({ 2026: 999 }), estimated: false },
    ],
  };

  it('applies the share of the latest year at or before the launch year to each scenario', () => {
    const [r] = projectTargetGroups({ launchYear: 2024, areas: [area] });
    expect(r.bands.map((b) => b.key)).toEqual(['u15']); // a band known only after the launch is not used
    const b = r.bands[0];
    expect(b.shareYear).toBe(2020);
    expect(b.share).toBeCloseTo(0.15, 12);
    expect(b.scenarios.find((s) => s.scenario === 'medium')!.values.get(2030)).toBeCloseTo(225, 9);
    expect(b.scenarios.find((s) => s.scenario === 'low')!.values.get(2030)).toBeCloseTo(202.5, 9);
  });

  it('splits a band by single years of age: the parts add up to the band and are estimated', () => {
    const split = uniformSplit(0, 15, [{ key: 'u6', from: 0, to: 6 }, { key: '6_10', from: 6, to: 10 }, { key: '10_15', from: 10, to: 15 }]);
    expect(split.map((s) => s.weight)).toEqual([6 / 15, 4 / 15, 5 / 15]);
    const counted = { ...area, bands: split.map((s) => ({ key: s.key, from: s.from, to: s.to, values: m({ 2020: 180 }), weight: s.weight, estimated: false })) };
    const [r] = projectTargetGroups({ launchYear: 2024, areas: [counted] });
    expect(r.bands.every((b) => b.estimated)).toBe(true);
    const sum = r.bands.reduce((s, b) => s + b.scenarios[0].values.get(2030)!, 0);
    expect(sum).toBeCloseTo(225, 9);
    expect(r.bands[0].scenarios[0].values.get(2030)).toBeCloseTo(90, 9);
    expect(() => uniformSplit(0, 15, [{ key: 'x', from: 10, to: 18 }])).toThrow(/outside/);
  });

  it('sums members to planning areas, and gives no sum where a member lacks the band', () => {
    const b = { ...area, id: 'B', total: m({ 2020: 100 }), bands: [{ key: 'u15', from: 0, to: 15, values: m({ 2020: 10 }), estimated: true }] };
    const c = { ...area, id: 'C', bands: [] };
    const per = projectTargetGroups({ launchYear: 2024, areas: [area, b, c] });
    const { groups, incomplete } = sumTargetGroups([{ id: 'P1', members: ['A', 'B'] }, { id: 'P2', members: ['A', 'C'] }], per);
    const p1 = groups.find((g) => g.id === 'P1')!.bands[0];
    expect(p1.scenarios.find((s) => s.scenario === 'medium')!.values.get(2030)).toBeCloseTo(225 + 150, 9);
    expect(p1.share).toBeNull();
    expect(groups.find((g) => g.id === 'P2')!.bands).toEqual([]);
    expect(incomplete).toEqual([{ id: 'P2', key: 'u15', missing: ['C'] }]);
  });
});

describe('Flensburg under 18 per Stadtteil (tab 1 and tab 6)', () => {
  const f = loadFlensburg();

  it('reads 13 Stadtteile that sum to 97,877 residents in 2021', () => {
    expect(f.areas).toHaveLength(13);
    expect(f.city.get(2021)).toBe(97877);
    // The atlas's city table (tab 3) says 14,947 under 18: a difference of the source, not fixed.
    expect(f.areas.reduce((s, a) => s + a.under18.get(2021)!, 0)).toBe(14944);
  });

  it('projects under 18 from launch 2021 as the 2021 share of each Stadtteil, and the Stadtteile add up', () => {
    const runs = projectAreasByScenario({ cityHistory: f.city, areas: f.areas.map((a) => ({ id: a.id, values: a.total })), launchYear: 2021, horizon: 2030, areaMethod: 'constant-share', areaBasePeriod: 4 });
    const medium = runs.find((r) => r.scenario === 'medium')!;
    const per = projectTargetGroups({ launchYear: 2021, areas: f.areas.map((a) => ({ id: a.id, total: a.total, projected: [{ scenario: 'medium', values: medium.areas.find((x) => x.id === a.id)!.values }], bands: [{ key: 'einwohner_unter18', from: 0, to: 18, values: a.under18, estimated: false }] })) });
    const altstadt = per.find((p) => p.id === '01')!.bands[0];
    expect(altstadt.shareYear).toBe(2021);
    expect(altstadt.share).toBeCloseTo(360 / 3866, 12);
    const sum = sumTargetGroups([{ id: 'city', members: f.areas.map((a) => a.id) }], per).groups[0].bands[0];
    const cityMedium2030 = medium.areas.reduce((s, a) => s + a.values.get(2030)!, 0);
    const expected = f.areas.reduce((s, a) => s + (a.under18.get(2021)! / a.total.get(2021)!) * medium.areas.find((x) => x.id === a.id)!.values.get(2030)!, 0);
    expect(sum.scenarios[0].values.get(2030)).toBeCloseTo(expected, 6);
    expect(sum.scenarios[0].values.get(2030)! / cityMedium2030).toBeGreaterThan(0.14);
    expect(sum.scenarios[0].values.get(2030)! / cityMedium2030).toBeLessThan(0.17);
  });
});
