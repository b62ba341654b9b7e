import type { Polarity } from '../indicators/api.ts';

// Five-class sequential ColorBrewer schemes without their palest step, so that the lightest class
// still stands apart from the map background (#f4f4f2) and from the grey of "no data".
const BLUES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const OR_RD = ['#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'];

export const NO_DATA_FILL = '#d9d9d9';
export const SUPPRESSED_FILL = '#ffffff';
export const OUTLINE = '#5f5f5f';
export const HOVER_OUTLINE = '#111111';
export const SELECTED_OUTLINE = '#7a0177';

/**
 * Colours for `count` classes, lowest class first. Neutral indicators use blues (darker = higher);
 * indicators with a polarity use orange-red where darker always means less favourable, so for
 * "higher is better" the scale runs backwards.
 */
export function paletteFor(polarity: Polarity, count: number): string[] {
  if (count <= 0) return [];
  const scheme = polarity === 'neutral' ? BLUES : OR_RD;
  // Fewer classes than colours: spread them over the scheme instead of using only the pale end.
  const picked = count === 1
    ? [scheme[2]]
    : Array.from({ length: count }, (_, i) => scheme[Math.round((i * (scheme.length - 1)) / (count - 1))]);
  return polarity === 'higher_is_better' ? picked.reverse() : picked;
}

// Diverging scheme for change maps (ColorBrewer RdBu without its white middle): blue = decrease,
// red = increase, darker = further from zero. Neutral about need: the legend names the direction.
const DECREASE = ['#d1e5f0', '#92c5de', '#4393c3', '#2166ac'];
const INCREASE = ['#fddbc7', '#f4a582', '#d6604d', '#b2182b'];

/** One colour per class: classes below zero in blues, classes at or above zero in reds. */
export function divergingFor(breaks: number[]): string[] {
  const count = Math.max(0, breaks.length - 1);
  const mids = Array.from({ length: count }, (_, i) => (breaks[i] + breaks[i + 1]) / 2);
  const neg = mids.filter((m) => m < 0).length;
  const pos = count - neg;
  return mids.map((m, i) => {
    if (m < 0) {
      const k = neg - 1 - i; // 0 = the negative class closest to zero
      return DECREASE[Math.min(DECREASE.length - 1, Math.round((k * (DECREASE.length - 1)) / Math.max(1, neg - 1)))];
    }
    const k = i - neg;
    return INCREASE[Math.min(INCREASE.length - 1, Math.round((k * (INCREASE.length - 1)) / Math.max(1, pos - 1)))];
  });
}
