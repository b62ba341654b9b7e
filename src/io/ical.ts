// iCalendar (RFC 5545) writer for meeting feeds, our own because the packages on Node 20 either
// write no VTIMEZONE (ics) or the server's wall clock (ical-generator). Every time of an event is a
// wall time with TZID plus a VTIMEZONE that defines that zone, so a client shows 16:00 Berlin as
// 16:00 in summer and winter whatever the server's TZ. Only DTSTAMP/CREATED/LAST-MODIFIED and
// UNTIL are in UTC, as the RFC requires.
//
// Format rules applied (RFC 5545 §3.1, §3.3.11): CRLF line ends; lines folded at 75 octets of
// UTF-8 with CRLF + space, never inside a multi-byte character; TEXT escapes \ ; , and newlines
// (so "BEGIN:VEVENT" in a description stays inside the value); other control characters dropped.
import { type RecurrenceRule, formatRRule, formatUtcStamp } from '../core/calendar/rrule.ts';
import type { Series } from '../core/calendar/recurrence.ts';
import { type LocalDateTime, fromLocal, toLocal } from '../core/calendar/zoned.ts';
import { LernortError } from '../core/errors.ts';

export interface IcsEvent {
  /** Stable across exports, e.g. meetingUid(id, domain); a client updates the event by it. */
  uid: string;
  /** Raised by the service each time the meeting changes in a way attendees should see. */
  sequence: number;
  /** When this representation was made (DTSTAMP), usually the last change. */
  stamp: Date;
  /** Start, duration, zone, rule and excluded dates of the meeting or series. */
  timing: Pick<Series, 'zone' | 'start' | 'durationMinutes'> & { rule?: RecurrenceRule; exdates?: LocalDateTime[] };
  /** For an override of one occurrence of a series (moved or cancelled): its original start. */
  recurrenceId?: LocalDateTime;
  summary: string;
  location?: string;
  description?: string;
  /** Link back to the meeting in the product (http or https). */
  url?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  created?: Date;
  lastModified?: Date;
}

export interface IcsCalendar {
  /** Shown by clients as the calendar's name (X-WR-CALNAME). */
  name: string;
  /** Zone of the calendar; each event's zone needs a VTIMEZONE below. */
  zone: string;
  events: IcsEvent[];
  /** How often a subscribed client should reload, in minutes (RFC 7986 REFRESH-INTERVAL). */
  refreshMinutes?: number;
}

export const PRODID = '-//Lernort//Lernort Kalender 1.0//DE';

/** A UID that stays the same for the same meeting: "meeting-42@lernort.leipzig.de". */
export function meetingUid(meetingId: string | number, domain: string): string {
  return `meeting-${meetingId}@${domain}`;
}

// ---- time zones ----

/**
 * Zones that follow the EU summer-time rule (Directive 2000/84/EC): clocks go forward at 01:00 UTC
 * on the last Sunday of March and back at 01:00 UTC on the last Sunday of October.
 * `standard` is the winter offset in minutes east of UTC.
 */
const EU_RULE_ZONES: Record<string, { standard: number; names: [winter: string, summer: string] }> = {
  'Europe/Berlin': { standard: 60, names: ['CET', 'CEST'] },
  'Europe/Vienna': { standard: 60, names: ['CET', 'CEST'] },
  'Europe/Zurich': { standard: 60, names: ['CET', 'CEST'] },
  'Europe/Amsterdam': { standard: 60, names: ['CET', 'CEST'] },
  'Europe/Copenhagen': { standard: 60, names: ['CET', 'CEST'] },
  'Europe/Paris': { standard: 60, names: ['CET', 'CEST'] },
  'Europe/Luxembourg': { standard: 60, names: ['CET', 'CEST'] },
  'Europe/London': { standard: 0, names: ['GMT', 'BST'] },
  'Europe/Helsinki': { standard: 120, names: ['EET', 'EEST'] },
};

export const SUPPORTED_ZONES = Object.keys(EU_RULE_ZONES);

const offsetText = (minutes: number) => `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
const hhmmss = (minutesOfDay: number) => `${String(Math.floor(minutesOfDay / 60)).padStart(2, '0')}${String(minutesOfDay % 60).padStart(2, '0')}00`;

/** The VTIMEZONE component for a zone of the EU rule (Berlin: 02:00 → CEST in March, 03:00 → CET in October). */
export function vtimezoneLines(zone: string): string[] {
  const z = EU_RULE_ZONES[zone];
  if (!z)
    throw new LernortError('ICAL_ZONE_UNSUPPORTED', `Für die Zeitzone „${zone}“ kann kein Kalender geschrieben werden (möglich: ${SUPPORTED_ZONES.join(', ')}).`, `No calendar can be written for the time zone "${zone}" (supported: ${SUPPORTED_ZONES.join(', ')}).`, { location: { field: 'timeZone' } });
  const summer = z.standard + 60;
  // 01:00 UTC read on the wall clock before each change.
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    `X-LIC-LOCATION:${zone}`,
    'BEGIN:DAYLIGHT',
    `TZOFFSETFROM:${offsetText(z.standard)}`,
    `TZOFFSETTO:${offsetText(summer)}`,
    `TZNAME:${z.names[1]}`,
    `DTSTART:19700329T${hhmmss(60 + z.standard)}`,
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    `TZOFFSETFROM:${offsetText(summer)}`,
    `TZOFFSETTO:${offsetText(z.standard)}`,
    `TZNAME:${z.names[0]}`,
    `DTSTART:19701025T${hhmmss(60 + summer)}`,
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

// ---- values and lines ----

/** TEXT value escaping (RFC 5545 §3.3.11); control characters other than tab are dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Folds one content line at 75 octets; continuation lines start with a space (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const pieces: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (bytes + n > limit) {
      pieces.push(current);
      current = '';
      bytes = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    bytes += n;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

const localStamp = (t: LocalDateTime) =>
  `${String(t.year).padStart(4, '0')}${String(t.month).padStart(2, '0')}${String(t.day).padStart(2, '0')}T${String(t.hour).padStart(2, '0')}${String(t.minute).padStart(2, '0')}${String(t.second).padStart(2, '0')}`;

function checkedUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new LernortError('ICAL_URL_INVALID', `„${url}“ ist keine http- oder https-Adresse.`, `"${url}" is not an http or https address.`, { location: { field: 'url' } });
  return parsed.href; // percent-encoded: no spaces, no line breaks
}

function eventLines(e: IcsEvent, zone: string): string[] {
  const t = e.timing;
  if (t.zone !== zone)
    throw new LernortError('ICAL_ZONE_MIXED', `Termin ${e.uid} liegt in der Zeitzone ${t.zone}, der Kalender in ${zone}.`, `Event ${e.uid} is in the time zone ${t.zone}, the calendar in ${zone}.`, { location: { field: 'timeZone' } });
  const end = toLocal(fromLocal(t.start, zone).getTime() + t.durationMinutes * 60_000, zone);
  const tz = `TZID=${zone}`;
  const lines = ['BEGIN:VEVENT', `UID:${escapeText(e.uid)}`, `DTSTAMP:${formatUtcStamp(e.stamp)}`];
  if (e.created) lines.push(`CREATED:${formatUtcStamp(e.created)}`);
  if (e.lastModified) lines.push(`LAST-MODIFIED:${formatUtcStamp(e.lastModified)}`);
  if (!Number.isInteger(e.sequence) || e.sequence < 0) throw new LernortError('ICAL_SEQUENCE', 'SEQUENCE muss eine ganze Zahl ≥ 0 sein.', 'SEQUENCE must be a whole number ≥ 0.', { location: { field: 'sequence' } });
  lines.push(`SEQUENCE:${e.sequence}`);
  if (e.recurrenceId) lines.push(`RECURRENCE-ID;${tz}:${localStamp(e.recurrenceId)}`);
  lines.push(`DTSTART;${tz}:${localStamp(t.start)}`, `DTEND;${tz}:${localStamp(end)}`);
  if (t.rule && !e.recurrenceId) lines.push(`RRULE:${formatRRule(t.rule)}`);
  if (t.exdates?.length && !e.recurrenceId) lines.push(`EXDATE;${tz}:${t.exdates.map(localStamp).join(',')}`);
  lines.push(`SUMMARY:${escapeText(e.summary)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${checkedUrl(e.url)}`);
  lines.push(`STATUS:${e.status}`, 'END:VEVENT');
  return lines;
}

/** The whole .ics text: CRLF line ends, folded, ending with CRLF. */
export function writeCalendar(cal: IcsCalendar): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(cal.name)}`, `X-WR-TIMEZONE:${cal.zone}`];
  if (cal.refreshMinutes !== undefined) {
    const minutes = Math.max(1, Math.round(cal.refreshMinutes));
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${minutes}M`, `X-PUBLISHED-TTL:PT${minutes}M`);
  }
  lines.push(...vtimezoneLines(cal.zone));
  for (const e of cal.events) lines.push(...eventLines(e, cal.zone));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Media type of the feed, for the HTTP answer. */
export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';
