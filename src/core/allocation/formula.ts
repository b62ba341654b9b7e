// The formula family of METHODS.md §7: the share of each area in the pot, split into the parts the
// explanation shows (base, population, need).
//
//   share_i = α/n + (1 − α)·(w·P_i/ΣP + (1 − w)·P_i f_i / Σ P f)
//     α base share split equally, P target population (e.g. under-18s), f need weight.
//     Hamburg's Jugendeinwohnerwert (2021): α = 0, w = 0.8, f = 1 for children in low-status areas.
//   Older rank variant: JEW_i = P_i·(1 + SP_i/100), SP a 0–100 min–max score of the area's rank;
//     share_i = JEW_i/Σ JEW = P_i/Σ JEW (population part) + P_i·SP_i/100/Σ JEW (need part).
import { LernortError } from '../errors.ts';
import { numberColumn as column } from './columns.ts';
import type { AllocationArea, Formula, NeedWeight } from './model.ts';

export interface ShareParts {
  code: string;
  share: number;
  base: number;
  population: number;
  need: number;
}

/**
 * SP_i = 100·(r_i − 1)/(n − 1) on ranks r (1 = least need, ties get their mean rank), i.e. the
 * min–max score of the rank: the neediest area scores 100, the least needy 0. All values equal
 * (or a single area): nobody is ranked above anybody, every SP is 0.
 */
export function rankScores(values: number[], direction: 'higher-is-needier' | 'lower-is-needier'): number[] {
  const n = values.length;
  const needier = direction === 'higher-is-needier' ? values : values.map((v) => -v);
  const order = needier.map((_, i) => i).sort((a, b) => needier[a] - needier[b]);
  const rank = new Array<number>(n);
  for (let k = 0; k < n; ) {
    let j = k;
    while (j + 1 < n && needier[order[j + 1]] === needier[order[k]]) j++;
    for (let m = k; m <= j; m++) rank[order[m]] = (k + j) / 2 + 1; // mean rank of a tie
    k = j + 1;
  }
  const lo = Math.min(...rank), hi = Math.max(...rank);
  return rank.map((r) => (hi === lo ? 0 : (100 * (r - lo)) / (hi - lo)));
}

/** P_i·f_i per area for the need weight. */
function weightedPopulation(areas: AllocationArea[], population: number[], need: NeedWeight): number[] {
  const v = column(areas, need.column);
  switch (need.kind) {
    case 'population-in-need':
      return v;
    case 'class-indicator':
      areas.forEach((a, i) => {
        if (v[i] !== 0 && v[i] !== 1) throw new LernortError('BUDGET_VALUE_INVALID', `Gebiet ${a.code}: „${need.column}“ ist eine Klassenzugehörigkeit und muss 0 oder 1 sein.`, `Area ${a.code}: "${need.column}" is a class indicator and must be 0 or 1.`, { location: { field: need.column }, details: { area: a.code } });
      });
      return v.map((f, i) => population[i] * f);
    case 'score':
      return v.map((f, i) => population[i] * f);
    case 'rank-score':
      return rankScores(v, need.direction).map((sp, i) => population[i] * sp);
  }
}

export function formulaShares(areas: AllocationArea[], formula: Formula): ShareParts[] {
  if (areas.length === 0) throw new LernortError('BUDGET_NO_AREAS', 'Keine Gebiete zum Verteilen.', 'No areas to allocate to.');
  const population = column(areas, formula.population);
  const sumP = population.reduce((s, p) => s + p, 0);
  if (formula.kind === 'jew-rank') {
    // the rank score enters as SP/100; a plain score is taken to be on 0–100 already
    const pf = weightedPopulation(areas, population, formula.need);
    const sumJew = sumP + pf.reduce((s, x) => s + x, 0) / 100;
    if (!(sumJew > 0)) throw noPopulation(formula.population);
    return areas.map((a, i) => {
      const pop = population[i] / sumJew, need = pf[i] / 100 / sumJew;
      return { code: a.code, share: pop + need, base: 0, population: pop, need };
    });
  }
  const { alpha, w } = formula;
  const n = areas.length;
  const pf = formula.need && w < 1 ? weightedPopulation(areas, population, formula.need) : null;
  const sumPf = pf ? pf.reduce((s, x) => s + x, 0) : 0;
  if (alpha < 1 && w > 0 && !(sumP > 0)) throw noPopulation(formula.population);
  if (alpha < 1 && w < 1) {
    if (!formula.need) throw new LernortError('BUDGET_MODEL_INVALID', 'w < 1 braucht ein Bedarfsgewicht (formula.need).', 'w < 1 needs a need weight (formula.need).', { location: { field: 'formula.need' } });
    if (!(sumPf > 0)) throw new LernortError('BUDGET_NO_NEED', `Niemand hat Bedarf nach „${formula.need.column}“: der Bedarfsanteil ist nicht bestimmt.`, `Nobody is in need by "${formula.need.column}": the need share is undefined.`, { location: { field: formula.need.column } });
  }
  return areas.map((a, i) => {
    const base = alpha / n;
    const pop = w > 0 && alpha < 1 ? (1 - alpha) * w * (population[i] / sumP) : 0;
    const need = pf && alpha < 1 ? (1 - alpha) * (1 - w) * (pf[i] / sumPf) : 0;
    return { code: a.code, share: base + pop + need, base, population: pop, need };
  });
}

const noPopulation = (col: string) => new LernortError('BUDGET_NO_POPULATION', `Die Zielgruppe „${col}“ summiert sich zu 0.`, `The target population "${col}" sums to 0.`, { location: { field: col } });
