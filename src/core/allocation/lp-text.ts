// CPLEX LP text for HiGHS, written safely: variable and row names are made from indices only
// (x0, d0, …), never from area codes or other user input, and every coefficient is a finite number.

export function num(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`LP: coefficient is not finite (${v})`);
  if (Math.abs(v) < 1e-12) return '0';
  return String(v); // shortest round-trip form; HiGHS reads exponents ("1e-7") too
}

/** "3 x0 - 2 x1 + x2" with line breaks every 40 terms (the LP format allows continuation lines). */
export function linear(terms: [number, string][]): string {
  const parts: string[] = [];
  terms.forEach(([c, v], k) => {
    if (c === 0) return;
    const sign = c < 0 ? '-' : '+';
    const mag = Math.abs(c) === 1 ? '' : `${num(Math.abs(c))} `;
    const term = `${sign} ${mag}${v}`;
    parts.push(k > 0 && k % 40 === 0 ? `\n   ${term}` : term);
  });
  if (parts.length === 0) return '0 x0';
  const s = parts.join(' ');
  return s.startsWith('+ ') ? s.slice(2) : s;
}

export function bound(v: string, lo: number, hi: number): string {
  if (hi === Infinity) return ` ${v} >= ${num(lo)}`;
  return ` ${num(lo)} <= ${v} <= ${num(hi)}`;
}

export interface LpSolution {
  /** HiGHS model status, e.g. 'Optimal', 'Infeasible' */
  status: string;
  objective: number;
  /** primal value of a column by name (0 for a column the solver dropped) */
  value(column: string): number;
}

/** Anything that solves CPLEX LP text: highs in the budget module, a stub in tests. */
export type LpSolver = (lp: string) => Promise<LpSolution> | LpSolution;
