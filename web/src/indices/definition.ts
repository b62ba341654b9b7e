import type { Indicator } from '../indicators/api.ts';
import type { IndexDefinition } from './api.ts';

// Pure helpers of the index builder (no React): parsing, colours, periods.

/** "−1; 1,5; 2" → [-1, 1.5, 2]: semicolons separate, a decimal comma is accepted. */
export function numberList(text: string): number[] {
  return text.split(/[;\s]+/).map((s) => s.trim().replace('−', '-').replace(',', '.')).filter(Boolean).map(Number).filter(Number.isFinite);
}

// Sequential orange–brown ramp (ColorBrewer Oranges, colour-blind safe): class 1 = least need is
// the lightest, the highest class the darkest. White is left for "not drawn", grey for "not rated".
const RAMP = ['#fff5eb', '#fee6ce', '#fdd0a2', '#fdae6b', '#fd8d3c', '#f16913', '#d94801', '#a63603', '#7f2704'];
export const NOT_RATED = '#bdbdbd';

export function classColours(k: number): string[] {
  if (k <= 1) return [RAMP[4]];
  if (k <= 8) return Array.from({ length: k }, (_, i) => RAMP[1 + Math.round((i * 7) / (k - 1))]);
  // More classes than ramp steps: interpolate in RGB.
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return Array.from({ length: k }, (_, i) => {
    const pos = 1 + (i * 7) / (k - 1);
    const lo = Math.floor(pos), hi = Math.min(8, lo + 1), f = pos - lo;
    const [a, b] = [rgb(RAMP[lo]), rgb(RAMP[hi])];
    return `#${a.map((v, j) => Math.round(v + (b[j] - v) * f).toString(16).padStart(2, '0')).join('')}`;
  });
}

/** Text on a class colour: dark on the light half of the ramp, white on the dark half. */
export function inkOn(colour: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#1a1a1a' : '#ffffff';
}

/** Periods in which every indicator of the definition has values (newest first). */
export function commonPeriods(definition: IndexDefinition | null, indicators: Indicator[]): string[] {
  if (!definition || definition.indicators.length === 0) return [];
  const byKey = new Map(indicators.map((i) => [i.key, i]));
  let common: Set<string> | undefined;
  for (const entry of definition.indicators) {
    const periods = new Set(byKey.get(entry.key)?.periods ?? []);
    const previous: Set<string> | undefined = common;
    common = previous === undefined ? periods : new Set([...previous].filter((p) => periods.has(p)));
  }
  return [...(common ?? [])].sort().reverse();
}

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Problems the client can name before asking the server (the server checks everything again). */
export function localProblems(definition: IndexDefinition): { field: string; key: 'idx.err.key' | 'idx.err.name' | 'idx.err.noIndicators' | 'idx.err.weight' | 'idx.err.duplicate' }[] {
  const out: ReturnType<typeof localProblems> = [];
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(definition.key)) out.push({ field: 'key', key: 'idx.err.key' });
  if (!definition.name.trim()) out.push({ field: 'name', key: 'idx.err.name' });
  if (definition.indicators.length === 0) out.push({ field: 'indicators', key: 'idx.err.noIndicators' });
  const seen = new Set<string>();
  definition.indicators.forEach((entry, i) => {
    if (!(entry.weight >= 0)) out.push({ field: `indicators.${i}.weight`, key: 'idx.err.weight' });
    if (seen.has(entry.key)) out.push({ field: `indicators.${i}.key`, key: 'idx.err.duplicate' });
    seen.add(entry.key);
  });
  return out;
}
