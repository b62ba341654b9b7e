import type { MessageKey } from '../shared/i18n.ts';
import type { ObservationFlags } from '../indicators/api.ts';

const FLAG_KEYS: Array<[keyof ObservationFlags, MessageKey]> = [
  ['provisional', 'flags.provisional'],
  ['estimated', 'flags.estimated'],
  ['breakInSeries', 'flags.breakInSeries'],
];

/** Message keys of the flags worth telling the reader next to a value. */
export function flagKeys(flags: Partial<ObservationFlags>, aggregated = false): MessageKey[] {
  const keys = FLAG_KEYS.filter(([flag]) => flags[flag]).map(([, key]) => key);
  if (aggregated) keys.push('flags.aggregated');
  return keys;
}
