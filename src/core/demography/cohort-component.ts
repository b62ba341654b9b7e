// Cohort-component projection, one step of `width` years with age groups of the same width
// (1 or 5 years), the last group open-ended. Preston, Heuveline & Guillot, Demography (2001),
// ch. 6 and Box 6.2 (whose Sweden 1993 example the test reproduces to the person):
//
//   closed groups:  P'(x+1) = S(x)·(P(x) + M(x)/2) + M(x+1)/2
//   open group:     P'(ω)   = S(ω−1)·(P(ω−1) + M(ω−1)/2) + S(ω)·(P(ω) + M(ω)/2) + M(ω)/2
//   births:         B = width · Σ_x F(x) · ((P(x) + M(x)/2) + P'(x))/2
//   first group:    P'(0) = B·share(sex)·S_b(sex) + M(0)/2   (female-dominant; boys = B·srb/(1+srb))
//
// M(x) are the net migrants of age group x during the step; half of them count as arriving at its
// start (they age, die and bear children with the cohort), half at its end (PHG's "half-period"
// convention). Plain arrays in and out, so a service can feed stored observations and rates.
import { LernortError } from '../errors.ts';

export interface BySex {
  female: number[];
  male: number[];
}

export interface CohortComponentStep {
  /** Years per age group and per step: 1 or 5. */
  width: 1 | 5;
  /** Counts by age group at the start; index 0 = ages 0–(width−1); last index open-ended. */
  population: BySex;
  /**
   * S(x) for x < ω: share of group x alive in group x+1 after one step (₅L₍ₓ₊₅₎/₅Lₓ); S(ω−1) and
   * S(ω): shares of the last closed and the open group alive in the open group after one step
   * (PHG use T(ω)/T(ω−1) for both). Same length as population.
   */
  survival: BySex;
  /** Share of births of the step alive at its end (₅L₀ / (5·l₀)). */
  birthSurvival: { female: number; male: number };
  /** Annual age-specific fertility rate per woman of each age group (0 outside 15–49). */
  fertility: number[];
  /** Boys per girl at birth; 1.05 when not given. */
  sexRatioAtBirth?: number;
  /** Net migrants of each age group during the step. */
  netMigration?: BySex;
}

export interface CohortComponentResult {
  population: BySex;
  births: { total: number; female: number; male: number };
  /** Components, so that next = survivors + survivingBirths + netMigration − migrantDeaths. */
  components: { survivors: number; survivingBirths: number; netMigration: number; migrantDeaths: number };
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

function invalid(en: string, de: string): LernortError {
  return new LernortError('DEMOGRAPHY_INPUT', de, en, { status: 422 });
}

function check(step: CohortComponentStep): void {
  const n = step.population.female.length;
  if (n < 2) throw invalid('At least two age groups are needed (the last one open-ended).', 'Es werden mindestens zwei Altersgruppen gebraucht (die letzte nach oben offen).');
  const arrays: Array<[string, number[]]> = [
    ['population.male', step.population.male], ['survival.female', step.survival.female], ['survival.male', step.survival.male], ['fertility', step.fertility],
    ...(step.netMigration ? ([['netMigration.female', step.netMigration.female], ['netMigration.male', step.netMigration.male]] as Array<[string, number[]]>) : []),
  ];
  for (const [name, xs] of arrays) {
    if (xs.length !== n) throw invalid(`${name} has ${xs.length} age groups, the population ${n}.`, `${name} hat ${xs.length} Altersgruppen, die Bevölkerung ${n}.`);
  }
  for (const [name, xs] of [['survival.female', step.survival.female], ['survival.male', step.survival.male]] as const) {
    if (xs.some((s) => !(s >= 0 && s <= 1))) throw invalid(`${name} must lie between 0 and 1.`, `${name} muss zwischen 0 und 1 liegen.`);
  }
  step.fertility.forEach((f, x) => {
    const from = x * step.width;
    const isOpen = x === n - 1;
    if (f !== 0 && (from < 15 || from + step.width > 50 || isOpen)) {
      throw invalid(`Fertility must be 0 outside ages 15–49 (age group from ${from}).`, `Die Fruchtbarkeit muss außerhalb von 15–49 Jahren 0 sein (Altersgruppe ab ${from}).`);
    }
  });
}

/** Survives one sex one step forward; births are added by the caller (group 0 holds its migrants). */
function surviveSex(p: number[], s: number[], m: number[]): { next: number[]; survivors: number; migrantDeaths: number } {
  const n = p.length;
  const next = new Array<number>(n).fill(0);
  let survivors = 0;
  let migrantDeaths = 0;
  // Each group's early migrants join it at the start and age with it; late migrants join at the end.
  for (let x = 0; x < n; x++) {
    const to = Math.min(x + 1, n - 1);
    const early = m[x] / 2;
    next[to] += s[x] * (p[x] + early);
    next[x] += m[x] / 2;
    survivors += s[x] * p[x];
    migrantDeaths += (1 - s[x]) * early;
  }
  return { next, survivors, migrantDeaths };
}

export function projectStep(step: CohortComponentStep): CohortComponentResult {
  check(step);
  const n = step.population.female.length;
  const zero = new Array<number>(n).fill(0);
  const mig = step.netMigration ?? { female: zero, male: zero };
  const f = surviveSex(step.population.female, step.survival.female, mig.female);
  const m = surviveSex(step.population.male, step.survival.male, mig.male);
  // Exposure: mean of the women at the start (with the early migrants) and at the end.
  const births = step.width * sum(step.fertility.map((rate, x) => (rate * (step.population.female[x] + mig.female[x] / 2 + f.next[x])) / 2));
  const srb = step.sexRatioAtBirth ?? 1.05;
  const girls = births / (1 + srb);
  const boys = births - girls;
  const survGirls = girls * step.birthSurvival.female;
  const survBoys = boys * step.birthSurvival.male;
  f.next[0] += survGirls;
  m.next[0] += survBoys;
  return {
    population: { female: f.next, male: m.next },
    births: { total: births, female: girls, male: boys },
    components: {
      survivors: f.survivors + m.survivors,
      survivingBirths: survGirls + survBoys,
      netMigration: sum(mig.female) + sum(mig.male),
      migrantDeaths: f.migrantDeaths + m.migrantDeaths,
    },
  };
}

/**
 * Several steps. Rates may change by step: pass a function of the step index (0-based) that returns
 * the rates of that step (scenarios are such functions or constant parameter sets).
 */
export function project(
  base: BySex,
  steps: number,
  ratesOf: (k: number) => Omit<CohortComponentStep, 'population'>,
): CohortComponentResult[] {
  const out: CohortComponentResult[] = [];
  let pop = base;
  for (let k = 0; k < steps; k++) {
    const r = projectStep({ ...ratesOf(k), population: pop });
    out.push(r);
    pop = r.population;
  }
  return out;
}
