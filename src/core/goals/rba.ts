// Results-based accountability (M. Friedman, "Trying Hard Is Not Good Enough", 2005; METHODS.md §8):
// performance measures of a service sit in four quadrants, quantity/quality × effort/effect —
//   how much did we do?  (quantity of effort, a number)      how well did we do it? (quality of effort, a %)
//   is anyone better off? (quantity of effect, a number)     is anyone better off?  (quality of effect, a %)
// Population results (conditions of children in a place) are monitoring indicators, not measures.
import { LernortError } from '../errors.ts';
import type { Problem } from '../errors.ts';

export type MeasureKind = 'count' | 'share';
export type MeasureAspect = 'effort' | 'effect';
export type RbaQuadrant = 'how-much' | 'how-well' | 'better-off-count' | 'better-off-share';

export interface PerformanceMeasure {
  key: string;
  name: string;
  /** count: a number of people or things; share: a percentage with numerator and denominator. */
  kind: MeasureKind;
  /** effort: what the service did; effect: the change among the people it served. */
  aspect: MeasureAspect;
  /** share only: what is counted above and below the line, e.g. "Teilnehmende mit Abschluss" / "Teilnehmende". */
  numerator?: string;
  denominator?: string;
}

export const QUADRANT_QUESTION: Record<RbaQuadrant, { de: string; en: string }> = {
  'how-much': { de: 'Wie viel haben wir getan?', en: 'How much did we do?' },
  'how-well': { de: 'Wie gut haben wir es getan?', en: 'How well did we do it?' },
  'better-off-count': { de: 'Geht es jemandem besser? (Anzahl)', en: 'Is anyone better off? (number)' },
  'better-off-share': { de: 'Geht es jemandem besser? (Anteil)', en: 'Is anyone better off? (share)' },
};

export function rbaQuadrant(kind: MeasureKind, aspect: MeasureAspect): RbaQuadrant {
  if (aspect === 'effort') return kind === 'count' ? 'how-much' : 'how-well';
  return kind === 'count' ? 'better-off-count' : 'better-off-share';
}

export interface MeasureCheck {
  quadrants: Map<string, RbaQuadrant>;
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Checks a set of measures for one service or agreement: known kind and aspect, unique keys, a share
 * with both numerator and denominator named. Warns when no measure asks "is anyone better off?",
 * the question RBA puts first and reports most often leave out.
 */
export function checkMeasures(measures: readonly PerformanceMeasure[]): MeasureCheck {
  const quadrants = new Map<string, RbaQuadrant>();
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const seen = new Set<string>();
  measures.forEach((m, i) => {
    const field = `measures[${i}]`;
    if (seen.has(m.key)) {
      errors.push({ code: 'MEASURE_DUPLICATE', de: `Die Kennzahl „${m.key}“ ist doppelt angegeben.`, en: `The measure "${m.key}" is given twice.`, field, value: m.key });
      return;
    }
    seen.add(m.key);
    if (m.kind !== 'count' && m.kind !== 'share') {
      errors.push({ code: 'MEASURE_KIND', de: `Kennzahl „${m.key}“: Art „${String(m.kind)}“ ist weder Anzahl noch Anteil.`, en: `Measure "${m.key}": kind "${String(m.kind)}" is neither count nor share.`, field: `${field}.kind`, value: String(m.kind) });
      return;
    }
    if (m.aspect !== 'effort' && m.aspect !== 'effect') {
      errors.push({ code: 'MEASURE_ASPECT', de: `Kennzahl „${m.key}“: „${String(m.aspect)}“ ist weder Aufwand noch Wirkung.`, en: `Measure "${m.key}": "${String(m.aspect)}" is neither effort nor effect.`, field: `${field}.aspect`, value: String(m.aspect) });
      return;
    }
    if (m.kind === 'share' && (!m.numerator?.trim() || !m.denominator?.trim())) {
      errors.push({
        code: 'MEASURE_SHARE_PARTS',
        de: `Kennzahl „${m.key}“ ist ein Anteil und braucht Zähler und Nenner (wer wird gezählt, von wie vielen?).`,
        en: `Measure "${m.key}" is a share and needs a numerator and a denominator (who is counted, out of how many?).`,
        field: `${field}.${m.numerator?.trim() ? 'denominator' : 'numerator'}`,
      });
      return;
    }
    quadrants.set(m.key, rbaQuadrant(m.kind, m.aspect));
  });
  if (measures.length > 0 && ![...quadrants.values()].some((q) => q === 'better-off-count' || q === 'better-off-share')) {
    warnings.push({
      code: 'RBA_NO_BETTER_OFF',
      de: 'Keine Kennzahl fragt „Geht es jemandem besser?“: es wird nur Aufwand berichtet, keine Wirkung.',
      en: 'No measure asks "is anyone better off?": only effort is reported, no effect.',
    });
  }
  return { quadrants, errors, warnings };
}

/** A reported value of a measure: a count is a whole number ≥ 0; a share has 0 ≤ numerator ≤ denominator. */
export function checkMeasureValue(m: PerformanceMeasure, value: { count?: number; numerator?: number; denominator?: number }): Problem | null {
  const field = m.key;
  if (m.kind === 'count') {
    const c = value.count;
    if (c === undefined || !Number.isInteger(c) || c < 0)
      return { code: 'MEASURE_COUNT_VALUE', de: `„${m.name}“: die Anzahl muss eine ganze Zahl ≥ 0 sein.`, en: `"${m.name}": the count must be a whole number ≥ 0.`, field, value: String(c) };
    return null;
  }
  const { numerator: x, denominator: n } = value;
  if (x === undefined || n === undefined || !Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n <= 0 || x > n)
    return {
      code: 'MEASURE_SHARE_VALUE',
      de: `„${m.name}“: Zähler und Nenner müssen ganze Zahlen mit 0 ≤ Zähler ≤ Nenner und Nenner > 0 sein.`,
      en: `"${m.name}": numerator and denominator must be whole numbers with 0 ≤ numerator ≤ denominator and denominator > 0.`,
      field,
      value: `${x}/${n}`,
    };
  return null;
}

/** Throws the first-to-last list of measure errors as one LernortError (all of them in details). */
export function assertMeasures(measures: readonly PerformanceMeasure[]): MeasureCheck {
  const check = checkMeasures(measures);
  if (check.errors.length) {
    const first = check.errors[0];
    throw new LernortError('MEASURES_INVALID', `${check.errors.length} Kennzahl(en) fehlerhaft. ${first.de}`, `${check.errors.length} measure(s) invalid. ${first.en}`, {
      location: { field: first.field },
      details: check.errors,
    });
  }
  return check;
}
