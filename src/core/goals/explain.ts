// The reason for a progress status in words, German and English, e.g.
// "r = 0,59 (Ziel verlangt −4,5 % p. a., erreicht −2,7 % p. a.): begrenzter Fortschritt".
// Numbers follow each language's conventions (decimal comma in German); the minus is U+2212.
import type { Observation, ProgressStatus } from '../progress.ts';
import type { GoalStatus } from './status.ts';

export interface Bilingual {
  de: string;
  en: string;
}

export const STATUS_LABEL: Record<ProgressStatus, Bilingual> = {
  achieved: { de: 'Ziel erreicht', en: 'target achieved' },
  'on-track': { de: 'auf Kurs', en: 'on track' },
  'needs-acceleration': { de: 'Beschleunigung nötig', en: 'needs acceleration' },
  limited: { de: 'begrenzter Fortschritt', en: 'limited progress' },
  deterioration: { de: 'Verschlechterung', en: 'deterioration' },
  'not-computable': { de: 'nicht berechenbar', en: 'not computable' },
};

/** A number with fixed decimals: "−2,7" in German, "−2.7" in English. */
export function formatNumber(x: number, digits: number, lang: 'de' | 'en'): string {
  const rounded = Number(x.toFixed(digits));
  const s = Math.abs(rounded).toFixed(digits);
  const sign = rounded < 0 ? '−' : '';
  return sign + (lang === 'de' ? s.replace('.', ',') : s);
}

const pct = (x: number, lang: 'de' | 'en', digits = 1) => `${formatNumber(x * 100, digits, lang)} %`;
const perYear = (x: number, lang: 'de' | 'en', digits = 1) => (lang === 'de' ? `${pct(x, lang, digits)} p. a.` : `${pct(x, lang, digits)} a year`);
const obs = (o: Observation, lang: 'de' | 'en') => `${formatNumber(o.value, 1, lang)} (${o.year})`;

/** What the sentence is built from: the status without its words, plus the linear fallback's parts. */
export type ExplainInput = Omit<GoalStatus, 'reason' | 'linearProgress'> & Partial<Pick<GoalStatus, 'linearProgress'>> & { wayCovered?: number; timeUsed?: number };

export function explainProgress(s: ExplainInput, higherIsBetter: boolean): Bilingual {
  const core = coreSentence(s, higherIsBetter);
  const extra = notesSentence(s);
  return { de: core.de + extra.de, en: core.en + extra.en };
}

function coreSentence(s: ExplainInput, higherIsBetter: boolean): Bilingual {
  const label = STATUS_LABEL[s.status];
  const { base, latest, target } = s;
  if (s.status === 'not-computable') return notComputable(s);
  if (s.status === 'achieved' && latest && target) {
    const side = higherIsBetter ? { de: 'bei oder über', en: 'at or above' } : { de: 'bei oder unter', en: 'at or below' };
    return {
      de: `${label.de}: ${obs(latest, 'de')} liegt ${side.de} dem Ziel ${obs(target, 'de')}`,
      en: `${cap(label.en)}: ${obs(latest, 'en')} is ${side.en} the target ${obs(target, 'en')}`,
    };
  }
  if (s.method === 'linear' && s.wayCovered !== undefined && s.timeUsed !== undefined && s.score !== null) {
    const why = nonPositive(base, latest, target);
    return {
      de: `r = ${formatNumber(s.score, 2, 'de')} linear (${why.de}: ${pct(s.wayCovered, 'de')} des Wegs zum Ziel nach ${pct(s.timeUsed, 'de')} der Zeit): ${label.de}`,
      en: `r = ${formatNumber(s.score, 2, 'en')} linear (${why.en}: ${pct(s.wayCovered, 'en')} of the way to the target after ${pct(s.timeUsed, 'en')} of the time): ${label.en}`,
    };
  }
  if (target && s.cagrNeeded === 0 && s.cagrActual !== null && base) {
    return {
      de: `${cap(label.de)}: der Ausgangswert ${obs(base, 'de')} erfüllte das Ziel ${obs(target, 'de')} bereits, der aktuelle Wert nicht mehr`,
      en: `${cap(label.en)}: the base value ${obs(base, 'en')} already met the target ${obs(target, 'en')}, the latest value no longer does`,
    };
  }
  if (target && s.score !== null && s.cagrNeeded !== null && s.cagrActual !== null) {
    return {
      de: `r = ${formatNumber(s.score, 2, 'de')} (Ziel verlangt ${perYear(s.cagrNeeded, 'de')}, erreicht ${perYear(s.cagrActual, 'de')}): ${label.de}`,
      en: `r = ${formatNumber(s.score, 2, 'en')} (target requires ${perYear(s.cagrNeeded, 'en')}, achieved ${perYear(s.cagrActual, 'en')}): ${label.en}`,
    };
  }
  if (s.score !== null) {
    const dir = higherIsBetter
      ? { de: 'ohne Ziel, höhere Werte sind besser', en: 'no target, higher is better' }
      : { de: 'ohne Ziel, niedrigere Werte sind besser', en: 'no target, lower is better' };
    return {
      // two decimals: the thresholds are 1.5 % and 0.5 %, and 1.47 % must not print as 1.5 %
      de: `g = ${perYear(s.score, 'de', 2)} (${dir.de}): ${label.de}`,
      en: `g = ${perYear(s.score, 'en', 2)} (${dir.en}): ${label.en}`,
    };
  }
  return { de: cap(label.de), en: cap(label.en) };
}

function notComputable(s: ExplainInput): Bilingual {
  const label = STATUS_LABEL['not-computable'];
  const why = ((): Bilingual => {
    switch (s.reasonCode) {
      case 'NO_DATA':
        return { de: 'die Reihe hat keinen Wert', en: 'the series has no value' };
      case 'LATEST_BEFORE_BASE':
        return { de: `der letzte Wert (${s.latest?.year}) liegt vor dem Basisjahr (${s.base?.year})`, en: `the latest value (${s.latest?.year}) precedes the base year (${s.base?.year})` };
      case 'SAME_YEAR':
        return { de: `nur ein Jahr mit Wert (${s.base?.year}), eine Entwicklung ist noch nicht messbar`, en: `only one year with a value (${s.base?.year}); no change can be measured yet` };
      case 'TARGET_YEAR_NOT_AFTER_BASE':
        return { de: `das Zieljahr (${s.target?.year}) liegt nicht nach dem Basisjahr (${s.base?.year})`, en: `the target year (${s.target?.year}) is not after the base year (${s.base?.year})` };
      case 'TARGET_EQUALS_BASE':
        return { de: 'Zielwert und Ausgangswert sind gleich, ein linearer Fortschritt ist nicht definiert', en: 'target and base value are equal, so linear progress is undefined' };
      case 'NON_POSITIVE_VALUE': {
        const w = nonPositive(s.base, s.latest, s.target);
        return { de: `${w.de}, eine Wachstumsrate ist nicht definiert und ohne Ziel gibt es keinen linearen Maßstab`, en: `${w.en}; a growth rate is undefined and without a target there is no linear scale` };
      }
      default:
        return { de: 'unbekannter Grund', en: 'unknown reason' };
    }
  })();
  return { de: `${cap(label.de)}: ${why.de}`, en: `${cap(label.en)}: ${why.en}` };
}

/** Which value made the CAGR undefined. */
function nonPositive(base: Observation | null, latest: Observation | null, target: Observation | null): Bilingual {
  const which =
    base && !(base.value > 0) ? { de: 'Ausgangswert', en: 'base value', o: base }
    : latest && !(latest.value > 0) ? { de: 'aktueller Wert', en: 'latest value', o: latest }
    : target ? { de: 'Zielwert', en: 'target value', o: target } : null;
  if (!which) return { de: 'CAGR nicht definiert', en: 'CAGR undefined' };
  return {
    de: `CAGR nicht definiert, ${which.de} ${formatNumber(which.o.value, 1, 'de')} ≤ 0`,
    en: `CAGR undefined, ${which.en} ${formatNumber(which.o.value, 1, 'en')} ≤ 0`,
  };
}

function notesSentence(s: ExplainInput): Bilingual {
  const de: string[] = [];
  const en: string[] = [];
  if (s.notes.includes('TARGET_YEAR_PASSED') && s.target) {
    de.push(`Zieljahr ${s.target.year} ist erreicht oder verstrichen, ohne dass das Ziel erreicht wurde`);
    en.push(`the target year ${s.target.year} has come or passed without the target being met`);
  }
  if (s.notes.includes('LATEST_EQUALS_BASE') && s.latest && s.base) {
    de.push(`der Wert ${s.latest.year} ist derselbe wie ${s.base.year}`);
    en.push(`the value of ${s.latest.year} is the same as in ${s.base.year}`);
  }
  if (s.notes.includes('GAPS_IN_SERIES') && s.missingYears.length) {
    de.push(`ohne Werte für ${s.missingYears.join(', ')}`);
    en.push(`no values for ${s.missingYears.join(', ')}`);
  }
  if (!de.length) return { de: '', en: '' };
  return { de: `; ${de.join('; ')}.`, en: `; ${en.join('; ')}.` };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
