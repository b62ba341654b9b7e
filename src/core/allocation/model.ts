// The data shapes of an allocation (METHODS.md §7), independent of where they come from: the zod
// schema of src/modules/budget/schema.ts validates a model file into AllocationModel, the CLI and
// later the budget service turn a table of areas into AllocationArea[]. Money is integer cents.

/** Where an area's need weight f_i comes from (the value is read from a column of the input). */
export type NeedWeight =
  /** The column already holds P_i·f_i, e.g. under-18s living in low-status areas (Hamburg). */
  | { kind: 'population-in-need'; column: string }
  /** f_i ∈ {0, 1}, e.g. "focus area" of an index run. */
  | { kind: 'class-indicator'; column: string }
  /** f_i = the score itself (≥ 0, higher = more need). */
  | { kind: 'score'; column: string }
  /** f_i = SP_i, the 0–100 min–max score of the area's rank on the column (JEW rank variant). */
  | { kind: 'rank-score'; column: string; direction: 'higher-is-needier' | 'lower-is-needier' };

export type Formula =
  /** share_i = α/n + (1 − α)·(w·P_i/ΣP + (1 − w)·P_i f_i/Σ P f) */
  | { kind: 'share'; alpha: number; w: number; population: string; need?: NeedWeight }
  /** JEW_i = P_i·(1 + SP_i/100), share_i = JEW_i/Σ JEW */
  | { kind: 'jew-rank'; population: string; need: NeedWeight };

export interface Damping {
  /** f: lower bound (1 + f)·A⁰, e.g. −0.05 */
  floor: number;
  /** c: upper bound (1 + c)·A⁰, e.g. +0.10 */
  cap: number;
  /** per-area floor/cap by area code */
  overrides?: Record<string, { floor?: number; cap?: number }>;
}

export type Optimisation =
  | { kind: 'none' }
  | { kind: 'l1-closest' }
  | { kind: 'maximin'; need: 'target' | { column: string } }
  | { kind: 'max-need-coverage'; need: { column: string }; requirement: { column: string }; minimum?: { column: string } | { fractionOfTarget: number } }
  | { kind: 'integer-units'; unitCost: number; maxUnitsPerArea?: number };

export interface AllocationModel {
  name: string;
  formula: Formula;
  /** 'top-up': last year's amounts are carried forward, only the increment goes by the formula. */
  mode: 'full' | 'top-up';
  /** Column with last year's allocation A⁰ in € (needed by top-up and damping). */
  lastYear?: string;
  damping?: Damping;
  optimisation: Optimisation;
  /** Amounts are multiples of this many € (0.01 = to the cent). */
  rounding: { unit: number };
}

export interface AllocationArea {
  code: string;
  /** Numeric columns by name; null = empty cell (allowed only for the last-year column: a new area). */
  values: Record<string, number | null>;
}

/** One area's amount and its explanation, every part in integer cents; the parts sum to amount. */
export interface AreaAllocation {
  code: string;
  amount: number;
  /** The formula target T_i in cents (not rounded). */
  target: number;
  /** Last year's amount carried forward (top-up mode), else 0. */
  carriedForward: number;
  base: number;
  populationPart: number;
  needPart: number;
  damping: number;
  optimisation: number;
  rounding: number;
  /** (A − T)/T; null for a zero target. */
  distanceFromTarget: number | null;
  bound: 'floor' | 'cap' | null;
}

export interface AllocationResult {
  budget: number;
  areas: AreaAllocation[];
  /** Iterations of the damping loop (0 without damping). */
  dampingIterations: number;
  /** Objective value of the optimisation (null for none). */
  objective: number | null;
}
