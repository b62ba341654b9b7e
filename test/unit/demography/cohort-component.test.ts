import { describe, expect, it } from 'vitest';
import { project, projectStep, type CohortComponentStep } from '../../../src/core/demography/cohort-component.ts';
import { LernortError } from '../../../src/core/errors.ts';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

// A worked example in 5-year groups (0–4, 5–9, …, 30–34, 35+), worked by hand below. The survival
// step is the one of Preston, Heuveline & Guillot (2001, ch. 6); half-period migration as in
// Smith, Tayman & Swanson (2013, ch. 6).
//
// Women  P = 1000 900 800 1000 1200 1100 1000 4000 (11,000);  S = .99 .995 .995 .99 .99 .985 .98 .80
// Men    P = 1050 950 850 1000 1250 1150 1000 3500 (10,750);  S = .985 .99 .99 .985 .98 .98 .975 .75
// ASFR (per year): 15–19 .02, 20–24 .08, 25–29 .10, 30–34 .06.  Births surviving: girls .99, boys .985.
// Net migrants by age at the end: women 20 10 0 40 100 60 −20 −10 (200); men 20 10 0 30 80 40 −10 −20 (150).
//
// Women, closed groups P'(x+1) = S(x)·(P(x) + M/2) + M/2:
//   5–9   .99·(1000+5)+5     =   999.95      10–14 .995·900          =  895.5
//   15–19 .995·(800+20)+20   =   835.9       20–24 .99·(1000+50)+50   = 1089.5
//   25–29 .99·(1200+30)+30   =  1247.7       30–34 .985·(1100−10)−10  = 1063.65
//   35+   .98·1000 + .80·4000 + .80·(−5) − 5 = 980 + 3200 − 4 − 5     = 4171
// Births: 5 · [.02·(1000+835.9)/2 + .08·(1200+1089.5)/2 + .10·(1100+1247.7)/2 + .06·(1000+1063.65)/2]
//       = 5 · (18.359 + 91.58 + 117.385 + 61.9095) = 5 · 289.2335 = 1446.1675
//   girls = 1446.1675 / 2.05 = 705.447561, boys = 740.719939
//   0–4 women = .99 · 705.447561 + 20 = 718.393085;  0–4 men = .985 · 740.719939 + 20 = 749.609140
// Men: 1044.175, 940.5, 871.35, 1064.4, 1264.6, 1117.1, 35+ = 975 + 2625 − 7.5 − 10 = 3582.5
// Totals: women 11,021.593085, men 10,634.234140, all 21,655.827225 → 21,656 persons.
// Components: survivors of the base 10,123 + 9,753.25 = 19,876.25; surviving births 1,428.002225;
// net migration 350; deaths of early migrants (negative: net emigration saves deaths) −0.2 − 1.375 = −1.575;
// 19,876.25 + 1,428.002225 + 350 + 1.575 = 21,655.827225.
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
    expect(r.population.female.slice(1)).toEqual([999.95, 895.5, 835.9, 1089.5, 1247.7, 1063.65, 4171].map((v) => expect.closeTo(v, 9)));
    expect(r.population.male.slice(1)).toEqual([1044.175, 940.5, 871.35, 1064.4, 1264.6, 1117.1, 3582.5].map((v) => expect.closeTo(v, 9)));
  });

  it('gives 1,446.1675 births, split 705.447561 girls / 740.719939 boys by the sex ratio 1.05', () => {
    expect(r.births.total).toBeCloseTo(1446.1675, 9);
    expect(r.births.female).toBeCloseTo(705.447561, 6);
    expect(r.births.male).toBeCloseTo(740.719939, 6);
    expect(r.population.female[0]).toBeCloseTo(718.393085, 6);
    expect(r.population.male[0]).toBeCloseTo(749.60914, 5);
  });

  it('gives 21,656 persons, to the person', () => {
    const total = sum(r.population.female) + sum(r.population.male);
    expect(total).toBeCloseTo(21655.827225, 6);
    expect(Math.round(total)).toBe(21656);
  });

  it('keeps the accounting identity: next = survivors + surviving births + net migration − migrant deaths', () => {
    const c = r.components;
    expect(c.survivors).toBeCloseTo(19876.25, 9);
    expect(c.survivingBirths).toBeCloseTo(1428.002225, 6);
    expect(c.netMigration).toBe(350);
    expect(c.migrantDeaths).toBeCloseTo(-1.575, 9);
    expect(c.survivors + c.survivingBirths + c.netMigration - c.migrantDeaths).toBeCloseTo(sum(r.population.female) + sum(r.population.male), 9);
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
    expect(steps[0].births.total).toBeCloseTo(1446.1675, 9);
    expect(steps[1].births.total).toBe(0);
  });
});
