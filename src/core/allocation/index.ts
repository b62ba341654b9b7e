// Need-based allocation of a budget (Mittelverteilung), METHODS.md §7. One idea per file:
//   formula.ts      shares by the formula family (base, population, need) and the JEW rank variant
//   damping.ts      floors and caps against last year, iterative redistribution
//   bounds.ts       feasibility of bounds and the minimal violated set
//   optimise.ts     the LPs and the MIP (l1-closest, maximin, coverage, integer units)
//   lp-text.ts      safe CPLEX LP text and the solver interface
//   rounding.ts     largest-remainder rounding to the cent (or a rounding unit)
//   explain.ts      term-by-term explanation per area
//   sensitivity.ts  € change per +0.01 of each parameter
//   columns.ts      reading numbers and money (€ → cents) from the areas
//   allocate.ts     the pipeline
export * from './model.ts';
export { formulaShares, rankScores, type ShareParts } from './formula.ts';
export { redistribute, dampingBounds, type DampingInput, type DampingResult } from './damping.ts';
export { moneyBounds } from './bounds.ts';
export { largestRemainder, type RoundingItem } from './rounding.ts';
export { l1ClosestLp, maximinLp, coverageLp, integerUnitsLp, optimiseL1, optimiseMaximin, optimiseCoverage, optimiseUnits, type OptimiseInput } from './optimise.ts';
export type { LpSolution, LpSolver } from './lp-text.ts';
export { explainArea, centsToEuroString } from './explain.ts';
export { allocate } from './allocate.ts';
export { toCents, numberColumn, moneyColumn } from './columns.ts';
export { sensitivity, type ParameterSensitivity, type Parameter } from './sensitivity.ts';
