import { describe, expect, it } from 'vitest';
import { project, projectStep, type CohortComponentStep } from '../../../src/core/demography/cohort-component.ts';
import { LernortError } from '../../../src/core/errors.ts';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

// A worked example in 5-year groups (0–4, 5–9, …, 30–34, 35+), worked by hand below with the
// conventions of Preston, Heuveline & Guillot (2001, ch. 6, Box 6.2).
//
// Women  P = 1000 900 800 1000 1200 1100 1000 4000 (11,000);  S = .99 .995 .995 .99 .99 .985 .98 .80
// Men    P = 1050 950 850 1000 1250 1150 1000 3500 (10,750);  S = .985 .99 .99 .985 .98 .98 .975 .75
// ASFR (per year): 15–19 .02, 20–24 .08, 25–29 .10, 30–34 .06.  Births surviving: girls .99, boys .985.
// Net migrants of each group during the step: women 20 10 0 40 100 60 −20 −10 (200);
// men 20 10 0 30 80 40 −10 −20 (150). Half arrive at the start, half at the end.
//
// Women, closed groups P'(x+1) = S(x)·(P(x) + M(x)/2) + M(x+1)/2:
//   5–9   .99·(1000+10)+5     = 1004.9        10–14 .995·(900+5)+0     =  900.475
//   15–19 .995·(800+0)+20     =  816          20–24 .99·(1000+20)+50   = 1059.8
//   25–29 .99·(1200+50)+30    = 1267.5        30–34 .985·(1100+30)−10  = 1103.05
//   35+   .98·(1000−10) + .80·(4000−5) − 5 = 970.2 + 3196 − 5            = 4161.2
// Births: 5 · [.02·(1020+816)/2 + .08·(1250+1059.8)/2 + .10·(1130+1267.5)/2 + .06·(990+1103.05)/2]
//       = 5 · (18.36 + 92.392 + 119.875 + 62.7915) = 5 · 293.4185 = 1467.0925
//   girls = 1467.0925 / 2.05 = 715.654878, boys = 751.437622
//   0–4 women = .99 · 715.654878 + 20/2 = 718.498329;  0–4 men = .985 · 751.437622 + 10 = 750.166058
// Men: 1049.1, 945.45, 856.5, 1039.775, 1284.2, 1141.6, 35+ = 970.125 + 2617.5 − 10 = 3577.625
// Totals: women 11,031.423329, men 10,644.416058, all 21,675.839387 → 21,676 persons.
// Components: survivors of the base 10,123 + 9,753.25 = 19,876.25; surviving births 1,448.664387;
// net migration 350; deaths of the early migrants Σ(1−S)·M/2 = 0.075 − 1.0 = −0.925 (negative: net
// emigration of the old saves deaths); 19,876.25 + 1,448.664387 + 350 + 0.925 = 21,675.839387.
const example: CohortComponentStep = {
  width: 5,
  population: { female: [1000, 900, 800, 1000, 1200, 1100, 1000, 4000], male: [1050, 950, 850, 1000, 1250, 1150, 1000, 3500] },
  survival: { female: [0.99, 0.995, 0.995, 0.99, 0.99, 0.985, 0.98, 0.8], male: [0.985, 0.99, 0.99, 0.985, 0.98, 0.98, 0.975, 0.75] },
  birthSurvival: { female: 0.99, male: 0.985 },
  fertility: [0, 0, 0, 0.02, 0.08, 0.1, 0.06, 0],
  sexRatioAtBirth: 1.05,
  netMigration: { female: [20, 10, 0, 40, 100, 60, -20, -10], male: [20, 10, 0, 30, 80, 40, -10, -20] },
};

describe('cohort-component projection, one 5-year step worked by hand', () => {
  const r = projectStep(example);

  it('survives each female and male group with half-period migration', () => {
    expect(r.population.female.slice(1)).toEqual([1004.9, 900.475, 816, 1059.8, 1267.5, 1103.05, 4161.2].map((v) => expect.closeTo(v, 9)));
    expect(r.population.male.slice(1)).toEqual([1049.1, 945.45, 856.5, 1039.775, 1284.2, 1141.6, 3577.625].map((v) => expect.closeTo(v, 9)));
  });

  it('gives 1,467.0925 births, split 715.654878 girls / 751.437622 boys by the sex ratio 1.05', () => {
    expect(r.births.total).toBeCloseTo(1467.0925, 9);
    expect(r.births.female).toBeCloseTo(715.654878, 6);
    expect(r.births.male).toBeCloseTo(751.437622, 6);
    expect(r.population.female[0]).toBeCloseTo(718.498329, 6);
    expect(r.population.male[0]).toBeCloseTo(750.166058, 6);
  });

  it('gives 21,676 persons, to the person', () => {
    const total = sum(r.population.female) + sum(r.population.male);
    expect(total).toBeCloseTo(21675.839387, 6);
    expect(Math.round(total)).toBe(21676);
  });

  it('keeps the accounting identity: next = survivors + surviving births + net migration − migrant deaths', () => {
    const c = r.components;
    expect(c.survivors).toBeCloseTo(19876.25, 9);
    expect(c.survivingBirths).toBeCloseTo(1448.664387, 6);
    expect(c.netMigration).toBe(350);
    expect(c.migrantDeaths).toBeCloseTo(-0.925, 9);
    expect(c.survivors + c.survivingBirths + c.netMigration - c.migrantDeaths).toBeCloseTo(sum(r.population.female) + sum(r.population.male), 9);
  });
});

describe('Preston, Heuveline & Guillot (2001), Box 6.2: women of Sweden, 1993 → 1998', () => {
  // Published inputs (as transcribed in markalava/ccmppWPP, data-raw/sweden_1993.R): women by
  // 5-year group 0–4 … 85+, ₅Lₓ of the 1993 life table (radix 100,000; last value T85), ASFR of
  // 15–19 … 45–49, net female migrants of each group over 1993–98, sex ratio at birth 1.05.
  const P = [293395, 248369, 240012, 261346, 285209, 314388, 281290, 286923, 304108, 324946, 247613, 211351, 215140, 221764, 223506, 183654, 141990, 112424];
  const L = [497487, 497138, 496901, 496531, 495902, 495168, 494213, 492760, 490447, 486613, 480665, 471786, 457852, 436153, 402775, 350358, 271512, 291707];
  const F = [0.012, 0.0908, 0.1499, 0.1125, 0.0441, 0.0074, 0.0003];
  const M = [6840, 4150, 3365, 5270, 9240, 8230, 5470, 3155, 1770, 1115, 1075, 845, 645, 530, 465, 300, 250, 175];
  // Published result: women of 1998 by group, and births 1993–98 by age of mother.
  const P1998 = [302392, 298682, 252007, 244150, 268267, 293515, 320624, 284767, 288031, 303166, 322062, 243989, 205841, 205516, 205270, 194771, 142565, 131966];
  const births = [15244, 126688, 229354, 170057, 63203, 10971, 472];
  // S(x) = L(x+1)/L(x); the last closed group and 85+ both survive into 85+ with T85/T80 = 291,707/563,219.
  const S = L.map((l, x) => (x < 16 ? L[x + 1] / l : L[17] / (L[16] + L[17])));
  const fertility = [0, 0, 0, ...F, 0, 0, 0, 0, 0, 0, 0, 0];
  const r = projectStep({
    width: 5,
    population: { female: P, male: P },
    survival: { female: S, male: S },
    birthSurvival: { female: L[0] / 500000, male: L[0] / 500000 },
    fertility,
    sexRatioAtBirth: 1.05,
    netMigration: { female: M, male: M },
  });

  it('reproduces every published 1998 age group to the person', () => {
    expect(r.population.female.map(Math.round)).toEqual(P1998);
  });

  it('reproduces the published births by age of mother (their rounded sum 615,989; unrounded 615,988)', () => {
    const byAge = fertility.map((f, x) => 5 * f * (P[x] + M[x] / 2 + r.population.female[x]) / 2).slice(3, 10);
    expect(byAge.map(Math.round)).toEqual(births);
    expect(births.reduce((a, b) => a + b, 0)).toBe(615989);
    expect(Math.round(r.births.total)).toBe(615988);
  });
});

describe('cohort-component projection on published numbers', () => {
  // schmert.net (popdata10, "december-2"): ₅L₃₀ = 491,460, ₅L₃₅ = 489,248, S = .99550;
  // 22,819 women aged 30–34 in 2005 → 22,716 expected aged 35–39 in 2010 (observed 23,016,
  // so about 300 net migrants).
  it('survives 22,819 women aged 30–34 to 22,716 aged 35–39 with S = 5L35/5L30', () => {
    const n = 9; // 0–4 … 35–39, 40+
    const female = new Array<number>(n).fill(0);
    female[6] = 22819;
    const survival = new Array<number>(n).fill(1);
    survival[6] = 489248 / 491460;
    const zero = new Array<number>(n).fill(0);
    const r = projectStep({ width: 5, population: { female, male: zero }, survival: { female: survival, male: survival }, birthSurvival: { female: 1, male: 1 }, fertility: zero });
    expect(Math.round(r.population.female[7])).toBe(22716);
    expect(23016 - Math.round(r.population.female[7])).toBe(300);
  });
});

describe('cohort-component projection, edge cases', () => {
  it('a closed population without births only ages and dies', () => {
    const r = projectStep({ ...example, fertility: new Array(8).fill(0), netMigration: undefined });
    expect(r.births.total).toBe(0);
    expect(r.components.netMigration).toBe(0);
    expect(sum(r.population.female) + sum(r.population.male)).toBeCloseTo(19876.25, 9);
  });

  it('single-year groups work with width 1', () => {
    const n = 60;
    const female = new Array<number>(n).fill(100);
    const r = projectStep({ width: 1, population: { female, male: female }, survival: { female: new Array(n).fill(1), male: new Array(n).fill(1) }, birthSurvival: { female: 1, male: 1 }, fertility: female.map((_, a) => (a >= 15 && a < 50 ? 0.05 : 0)) });
    // 35 fertile single years · 100 women · 0.05 = 175 births; 175/2.05 girls.
    expect(r.births.total).toBeCloseTo(175, 9);
    expect(r.population.female[0]).toBeCloseTo(175 / 2.05, 9);
    expect(r.population.female[n - 1]).toBe(200); // open group keeps its own and receives the group before
  });

  it('fertility outside 15–49 is refused', () => {
    expect(() => projectStep({ ...example, fertility: [0, 0, 0, 0, 0, 0, 0, 0.01] })).toThrow(LernortError);
    expect(() => projectStep({ ...example, fertility: [0, 0, 0.01, 0, 0, 0, 0, 0] })).toThrow(/15–49/);
  });

  it('arrays of different lengths are refused', () => {
    expect(() => projectStep({ ...example, fertility: [0, 0.1] })).toThrow(/age groups/);
  });

  it('several steps chain, and a scenario may change rates by step', () => {
    const steps = project(example.population, 2, (k) => ({ ...example, fertility: example.fertility.map((f) => f * (k === 0 ? 1 : 0)) }));
    expect(steps).toHaveLength(2);
    expect(steps[0].births.total).toBeCloseTo(1467.0925, 9);
    expect(steps[1].births.total).toBe(0);
  });
});
