// Meeting series: a first start (a wall time in the group's zone), a duration, an optional rule
// (rrule.ts) and excluded dates. Occurrences are generated on the local calendar and only then
// turned into instants, so a 16:00 Berlin meeting is at 16:00 in summer (14:00 UTC) and in winter
// (15:00 UTC) — the RFC 5545 semantics of DTSTART;TZID with an RRULE.
//
// Rules followed from RFC 5545 §3.3.10 and §3.8.5:
//   - DTSTART is the first occurrence, so it must itself match the rule (else clients disagree);
//   - COUNT counts the generated starts, EXDATE removes from them afterwards;
//   - UNTIL is inclusive; dates that do not exist (31 April, a fifth Tuesday) are skipped;
//   - a start inside the spring-forward gap is shifted forward like any wall time (zoned.ts).
import { LernortError } from '../errors.ts';
import { type RecurrenceRule, type Weekday, WEEKDAYS, validateRule } from './rrule.ts';
import { type LocalDate, type LocalDateTime, addDays, assertTimeZone, compareLocal, dateOnly, daysInMonth, formatLocalDate, fromLocal, isoWeekday, sameLocal } from './zoned.ts';

export interface Series {
  /** IANA zone of the wall times, e.g. Europe/Berlin. */
  zone: string;
  /** First start, as shown on the wall clock. */
  start: LocalDateTime;
  durationMinutes: number;
  rule?: RecurrenceRule;
  /** Starts left out (wall times, as in EXDATE;TZID=…). */
  exdates?: LocalDateTime[];
}

export interface Occurrence {
  /** Position among the generated starts (0 = DTSTART), counted before exclusions. */
  index: number;
  local: LocalDateTime;
  start: Date;
  end: Date;
}

export const MAX_DURATION_MINUTES = 7 * 24 * 60;
/**
 * Generation looks at most this many weeks or months past the first date (23 years of a weekly,
 * 100 years of a monthly series), so a rule that stops matching cannot loop for ever.
 */
const MAX_PERIODS = 1200;
/** A calendar view or feed never needs more occurrences of one series than this. */
export const MAX_OCCURRENCES = 1000;

const seriesError = (code: string, de: string, en: string, field: string) => new LernortError(code, de, en, { location: { field } });

export function validateSeries(series: Series): void {
  assertTimeZone(series.zone);
  fromLocal(series.start, series.zone); // checks the wall time itself
  if (!Number.isInteger(series.durationMinutes) || series.durationMinutes < 1 || series.durationMinutes > MAX_DURATION_MINUTES)
    throw seriesError('SERIES_DURATION', 'Die Dauer muss zwischen 1 Minute und 7 Tagen liegen.', 'The duration must be between 1 minute and 7 days.', 'durationMinutes');
  if (!series.rule) return;
  validateRule(series.rule);
  const firstDays = daysOfPeriod(series, 0);
  if (!firstDays.some((d) => sameDate(d, series.start))) {
    const when = formatLocalDate(series.start);
    throw seriesError('SERIES_START_NOT_IN_RULE', `Der erste Termin (${when}) passt nicht zur Wiederholungsregel; bitte einen Tag wählen, den die Regel trifft.`, `The first date (${when}) does not match the recurrence rule; choose a day the rule produces.`, 'start');
  }
  if (series.rule.until && series.rule.until.getTime() < fromLocal(series.start, series.zone).getTime())
    throw seriesError('SERIES_UNTIL_BEFORE_START', 'UNTIL liegt vor dem ersten Termin.', 'UNTIL is before the first date.', 'rrule');
}

const sameDate = (a: LocalDate, b: LocalDate) => a.year === b.year && a.month === b.month && a.day === b.day;
const weekdayIndex = (w: Weekday) => WEEKDAYS.indexOf(w) + 1;

/** Candidate days of the k-th week or month of the series, in calendar order. */
function daysOfPeriod(series: Series, k: number): LocalDate[] {
  const rule = series.rule!;
  const step = rule.interval * k;
  if (rule.freq === 'WEEKLY') {
    const monday = addDays(series.start, 1 - isoWeekday(series.start) + 7 * step);
    const weekdays = rule.byDay ? rule.byDay.map((d) => weekdayIndex(d.weekday)) : [isoWeekday(series.start)];
    return [...new Set(weekdays)].sort((a, b) => a - b).map((w) => addDays(monday, w - 1));
  }
  const monthIndex = series.start.year * 12 + (series.start.month - 1) + step;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const last = daysInMonth(year, month);
  const fromByDay = rule.byDay ? new Set(rule.byDay.flatMap((d) => weekdayDaysInMonth(year, month, d.weekday, d.ordinal))) : undefined;
  const fromByMonthDay = rule.byMonthDay ? new Set(rule.byMonthDay.map((d) => (d > 0 ? d : last + 1 + d)).filter((d) => d >= 1 && d <= last)) : undefined;
  let days: number[];
  if (fromByDay && fromByMonthDay) days = [...fromByDay].filter((d) => fromByMonthDay.has(d));
  else if (fromByDay) days = [...fromByDay];
  else if (fromByMonthDay) days = [...fromByMonthDay];
  else days = series.start.day <= last ? [series.start.day] : [];
  return days.sort((a, b) => a - b).map((day) => ({ year, month, day }));
}

/** Days of the month falling on the weekday: all, the n-th, or the n-th from the end. */
function weekdayDaysInMonth(year: number, month: number, weekday: Weekday, ordinal?: number): number[] {
  const first = (weekdayIndex(weekday) - isoWeekday({ year, month, day: 1 }) + 7) % 7 + 1;
  const all: number[] = [];
  for (let d = first; d <= daysInMonth(year, month); d += 7) all.push(d);
  if (ordinal === undefined) return all;
  const pick = ordinal > 0 ? all[ordinal - 1] : all[all.length + ordinal];
  return pick === undefined ? [] : [pick];
}

/**
 * The occurrences that overlap [from, to). A rule without COUNT or UNTIL needs `to`.
 * `limit` caps the result (a calendar view never needs thousands).
 */
export function expandSeries(series: Series, window: { from?: Date; to?: Date } = {}, limit = MAX_OCCURRENCES): Occurrence[] {
  validateSeries(series);
  const from = window.from?.getTime() ?? -Infinity;
  const to = window.to?.getTime() ?? Infinity;
  const durationMs = series.durationMinutes * 60_000;
  const excluded = series.exdates ?? [];
  const out: Occurrence[] = [];
  const emit = (local: LocalDateTime, index: number): boolean => {
    const start = fromLocal(local, series.zone);
    if (start.getTime() >= to) return false;
    const end = new Date(start.getTime() + durationMs);
    if (end.getTime() > from && !excluded.some((x) => sameLocal(x, local))) out.push({ index, local, start, end });
    return out.length < limit;
  };
  const rule = series.rule;
  if (!rule) {
    emit(series.start, 0);
    return out;
  }
  if (rule.count === undefined && rule.until === undefined && window.to === undefined)
    throw seriesError('SERIES_UNBOUNDED', 'Eine Serie ohne Ende (COUNT oder UNTIL) lässt sich nur für einen Zeitraum aufzählen.', 'A series without an end (COUNT or UNTIL) can only be listed for a time window.', 'rrule');
  const time = { hour: series.start.hour, minute: series.start.minute, second: series.start.second };
  let index = 0;
  for (let k = 0; k < MAX_PERIODS; k++) {
    for (const day of daysOfPeriod(series, k)) {
      if (compareLocal(day, dateOnly(series.start)) < 0) continue; // before DTSTART in its own period
      const local = { ...day, ...time };
      if (rule.until && fromLocal(local, series.zone).getTime() > rule.until.getTime()) return out;
      if (rule.count !== undefined && index >= rule.count) return out;
      if (!emit(local, index)) return out;
      index++;
    }
  }
  return out;
}

/** The occurrence that starts at the given wall time, if the series has one (for EXDATE and reschedules). */
export function occurrenceAt(series: Series, local: LocalDateTime): Occurrence | undefined {
  const at = fromLocal(local, series.zone);
  return expandSeries({ ...series, exdates: [] }, { from: new Date(at.getTime()), to: new Date(at.getTime() + 1) }).find((o) => sameLocal(o.local, local));
}

const ORD_DE = ['', 'ersten', 'zweiten', 'dritten', 'vierten', 'fünften'];
const ORD_EN = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
const LAST_DE = ['', 'letzten', 'vorletzten', 'drittletzten', 'viertletzten', 'fünftletzten'];
const LAST_EN = ['', 'last', 'second-to-last', 'third-to-last', 'fourth-to-last', 'fifth-to-last'];
const DAY_DE: Record<Weekday, string> = { MO: 'Montag', TU: 'Dienstag', WE: 'Mittwoch', TH: 'Donnerstag', FR: 'Freitag', SA: 'Samstag', SU: 'Sonntag' };
const DAY_EN: Record<Weekday, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };

/** A short description for lists: "jeden zweiten Dienstag im Monat" / "every second Tuesday of the month". */
export function describeRule(rule: RecurrenceRule): { de: string; en: string } {
  const n = rule.interval;
  const dayList = (names: Record<Weekday, string>, ords: string[], lasts: string[]) =>
    (rule.byDay ?? []).map((d) => (d.ordinal === undefined ? names[d.weekday] : `${d.ordinal > 0 ? ords[d.ordinal] : lasts[-d.ordinal]} ${names[d.weekday]}`)).join(', ');
  if (rule.freq === 'WEEKLY') {
    const de = n === 1 ? 'jede Woche' : `alle ${n} Wochen`;
    const en = n === 1 ? 'every week' : `every ${n} weeks`;
    return rule.byDay ? { de: `${de} am ${dayList(DAY_DE, ORD_DE, LAST_DE)}`, en: `${en} on ${dayList(DAY_EN, ORD_EN, LAST_EN)}` } : { de, en };
  }
  const de = n === 1 ? 'jeden Monat' : `alle ${n} Monate`;
  const en = n === 1 ? 'every month' : `every ${n} months`;
  if (rule.byDay) return { de: `${de} am ${dayList(DAY_DE, ORD_DE, LAST_DE)}`, en: `${en} on the ${dayList(DAY_EN, ORD_EN, LAST_EN)}` };
  if (rule.byMonthDay) {
    const days = rule.byMonthDay.map((d) => (d === -1 ? 'letzten' : `${d}.`)).join(', ');
    const daysEn = rule.byMonthDay.map((d) => (d === -1 ? 'last day' : `day ${d}`)).join(', ');
    return { de: `${de} am ${days}${rule.byMonthDay.includes(-1) ? ' Tag' : ''}`, en: `${en} on ${daysEn}` };
  }
  return { de, en };
}
