// Damping against last year's allocation A⁰ (METHODS.md §7): every area stays within
// [(1 + f)·A⁰, (1 + c)·A⁰]; what the bounds take away or add is redistributed pro rata to the
// formula target among the areas not at a bound, repeated until it balances.
//
// The fixed point is x_i = clamp(s·T_i, lo_i, hi_i) with one common factor s, so every area off the
// bounds keeps the formula's proportions. Each round rescales the free areas to the money left and
// fixes only the violators on the side that is provably bound at the end: if the free areas overshoot
// their caps by more than they undershoot their floors (E > D), clamping would leave money over, so
// the final s is larger and every cap violator stays at its cap (and vice versa). At most n rounds.
import { moneyBounds } from './bounds.ts';

export interface DampingInput {
  code: string;
  /** T_i in cents (real) */
  target: number;
  /** integer cents; 0 for an undamped area */
  lo: number;
  /** integer cents; Infinity for an undamped area */
  hi: number;
}

export type DampingResult =
  | { feasible: true; x: number[]; bound: ('floor' | 'cap' | null)[]; iterations: number }
  | { feasible: false; issue: 'FLOORS_EXCEED_BUDGET' | 'CAPS_BELOW_BUDGET'; gap: number; minimalSet: string[] };

/** x_i = clamp(s·weight_i, lo_i, hi_i) with Σx = total, by iterative redistribution. */
export function redistribute(areas: DampingInput[], total: number, weights = areas.map((a) => a.target)): DampingResult {
  const feasibility = moneyBounds(areas, total);
  if (feasibility) return feasibility;
  const n = areas.length;
  const x = new Array<number>(n).fill(0);
  const bound = new Array<'floor' | 'cap' | null>(n).fill(null);
  let free = areas.map((_, i) => i);
  let left = total;
  let iterations = 0;
  while (free.length > 0) {
    iterations++;
    let sumW = 0;
    for (const i of free) sumW += weights[i];
    // free areas without any target share what is left equally (pro rata to 1)
    const w = (i: number) => (sumW > 0 ? weights[i] : 1);
    const s = left / (sumW > 0 ? sumW : free.length);
    let excess = 0, deficit = 0;
    for (const i of free) {
      const y = s * w(i);
      if (y > areas[i].hi) excess += y - areas[i].hi;
      else if (y < areas[i].lo) deficit += areas[i].lo - y;
    }
    if (excess === 0 && deficit === 0) {
      for (const i of free) x[i] = s * w(i);
      break;
    }
    const fixCaps = excess >= deficit, fixFloors = deficit >= excess;
    const still: number[] = [];
    for (const i of free) {
      const y = s * w(i);
      if (fixCaps && y > areas[i].hi) {
        x[i] = areas[i].hi;
        bound[i] = 'cap';
        left -= x[i];
      } else if (fixFloors && y < areas[i].lo) {
        x[i] = areas[i].lo;
        bound[i] = 'floor';
        left -= x[i];
      } else still.push(i);
    }
    free = still;
  }
  // Areas that sit on a bound without being fixed there (s·T happens to equal it) are marked too.
  for (let i = 0; i < n; i++) {
    if (bound[i] === null && areas[i].hi !== Infinity && Math.abs(x[i] - areas[i].hi) < 1e-6) bound[i] = 'cap';
    else if (bound[i] === null && areas[i].lo > 0 && Math.abs(x[i] - areas[i].lo) < 1e-6) bound[i] = 'floor';
  }
  return { feasible: true, x, bound, iterations };
}

/** Integer bounds in cents from A⁰ and f/c: lo = ⌈(1 + f)·A⁰⌉, hi = ⌊(1 + c)·A⁰⌋, so rounding keeps them. */
export function dampingBounds(previous: number | null, floor: number, cap: number): { lo: number; hi: number } {
  if (previous === null) return { lo: 0, hi: Infinity };
  return { lo: Math.max(0, Math.ceil((1 + floor) * previous - 1e-9)), hi: Math.floor((1 + cap) * previous + 1e-9) };
}
