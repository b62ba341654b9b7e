// The part of RFC 5545 §3.3.10 (RECUR) that working groups use, as data, text and checks:
//   FREQ=WEEKLY or MONTHLY, INTERVAL, BYDAY (monthly with an ordinal: 2TU = second Tuesday,
//   -1TH = last Thursday), BYMONTHDAY (−1 = last day), COUNT or UNTIL, WKST=MO.
// Anything else (DAILY, YEARLY, BYSETPOS, BYHOUR, …) is refused with a clear message rather than
// half understood: a series we cannot expand ourselves must not reach a calendar client.
import { LernortError } from '../errors.ts';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeekdayRule {
  weekday: Weekday;
  /** Monthly only: 1…5 = first…fifth, −1…−5 = last…fifth-last; absent = every such weekday. */
  ordinal?: number;
}

export interface RecurrenceRule {
  freq: 'WEEKLY' | 'MONTHLY';
  /** Every n-th week or month; 1 by default. */
  interval: number;
  byDay?: WeekdayRule[];
  /** Days of the month, 1…31 or −31…−1 (counted from the end). */
  byMonthDay?: number[];
  /** Total number of occurrences, the first included. Exclusive with until. */
  count?: number;
  /** Last possible start, as a UTC instant (RFC 5545: UTC when DTSTART has a TZID). */
  until?: Date;
}

export const MAX_INTERVAL = 99;
export const MAX_COUNT = 1000;

const invalid = (code: string, de: string, en: string, value?: string) =>
  new LernortError(code, de, en, { location: { field: 'rrule' }, details: value === undefined ? undefined : { value } });

/** Parses "FREQ=MONTHLY;BYDAY=2TU;COUNT=10" (an optional "RRULE:" prefix is allowed). */
export function parseRRule(text: string): RecurrenceRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (body === '') throw invalid('RRULE_EMPTY', 'Die Wiederholungsregel ist leer.', 'The recurrence rule is empty.');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toUpperCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim().toUpperCase();
    if (eq < 0 || value === '') throw invalid('RRULE_SYNTAX', `„${part}“ ist kein Teil der Form NAME=WERT.`, `"${part}" is not a part of the form NAME=VALUE.`, part);
    if (parts.has(name)) throw invalid('RRULE_DUPLICATE_PART', `„${name}“ steht zweimal in der Regel.`, `"${name}" appears twice in the rule.`, name);
    parts.set(name, value);
  }
  const supported = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST']);
  for (const name of parts.keys()) {
    if (!supported.has(name))
      throw invalid('RRULE_UNSUPPORTED_PART', `„${name}“ wird nicht unterstützt (möglich: FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL).`, `"${name}" is not supported (allowed: FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL).`, name);
  }
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY')
    throw invalid('RRULE_FREQ', 'Die Regel braucht FREQ=WEEKLY (wöchentlich) oder FREQ=MONTHLY (monatlich).', 'The rule needs FREQ=WEEKLY or FREQ=MONTHLY.', freq);
  if (parts.has('WKST') && parts.get('WKST') !== 'MO')
    throw invalid('RRULE_WKST', 'Nur Wochen, die am Montag beginnen (WKST=MO), werden unterstützt.', 'Only weeks starting on Monday (WKST=MO) are supported.', parts.get('WKST'));
  const rule: RecurrenceRule = { freq, interval: parts.has('INTERVAL') ? integer(parts.get('INTERVAL')!, 'INTERVAL') : 1 };
  if (parts.has('BYDAY')) rule.byDay = parts.get('BYDAY')!.split(',').map(parseWeekdayRule);
  if (parts.has('BYMONTHDAY')) rule.byMonthDay = parts.get('BYMONTHDAY')!.split(',').map((v) => integer(v, 'BYMONTHDAY'));
  if (parts.has('COUNT')) rule.count = integer(parts.get('COUNT')!, 'COUNT');
  if (parts.has('UNTIL')) rule.until = parseUntil(parts.get('UNTIL')!);
  validateRule(rule);
  return rule;
}

function integer(value: string, name: string): number {
  if (!/^[+-]?\d{1,4}$/.test(value)) throw invalid('RRULE_NUMBER', `${name}=${value}: eine ganze Zahl wird erwartet.`, `${name}=${value}: a whole number is expected.`, value);
  return Number(value);
}

function parseWeekdayRule(token: string): WeekdayRule {
  const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(token.trim());
  if (!m) throw invalid('RRULE_BYDAY', `„${token}“ ist kein Wochentag wie TU, 2TU oder -1TH.`, `"${token}" is not a weekday such as TU, 2TU or -1TH.`, token);
  return m[1] === undefined ? { weekday: m[2] as Weekday } : { weekday: m[2] as Weekday, ordinal: Number(m[1]) };
}

function parseUntil(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m)
    throw invalid('RRULE_UNTIL', `UNTIL=${value}: erwartet wird ein UTC-Zeitpunkt wie 20261231T225959Z.`, `UNTIL=${value}: a UTC date-time such as 20261231T225959Z is expected.`, value);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  if (d.getUTCDate() !== +m[3] || +m[4] > 23 || +m[5] > 59 || +m[6] > 59) throw invalid('RRULE_UNTIL', `UNTIL=${value} ist kein gültiger Zeitpunkt.`, `UNTIL=${value} is not a valid date-time.`, value);
  return d;
}

/** The checks every rule passes, parsed from text or built by a form. */
export function validateRule(rule: RecurrenceRule): void {
  if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > MAX_INTERVAL)
    throw invalid('RRULE_INTERVAL', `INTERVAL muss zwischen 1 und ${MAX_INTERVAL} liegen.`, `INTERVAL must be between 1 and ${MAX_INTERVAL}.`, String(rule.interval));
  if (rule.count !== undefined && rule.until !== undefined)
    throw invalid('RRULE_COUNT_AND_UNTIL', 'COUNT und UNTIL schließen einander aus: bitte nur eines angeben.', 'COUNT and UNTIL exclude each other: give only one.');
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1 || rule.count > MAX_COUNT))
    throw invalid('RRULE_COUNT', `COUNT muss zwischen 1 und ${MAX_COUNT} liegen.`, `COUNT must be between 1 and ${MAX_COUNT}.`, String(rule.count));
  if (rule.until !== undefined && Number.isNaN(rule.until.getTime())) throw invalid('RRULE_UNTIL', 'UNTIL ist kein gültiger Zeitpunkt.', 'UNTIL is not a valid date-time.');
  if (rule.byDay !== undefined && rule.byDay.length === 0) throw invalid('RRULE_BYDAY', 'BYDAY ist leer.', 'BYDAY is empty.');
  for (const d of rule.byDay ?? []) {
    if (!WEEKDAYS.includes(d.weekday)) throw invalid('RRULE_BYDAY', `„${d.weekday}“ ist kein Wochentag.`, `"${d.weekday}" is not a weekday.`, d.weekday);
    if (d.ordinal === undefined) continue;
    if (rule.freq === 'WEEKLY')
      throw invalid('RRULE_BYDAY_ORDINAL_WEEKLY', `Eine Nummer vor dem Wochentag (${d.ordinal}${d.weekday}) gibt es nur bei monatlichen Regeln.`, `A number before the weekday (${d.ordinal}${d.weekday}) is only allowed in monthly rules.`);
    if (!Number.isInteger(d.ordinal) || d.ordinal === 0 || Math.abs(d.ordinal) > 5)
      throw invalid('RRULE_BYDAY_ORDINAL', `${d.ordinal}${d.weekday}: die Nummer muss 1 bis 5 oder −1 bis −5 sein.`, `${d.ordinal}${d.weekday}: the number must be 1 to 5 or −1 to −5.`);
  }
  if (rule.byMonthDay !== undefined) {
    if (rule.freq === 'WEEKLY') throw invalid('RRULE_BYMONTHDAY_WEEKLY', 'BYMONTHDAY passt nicht zu einer wöchentlichen Regel.', 'BYMONTHDAY cannot be used with a weekly rule.');
    if (rule.byMonthDay.length === 0) throw invalid('RRULE_BYMONTHDAY', 'BYMONTHDAY ist leer.', 'BYMONTHDAY is empty.');
    for (const d of rule.byMonthDay) {
      if (!Number.isInteger(d) || d === 0 || Math.abs(d) > 31)
        throw invalid('RRULE_BYMONTHDAY', `BYMONTHDAY=${d}: erlaubt sind 1 bis 31 und −1 bis −31.`, `BYMONTHDAY=${d}: allowed are 1 to 31 and −1 to −31.`, String(d));
    }
  }
}

const two = (n: number) => String(n).padStart(2, '0');

export function formatUtcStamp(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
}

/** Canonical text, parts in a fixed order: FREQ;INTERVAL;BYDAY;BYMONTHDAY;COUNT|UNTIL (INTERVAL=1 left out). */
export function formatRRule(rule: RecurrenceRule): string {
  validateRule(rule);
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ''}${d.weekday}`).join(',')}`);
  if (rule.byMonthDay) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== undefined) parts.push(`UNTIL=${formatUtcStamp(rule.until)}`);
  return parts.join(';');
}
