import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSeries } from '../../../src/core/calendar/recurrence.ts';
import { addDays, isoWeekday, offsetMinutes } from '../../../src/core/calendar/zoned.ts';
import { LernortError } from '../../../src/core/errors.ts';
import { SUPPORTED_ZONES, type IcsEvent, escapeText, foldLine, vtimezoneLines, writeCalendar } from '../../../src/io/ical.ts';
import { goldenCalendar, goldenInput } from './golden-calendar.ts';

const goldenPath = path.join(import.meta.dirname, 'golden', 'gruenau-series.ics');
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l !== '');
const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const octets = (s: string) => new TextEncoder().encode(s).length;
const at = (year: number, month: number, day: number, hour: number, minute = 0) => ({ year, month, day, hour, minute, second: 0 });
const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'meeting-1@lernort.example.org',
  sequence: 0,
  stamp: new Date('2026-01-20T09:15:00Z'),
  timing: { zone: 'Europe/Berlin', start: at(2026, 3, 10, 16), durationMinutes: 90 },
  summary: 'Sitzung',
  status: 'CONFIRMED',
  ...over,
});
const one = (over: Partial<IcsEvent>) => writeCalendar({ name: 'Test', zone: 'Europe/Berlin', events: [event(over)] });

describe('the golden feed of a monthly series across the March and October DST changes', () => {
  const ics = goldenCalendar();

  it('matches golden/gruenau-series.ics byte for byte (REGEN=1 rewrites it)', () => {
    if (process.env.REGEN) fs.writeFileSync(goldenPath, ics);
    expect(ics).toBe(fs.readFileSync(goldenPath, 'utf8'));
  });

  it('is the same text when written under TZ=UTC and TZ=America/New_York', () => {
    for (const tz of ['UTC', 'America/New_York']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'tz-probe.ts'), 'ics'], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(ics);
    }
  });

  it('has the VTIMEZONE for Europe/Berlin with the EU rule, before the first event', () => {
    const lines = unfold(ics);
    const tz = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE') + 1);
    expect(tz).toContain('TZID:Europe/Berlin');
    expect(tz.join('|')).toContain('BEGIN:DAYLIGHT|TZOFFSETFROM:+0100|TZOFFSETTO:+0200|TZNAME:CEST|DTSTART:19700329T020000|RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU|END:DAYLIGHT');
    expect(tz.join('|')).toContain('BEGIN:STANDARD|TZOFFSETFROM:+0200|TZOFFSETTO:+0100|TZNAME:CET|DTSTART:19701025T030000|RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU|END:STANDARD');
    expect(lines.indexOf('END:VTIMEZONE')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
  });

  it('writes the series start as 16:00 local with TZID, the rule, the summer break and the cancelled October meeting', () => {
    const lines = unfold(ics);
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20260210T160000');
    expect(lines).toContain('DTEND;TZID=Europe/Berlin:20260210T180000');
    expect(lines).toContain('RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=11');
    expect(lines).toContain('EXDATE;TZID=Europe/Berlin:20260811T160000');
    expect(lines).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20261013T160000');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('METHOD:PUBLISH');
    expect(lines).toContain('X-WR-CALNAME:Planungsraumarbeitskreis Grünau');
    expect(lines).toContain('URL:https://lernort.example.org/meetings/series-17');
    expect(lines.filter((l) => l.startsWith('DTSTAMP:'))).toEqual(['DTSTAMP:20260120T091500Z', 'DTSTAMP:20260120T091500Z']);
  });

  it('the series it describes is at 15:00 UTC in winter and 14:00 UTC in summer (checked with python-dateutil rrulestr)', () => {
    const master = goldenInput.events[0].timing;
    const utcHours = expandSeries({ ...master }).map((o) => `${o.start.toISOString().slice(5, 10)}T${o.start.getUTCHours()}`);
    expect(utcHours).toEqual(['02-10T15', '03-10T15', '04-14T14', '05-12T14', '06-09T14', '07-14T14', '09-08T14', '10-13T14', '11-10T15', '12-08T15']);
  });

  it('ends every line with CRLF and keeps every physical line within 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });
});

describe('VTIMEZONE rules agree with the tz database', () => {
  const lastSunday = (year: number, month: number) => {
    const last = addDays({ year, month: month + 1, day: 1 }, -1);
    return addDays(last, -(isoWeekday(last) % 7));
  };

  it.each(SUPPORTED_ZONES)('%s changes at 01:00 UTC on the last Sundays of March and October, 2020–2040', (zone) => {
    const lines = vtimezoneLines(zone);
    const toMinutes = (t: string) => (t[0] === '-' ? -1 : 1) * (Number(t.slice(1, 3)) * 60 + Number(t.slice(3, 5)));
    const daylightTo = toMinutes(lines[lines.indexOf('BEGIN:DAYLIGHT') + 2].slice('TZOFFSETTO:'.length));
    const standardTo = toMinutes(lines[lines.indexOf('BEGIN:STANDARD') + 2].slice('TZOFFSETTO:'.length));
    for (let year = 2020; year <= 2040; year++) {
      for (const [month, before, after] of [
        [3, standardTo, daylightTo],
        [10, daylightTo, standardTo],
      ]) {
        const d = lastSunday(year, month);
        const change = Date.UTC(d.year, d.month - 1, d.day, 1);
        expect([offsetMinutes(change - 1000, zone), offsetMinutes(change, zone)]).toEqual([before, after]);
      }
    }
  });

  it('refuses a zone it has no rule for, bilingually', () => {
    expect(() => vtimezoneLines('America/New_York')).toThrow(expect.objectContaining({ code: 'ICAL_ZONE_UNSUPPORTED', location: { field: 'timeZone' } }));
    expect(() => one({ timing: { zone: 'Europe/London', start: at(2026, 3, 10, 16), durationMinutes: 60 } })).toThrow(expect.objectContaining({ code: 'ICAL_ZONE_MIXED' }));
  });
});

describe('folding at 75 octets of UTF-8', () => {
  it('never splits an umlaut or a four-byte emoji, and unfolding restores the line', () => {
    for (const text of ['ä'.repeat(100), `x${'ö'.repeat(60)}`, `Sitzung 🎉${'ü'.repeat(40)}🎉🎉🎉`, `${'a'.repeat(73)}ß`]) {
      const line = `SUMMARY:${text}`;
      const folded = foldLine(line);
      const physical = folded.split('\r\n');
      for (const p of physical) {
        expect(octets(p)).toBeLessThanOrEqual(75);
        // A cut inside a character would make the bytes of a line invalid UTF-8.
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(p, 'utf8'))).not.toThrow();
        expect(p).not.toMatch(/[\ud800-\udbff]$|^ ?[\udc00-\udfff]/);
      }
      expect(physical.slice(1).every((p) => p.startsWith(' '))).toBe(true);
      expect(folded.replace(/\r\n /g, '')).toBe(line);
    }
  });

  it('folds "SUMMARY:" + 100 × ä (208 octets) into lines of 74, 75 and 61 octets', () => {
    // "SUMMARY:" is 8 octets, each ä 2: 8 + 33 × 2 = 74, a 34th ä would make 76. A continuation line
    // is a space + 37 ä = 75 octets; the last holds the remaining 30 ä: 1 + 60 = 61.
    const physical = foldLine(`SUMMARY:${'ä'.repeat(100)}`).split('\r\n');
    expect(physical.map(octets)).toEqual([74, 75, 61]);
  });

  it('leaves a line of exactly 75 octets alone', () => {
    expect(foldLine('X'.repeat(75))).toBe('X'.repeat(75));
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
  });
});

describe('escaping hostile text', () => {
  const hostile = 'Punkt 1, Punkt 2; Pfad C:\\temp\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:evil@attacker\rSTATUS:CANCELLED\u0000\u0007';

  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('keeps an injected "BEGIN:VEVENT" inside the description value', () => {
    const ics = one({ summary: hostile, description: hostile, location: hostile });
    const lines = unfold(ics);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('UID:'))).toEqual(['UID:meeting-1@lernort.example.org']);
    expect(lines.filter((l) => l.startsWith('STATUS:'))).toEqual(['STATUS:CONFIRMED']);
    const description = lines.find((l) => l.startsWith('DESCRIPTION:'))!.slice('DESCRIPTION:'.length);
    // Round trip: the value reads back as the text, with line breaks as \n and control characters gone.
    expect(unescape(description)).toBe('Punkt 1, Punkt 2; Pfad C:\\temp\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@attacker\nSTATUS:CANCELLED');
  });

  it('accepts only http and https links back to the product and percent-encodes them', () => {
    expect(() => one({ url: 'javascript:alert(1)' })).toThrow(expect.objectContaining({ code: 'ICAL_URL_INVALID', location: { field: 'url' } }));
    expect(() => one({ url: 'https://x.org/a\r\nBEGIN:VEVENT' })).not.toThrow();
    expect(unfold(one({ url: 'https://x.org/a\r\nBEGIN:VEVENT' })).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(unfold(one({ url: 'https://lernort.example.org/meetings/Grünau 1' }))).toContain('URL:https://lernort.example.org/meetings/Gr%C3%BCnau%201');
  });

  it('a single meeting has no RRULE or EXDATE, and its end is start plus duration in local time', () => {
    const lines = unfold(one({}));
    const vevent = lines.slice(lines.indexOf('BEGIN:VEVENT'));
    expect(vevent.some((l) => l.startsWith('RRULE') || l.startsWith('EXDATE'))).toBe(false);
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20260310T160000');
    expect(lines).toContain('DTEND;TZID=Europe/Berlin:20260310T173000');
  });

  it('a meeting across the spring-forward night ends two elapsed hours later: 01:30 → 04:30 local', () => {
    const lines = unfold(one({ timing: { zone: 'Europe/Berlin', start: at(2026, 3, 29, 1, 30), durationMinutes: 120 } }));
    expect(lines).toContain('DTEND;TZID=Europe/Berlin:20260329T043000');
  });

  it('refuses a negative SEQUENCE', () => {
    expect(() => one({ sequence: -1 })).toThrow(LernortError);
  });
});
