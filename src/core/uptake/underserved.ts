// Under-served areas: high need (a high index class, or a focus area) and uptake significantly below
// the city — the crude rate's interval below the city rate, or the standardised uptake ratio's upper
// limit below 1. These are where outreach goes (goal 4 of the Leipzig model). Each flag carries its
// reasons in words; an area is never flagged on a point estimate alone.
import type { UptakeRate } from './rates.ts';
import type { StandardisedUptake } from './standardise.ts';

export interface AreaNeed {
  areaId: string;
  /** Class of the social index (1 = least need … n = most). */
  indexClass?: number | null;
  focusArea?: boolean;
}

export interface UnderServedOptions {
  /** Index classes that count as high need (default: none; focus areas always do). */
  highNeedClasses?: readonly number[];
}

export type UnderServedReason = 'RATE_BELOW_CITY' | 'SUR_BELOW_ONE';

export interface UnderServed {
  areaId: string;
  need: { indexClass: number | null; focusArea: boolean };
  reasons: UnderServedReason[];
  /** Uptake figures with intervals say why; numbers in percent / as ratio. */
  reason: { de: string; en: string };
}

const fmt = (x: number, digits: number, lang: 'de' | 'en') => {
  const s = x.toFixed(digits);
  return lang === 'de' ? s.replace('.', ',') : s;
};

export function underServedAreas(
  need: readonly AreaNeed[],
  rates: readonly UptakeRate[],
  cityRate: number | null,
  standardised: readonly StandardisedUptake[] = [],
  opts: UnderServedOptions = {},
): UnderServed[] {
  const rateBy = new Map(rates.map((r) => [r.areaId, r]));
  const surBy = new Map(standardised.map((s) => [s.areaId, s]));
  const highClasses = new Set(opts.highNeedClasses ?? []);
  const out: UnderServed[] = [];
  for (const n of need) {
    const cls = n.indexClass ?? null;
    const focus = n.focusArea === true;
    if (!focus && !(cls !== null && highClasses.has(cls))) continue;
    const reasons: UnderServedReason[] = [];
    const de: string[] = [];
    const en: string[] = [];
    const r = rateBy.get(n.areaId);
    if (r && r.comparison === 'worse' && r.rate !== null && r.interval && cityRate !== null) {
      reasons.push('RATE_BELOW_CITY');
      const [v, lo, hi, c] = [r.rate, r.interval.lower, r.interval.upper, cityRate].map((x) => x * 100);
      de.push(`Inanspruchnahme ${fmt(v, 1, 'de')} % [${fmt(lo, 1, 'de')}–${fmt(hi, 1, 'de')} %] signifikant unter der Stadt (${fmt(c, 1, 'de')} %)`);
      en.push(`uptake ${fmt(v, 1, 'en')} % [${fmt(lo, 1, 'en')}–${fmt(hi, 1, 'en')} %] significantly below the city (${fmt(c, 1, 'en')} %)`);
    }
    const s = surBy.get(n.areaId);
    if (s && s.ratio !== null && s.interval && s.interval.upper < 1) {
      reasons.push('SUR_BELOW_ONE');
      de.push(`standardisiertes Verhältnis ${fmt(s.ratio, 2, 'de')} [${fmt(s.interval.lower, 2, 'de')}–${fmt(s.interval.upper, 2, 'de')}] unter 1 (${s.observed} statt ${fmt(s.expected, 1, 'de')} erwartet)`);
      en.push(`standardised ratio ${fmt(s.ratio, 2, 'en')} [${fmt(s.interval.lower, 2, 'en')}–${fmt(s.interval.upper, 2, 'en')}] below 1 (${s.observed} instead of ${fmt(s.expected, 1, 'en')} expected)`);
    }
    if (!reasons.length) continue;
    const needDe = [focus ? 'Fördergebiet' : null, cls !== null && highClasses.has(cls) ? `Indexklasse ${cls}` : null].filter(Boolean).join(', ');
    const needEn = [focus ? 'focus area' : null, cls !== null && highClasses.has(cls) ? `index class ${cls}` : null].filter(Boolean).join(', ');
    out.push({
      areaId: n.areaId,
      need: { indexClass: cls, focusArea: focus },
      reasons,
      reason: { de: `${needDe}: ${de.join('; ')}`, en: `${cap(needEn)}: ${en.join('; ')}` },
    });
  }
  return out;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
