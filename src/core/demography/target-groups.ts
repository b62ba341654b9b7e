// Projections of the planning target groups (METHODS.md §9: "the forecast of each target group,
// e.g. children 6–<10 per planning area"). Small-area data rarely hold single years of age by area,
// so each target group is projected as its share of the area's projected total: the share at the
// latest year with both a band value and a total (at or before the launch year), held constant and
// multiplied by the area's projected total of each scenario. A band can be a split of a wider one
// (weight < 1: e.g. under 6 = 6/15 of the estimated under-15 group); such bands are estimated.
// Planning areas (groupings of the base areas) are the sums of their members, and only where every
// member has the band (no partial sums).

export interface TargetBandInput {
  key: string;
  from: number;
  to: number | null;
  /** Yearly values of the band (counted, or estimated from ratios) in the area. */
  values: ReadonlyMap<number, number>;
  /** Fraction of `values` this band is (1 unless it is a split of a wider band). */
  weight?: number;
  estimated: boolean;
}

export interface TargetAreaInput {
  id: string;
  /** Actual totals of the area by year. */
  total: ReadonlyMap<number, number>;
  projected: ReadonlyArray<{ scenario: string; values: ReadonlyMap<number, number> }>;
  bands: ReadonlyArray<TargetBandInput>;
}

export interface TargetBandResult {
  key: string;
  from: number;
  to: number | null;
  estimated: boolean;
  /** The year the share was taken from, and the share (0..1, weight applied). */
  shareYear: number;
  /** null for sums of areas (their members' shares differ). */
  share: number | null;
  scenarios: Array<{ scenario: string; values: Map<number, number> }>;
}

export interface TargetAreaResult { id: string; bands: TargetBandResult[] }

export function projectTargetGroups(input: { launchYear: number; areas: ReadonlyArray<TargetAreaInput> }): TargetAreaResult[] {
  return input.areas.map((a) => {
    const bands: TargetBandResult[] = [];
    for (const b of a.bands) {
      const years = [...b.values.keys()].filter((y) => y <= input.launchYear && a.total.has(y) && a.total.get(y)! > 0).sort((x, y) => y - x);
      if (years.length === 0) continue;
      const y = years[0];
      const share = (b.values.get(y)! / a.total.get(y)!) * (b.weight ?? 1);
      bands.push({
        key: b.key, from: b.from, to: b.to, estimated: b.estimated || (b.weight ?? 1) !== 1, shareYear: y, share,
        scenarios: a.projected.map((s) => ({ scenario: s.scenario, values: new Map([...s.values].map(([yy, v]) => [yy, v * share])) })),
      });
    }
    return { id: a.id, bands };
  });
}

/**
 * Sums of member areas per group (planning areas). A band of a group exists only when every member
 * has it; the group's share year is the oldest of its members'. Returns the groups that lack a band
 * in some member as `incomplete`.
 */
export function sumTargetGroups(groups: ReadonlyArray<{ id: string; members: readonly string[] }>, perArea: ReadonlyArray<TargetAreaResult>): { groups: TargetAreaResult[]; incomplete: Array<{ id: string; key: string; missing: string[] }> } {
  const byId = new Map(perArea.map((a) => [a.id, a]));
  const keys = [...new Set(perArea.flatMap((a) => a.bands.map((b) => b.key)))];
  const out: TargetAreaResult[] = [];
  const incomplete: Array<{ id: string; key: string; missing: string[] }> = [];
  for (const g of groups) {
    const bands: TargetBandResult[] = [];
    for (const key of keys) {
      const parts = g.members.map((m) => byId.get(m)?.bands.find((b) => b.key === key));
      const missing = g.members.filter((_, i) => !parts[i]);
      if (missing.length) { if (missing.length < g.members.length) incomplete.push({ id: g.id, key, missing }); continue; }
      if (g.members.length === 0) continue;
      const ps = parts as TargetBandResult[];
      const scenarios = ps[0].scenarios.map((s) => {
        const values = new Map<number, number>();
        for (const [y] of s.values) {
          let sum = 0;
          let complete = true;
          for (const p of ps) {
            const v = p.scenarios.find((x) => x.scenario === s.scenario)?.values.get(y);
            if (v === undefined) { complete = false; break; }
            sum += v;
          }
          if (complete) values.set(y, sum);
        }
        return { scenario: s.scenario, values };
      });
      bands.push({ key, from: ps[0].from, to: ps[0].to, estimated: ps.some((p) => p.estimated), shareYear: Math.min(...ps.map((p) => p.shareYear)), share: null, scenarios });
    }
    out.push({ id: g.id, bands });
  }
  return { groups: out, incomplete };
}

/** Weights that split the age band [from, to) into sub-bands in proportion to their number of single years (a uniform age distribution inside the band). */
export function uniformSplit(from: number, to: number, cuts: ReadonlyArray<{ key: string; from: number; to: number }>): Array<{ key: string; from: number; to: number; weight: number }> {
  return cuts.map((c) => {
    if (c.from < from || c.to > to || c.to <= c.from) throw new Error(`band ${c.key} [${c.from}, ${c.to}) lies outside [${from}, ${to})`);
    return { ...c, weight: (c.to - c.from) / (to - from) };
  });
}
