// Each area's amount explained term by term (METHODS.md §7), in integer cents:
//   amount = carried forward + base + population part + need part ± damping ± optimisation ± rounding
// The formula parts, damping (damped − target) and optimisation (optimised − damped) are real
// numbers; each is shown rounded to the cent, and the rounding part takes what is left, so the
// parts add up to the amount exactly. Distance from target (A − T)/T as NHS England reports it.
import type { AreaAllocation } from './model.ts';

export interface Stages {
  code: string;
  carriedForward: number;
  base: number;
  population: number;
  need: number;
  target: number;
  damped: number;
  optimised: number;
  amount: number;
  bound: 'floor' | 'cap' | null;
}

export function explainArea(s: Stages): AreaAllocation {
  const base = Math.round(s.base);
  const populationPart = Math.round(s.population);
  const needPart = Math.round(s.need);
  const damping = Math.round(s.damped - s.target);
  const optimisation = Math.round(s.optimised - s.damped);
  const rounding = s.amount - (s.carriedForward + base + populationPart + needPart + damping + optimisation);
  return {
    code: s.code, amount: s.amount, target: s.target, carriedForward: s.carriedForward,
    base, populationPart, needPart, damping, optimisation, rounding,
    distanceFromTarget: s.target === 0 ? null : (s.amount - s.target) / s.target,
    bound: s.bound,
  };
}

/** "12345.67" from 1234567 cents, exact (no float division). */
export function centsToEuroString(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
