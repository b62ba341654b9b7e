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
