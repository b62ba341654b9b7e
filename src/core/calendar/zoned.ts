// Wall-clock time in a named IANA zone (Europe/Berlin by default) ↔ UTC instants, without ever
// using the process's own time zone: offsets come from Intl (ICU's tz database) and all calendar
// arithmetic runs on Date.UTC, so TZ=UTC, TZ=Europe/Berlin and TZ=America/New_York give the same.
//
// Wall times that do not exist or exist twice follow Temporal's 'compatible' disambiguation
// (also RFC 5545 §3.3.5 for a DTSTART in a gap, and what calendar clients do):
//   - gap (spring forward, Berlin 02:00–03:00 on the last Sunday of March): the time is moved
//     forward by the length of the gap — 02:30 becomes 03:30 CEST;
//   - overlap (fall back, Berlin 02:00–03:00 on the last Sunday of October happens twice): the
//     first occurrence is taken — 02:30 is 02:30 CEST (00:30 UTC), not CET.
import { LernortError } from '../errors.ts';

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

export const DEFAULT_ZONE = 'Europe/Berlin';

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new LernortError('TIME_ZONE_UNKNOWN', `Die Zeitzone „${zone}“ ist unbekannt.`, `The time zone "${zone}" is unknown.`, { location: { field: 'timeZone' } });
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Throws TIME_ZONE_UNKNOWN unless zone is an IANA zone name Intl knows. */
export function assertTimeZone(zone: string): void {
  formatterFor(zone);
}

/** The wall-clock reading of an instant in the zone. */
export function toLocal(instant: Date | number, zone: string = DEFAULT_ZONE): LocalDateTime {
  const parts = formatterFor(zone).formatToParts(typeof instant === 'number' ? instant : instant.getTime());
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  return { year, month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The wall-clock reading as if it were UTC, in ms: the arithmetic base for local calendars. */
export function localAsUtcMs(t: LocalDate & Partial<LocalDateTime>): number {
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour ?? 0, t.minute ?? 0, t.second ?? 0);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that.
  if (t.year >= 0 && t.year < 100) return new Date(ms).setUTCFullYear(t.year);
  return ms;
}

/** UTC offset of the zone at an instant, in minutes east of Greenwich (Berlin: 60 in winter, 120 in summer). */
export function offsetMinutes(instant: Date | number, zone: string = DEFAULT_ZONE): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return Math.round((localAsUtcMs(toLocal(wholeSeconds, zone)) - wholeSeconds) / MINUTE);
}

/**
 * The instant at which the zone's clocks show the given wall time. Gaps shift forward, overlaps
 * take the first occurrence (see the file header).
 */
export function fromLocal(local: LocalDate & Partial<LocalDateTime>, zone: string = DEFAULT_ZONE): Date {
  assertLocal(local);
  const wall = localAsUtcMs(local);
  // The offsets in force half a day before and after bracket any single transition.
  const before = offsetMinutes(wall - DAY / 2, zone);
  const after = offsetMinutes(wall + DAY / 2, zone);
  const candidates = [...new Set([before, after])]
    .map((o) => wall - o * MINUTE)
    .filter((t) => localAsUtcMs(toLocal(t, zone)) === wall)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // In the gap: read the wall time with the offset before the jump, which lands after it.
  return new Date(wall - before * MINUTE);
}

/** Whether the wall time exists in the zone exactly as written (false inside a spring-forward gap). */
export function existsLocally(local: LocalDateTime, zone: string = DEFAULT_ZONE): boolean {
  return sameLocal(toLocal(fromLocal(local, zone), zone), local);
}

export function sameLocal(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

function assertLocal(t: LocalDate & Partial<LocalDateTime>): void {
  const ints = [t.year, t.month, t.day, t.hour ?? 0, t.minute ?? 0, t.second ?? 0];
  const ok =
    ints.every(Number.isInteger) &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= daysInMonth(t.year, t.month) &&
    (t.hour ?? 0) >= 0 &&
    (t.hour ?? 0) <= 23 &&
    (t.minute ?? 0) >= 0 &&
    (t.minute ?? 0) <= 59 &&
    (t.second ?? 0) >= 0 &&
    (t.second ?? 0) <= 59;
  if (!ok) {
    const text = `${t.year}-${t.month}-${t.day} ${t.hour ?? 0}:${t.minute ?? 0}:${t.second ?? 0}`;
    throw new LernortError('LOCAL_TIME_INVALID', `„${text}“ ist kein gültiges Datum mit Uhrzeit.`, `"${text}" is not a valid date and time.`, { location: { field: 'start' } });
  }
}

// ---- calendar arithmetic on local dates (no zone involved) ----

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  return ((new Date(localAsUtcMs(d)).getUTCDay() + 6) % 7) + 1;
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(localAsUtcMs(d) + n * DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Whole days from a to b (b − a), by the calendar, not by elapsed hours. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((localAsUtcMs(dateOnly(b)) - localAsUtcMs(dateOnly(a))) / DAY);
}

export function dateOnly(d: LocalDate): LocalDate {
  return { year: d.year, month: d.month, day: d.day };
}

export function compareLocal(a: LocalDate & Partial<LocalDateTime>, b: LocalDate & Partial<LocalDateTime>): number {
  return localAsUtcMs(a) - localAsUtcMs(b);
}

/** The local calendar date of an instant in the zone ("today" for a given now). */
export function localDateOf(instant: Date | number, zone: string = DEFAULT_ZONE): LocalDate {
  return dateOnly(toLocal(instant, zone));
}

// ---- text forms ----

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 2026-03-10 */
export function formatLocalDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** 2026-03-10T16:00:00 (no offset: a wall time, meaningful only with its zone). */
export function formatLocalDateTime(t: LocalDateTime): string {
  return `${formatLocalDate(t)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** Reads 2026-03-10, 2026-03-10T16:00 or 2026-03-10T16:00:00 as a wall time. */
export function parseLocalDateTime(text: string, field = 'start'): LocalDateTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  const bad = () =>
    new LernortError('LOCAL_TIME_INVALID', `„${text}“ ist kein Datum der Form JJJJ-MM-TT oder JJJJ-MM-TTTHH:MM.`, `"${text}" is not a date of the form YYYY-MM-DD or YYYY-MM-DDTHH:MM.`, { location: { field } });
  if (!m) throw bad();
  const t: LocalDateTime = { year: +m[1], month: +m[2], day: +m[3], hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  try {
    assertLocal(t);
  } catch {
    throw bad();
  }
  return t;
}
