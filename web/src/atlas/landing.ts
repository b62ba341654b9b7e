import type { Indicator } from '../indicators/api.ts';

// The first map a visitor sees. The deployment names it (recipe key `defaultIndicator`); without
// that, a share of the social situation is the map a planner would open first. Never "the first
// alphabetically", which in Leipzig was "Arbeitslose mit Abitur".

const SOCIAL_TOPIC = 'soziale_lage';
const RELATIVE_KINDS: ReadonlySet<Indicator['kind']> = new Set(['share', 'rate']);

/** Latest period of the indicator ('' when it has no values). */
const latest = (i: Indicator) => i.periods[i.periods.length - 1] ?? '';

/** Among candidates, the one with the most recent values (ties: the server's order). */
function mostRecent(candidates: Indicator[]): Indicator | undefined {
  return candidates.reduce<Indicator | undefined>((best, i) => (!best || latest(i) > latest(best) ? i : best), undefined);
}

export function landingIndicator(indicators: Indicator[], preferred?: string | null): Indicator | undefined {
  const withValues = indicators.filter((i) => i.periods.length > 0);
  const chosen = preferred ? withValues.find((i) => i.key === preferred) : undefined;
  return chosen
    ?? mostRecent(withValues.filter((i) => i.topic === SOCIAL_TOPIC && RELATIVE_KINDS.has(i.kind)))
    ?? mostRecent(withValues.filter((i) => RELATIVE_KINDS.has(i.kind)))
    ?? withValues[0]
    ?? indicators[0];
}
