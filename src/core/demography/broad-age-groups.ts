// The three broad age groups from a total and the two dependency ratios, for cities whose small
// areas publish only those (Leipzig's Ortsteile: Jugendquote, Altenquote, Durchschnittsalter).
//
// Definitions (youth ratio J, old-age ratio A, both per 100 of working age W):
//   J = 100·Y/W,  A = 100·O/W,  P = Y + W + O
// → W = 100·P/(100 + J + A),  Y = J·W/100,  O = A·W/100   (exact; a linear system in Y, W, O).
// Which ages Y, W and O are depends on the publisher: Leipzig's Ortsteil ratios (jugendquote.json,
// which does not say) fit under 15 / 15–<65 / 65+ (the test checks the city sum against the state
// office's 65+ count); the state office's own "Jugendquotient" is under 20 per 100 of 20–<65.
//
// What this cannot give: any finer band (the planning bands under 6, 6–<10, 10–<15, 15–<18,
// 18–<27), ages by sex, single years or a pyramid. The mean age does not help: it is one equation
// with three unknown group means. Published ratios are rounded (Leipzig: to whole numbers), so each
// group is only known within bounds; the bounds below take J and A at ± half the rounding unit.

export interface BroadGroupsInput {
  total: number;
  youthRatio: number;
  oldAgeRatio: number;
  /** Rounding unit of the published ratios (1 for whole numbers); 0 when exact. */
  ratioUnit?: number;
}

export interface Range {
  value: number;
  min: number;
  max: number;
}

export interface BroadGroups {
  young: Range;
  working: Range;
  old: Range;
  /** Always true: these are derived, not counted. */
  estimated: true;
}

function solve(total: number, j: number, a: number): { young: number; working: number; old: number } {
  const working = (100 * total) / (100 + j + a);
  return { young: (j * working) / 100, working, old: (a * working) / 100 };
}

export function deriveBroadAgeGroups(input: BroadGroupsInput): BroadGroups {
  const { total, youthRatio: j, oldAgeRatio: a } = input;
  const h = (input.ratioUnit ?? 1) / 2;
  const mid = solve(total, j, a);
  const lo = (x: number) => Math.max(0, x - h);
  // Y grows with J and falls with A; O the other way round; W falls with both.
  const yMin = solve(total, lo(j), a + h).young;
  const yMax = solve(total, j + h, lo(a)).young;
  const oMin = solve(total, j + h, lo(a)).old;
  const oMax = solve(total, lo(j), a + h).old;
  const wMin = solve(total, j + h, a + h).working;
  const wMax = solve(total, lo(j), lo(a)).working;
  return {
    young: { value: mid.young, min: yMin, max: yMax },
    working: { value: mid.working, min: wMin, max: wMax },
    old: { value: mid.old, min: oMin, max: oMax },
    estimated: true,
  };
}
