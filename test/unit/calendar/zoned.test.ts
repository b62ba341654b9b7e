import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  existsLocally,
  fromLocal,
  isoWeekday,
  localDateOf,
  offsetMinutes,
  parseLocalDateTime,
  toLocal,
} from '../../../src/core/calendar/zoned.ts';
import { LernortError } from '../../../src/core/errors.ts';

const at = (year: number, month: number, day: number, hour = 0, minute = 0) => ({ year, month, day, hour, minute, second: 0 });
const iso = (d: Date) => d.toISOString();

describe('wall clock in Europe/Berlin ↔ UTC', () => {
  it('16:00 in winter is 15:00 UTC and 16:00 in summer is 14:00 UTC', () => {
    expect(iso(fromLocal(at(2026, 1, 15, 16)))).toBe('2026-01-15T15:00:00.000Z');
    expect(iso(fromLocal(at(2026, 7, 1, 16)))).toBe('2026-07-01T14:00:00.000Z');
  });

  it('the offset changes at 01:00 UTC on the last Sundays of March and October (EU rule)', () => {
    expect(offsetMinutes(Date.parse('2026-03-29T00:59:59Z'))).toBe(60);
    expect(offsetMinutes(Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetMinutes(Date.parse('2026-10-25T00:59:59Z'))).toBe(120);
    expect(offsetMinutes(Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('02:30 on the spring-forward day does not exist and is shifted forward to 03:30 CEST', () => {
    expect(existsLocally(at(2026, 3, 29, 2, 30))).toBe(false);
    const t = fromLocal(at(2026, 3, 29, 2, 30));
    expect(iso(t)).toBe('2026-03-29T01:30:00.000Z');
    expect(toLocal(t)).toEqual(at(2026, 3, 29, 3, 30));
  });

  it('02:00 exactly on the spring-forward day becomes 03:00, and 03:00 exists', () => {
    expect(iso(fromLocal(at(2026, 3, 29, 2, 0)))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(fromLocal(at(2026, 3, 29, 3, 0)))).toBe('2026-03-29T01:00:00.000Z');
    expect(existsLocally(at(2026, 3, 29, 3, 0))).toBe(true);
  });

  it('02:30 on the fall-back day happens twice; the first occurrence (CEST, 00:30 UTC) is taken', () => {
    expect(iso(fromLocal(at(2026, 10, 25, 2, 30)))).toBe('2026-10-25T00:30:00.000Z');
    // Both instants read 02:30 on the wall.
    expect(toLocal(Date.parse('2026-10-25T00:30:00Z'))).toEqual(at(2026, 10, 25, 2, 30));
    expect(toLocal(Date.parse('2026-10-25T01:30:00Z'))).toEqual(at(2026, 10, 25, 2, 30));
    expect(existsLocally(at(2026, 10, 25, 2, 30))).toBe(true);
  });

  it('03:00 on the fall-back day exists once, after the repeated hour (02:00 UTC)', () => {
    expect(iso(fromLocal(at(2026, 10, 25, 3, 0)))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('every hour of 2026 round-trips: toLocal(fromLocal(t)) = t wherever t exists', () => {
    let failures = 0;
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
      const local = toLocal(ms);
      if (fromLocal(local).getTime() !== ms && !(local.month === 10 && local.hour === 2)) failures++;
    }
    expect(failures).toBe(0);
  });

  it('works for any IANA zone: New York switches on the second Sunday of March at 02:00 local', () => {
    expect(iso(fromLocal(at(2026, 3, 8, 1, 30), 'America/New_York'))).toBe('2026-03-08T06:30:00.000Z');
    expect(iso(fromLocal(at(2026, 3, 8, 2, 30), 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z'); // shifted to 03:30 EDT
    expect(iso(fromLocal(at(2026, 3, 8, 3, 30), 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    // Half-hour zone without DST.
    expect(iso(fromLocal(at(2026, 6, 1, 12, 0), 'Asia/Kolkata'))).toBe('2026-06-01T06:30:00.000Z');
  });

  it('the local date of a late-evening UTC instant is already the next day in Berlin', () => {
    expect(localDateOf(Date.parse('2026-06-30T22:30:00Z'))).toEqual({ year: 2026, month: 7, day: 1 });
  });

  it('an unknown zone is a bilingual error on the field timeZone', () => {
    const err = (() => {
      try {
        fromLocal(at(2026, 1, 1), 'Europe/Atlantis');
      } catch (e) {
        return e as LernortError;
      }
    })();
    expect(err).toBeInstanceOf(LernortError);
    expect(err).toMatchObject({ code: 'TIME_ZONE_UNKNOWN', location: { field: 'timeZone' } });
    expect(err!.en).toContain('Europe/Atlantis');
  });

  it('rejects 31 April and 24:00 as wall times', () => {
    expect(() => fromLocal(at(2026, 4, 31, 10))).toThrow(LernortError);
    expect(() => fromLocal(at(2026, 4, 1, 24))).toThrow(LernortError);
  });
});

describe('calendar arithmetic and text forms', () => {
  it('1 January 2026 is a Thursday; 29 March 2026 a Sunday', () => {
    expect(isoWeekday({ year: 2026, month: 1, day: 1 })).toBe(4);
    expect(isoWeekday({ year: 2026, month: 3, day: 29 })).toBe(7);
  });

  it('days are counted by the calendar across a DST change (the 23-hour day is one day)', () => {
    expect(daysBetween({ year: 2026, month: 3, day: 28 }, { year: 2026, month: 3, day: 30 })).toBe(2);
    expect(addDays({ year: 2026, month: 2, day: 27 }, 2)).toEqual({ year: 2026, month: 3, day: 1 });
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('parses dates with and without time and rejects others', () => {
    expect(parseLocalDateTime('2026-03-10T16:00')).toEqual(at(2026, 3, 10, 16));
    expect(parseLocalDateTime('2026-03-10')).toEqual(at(2026, 3, 10, 0));
    expect(() => parseLocalDateTime('10.03.2026', 'due')).toThrow(expect.objectContaining({ code: 'LOCAL_TIME_INVALID', location: { field: 'due' } }));
    expect(() => parseLocalDateTime('2026-02-30')).toThrow(LernortError);
  });
});

describe('independence from the process time zone', () => {
  const probe = path.join(import.meta.dirname, 'tz-probe.ts');
  const run = (tz: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', probe, 'zoned'], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as { tz: string; processOffset: number; out: unknown; series: string[] };
  };

  it('gives the same instants under TZ=UTC, TZ=America/New_York and TZ=Europe/Berlin', () => {
    const utc = run('UTC');
    const ny = run('America/New_York');
    const berlin = run('Europe/Berlin');
    // The children really ran in different zones …
    expect([utc.processOffset, ny.processOffset, berlin.processOffset]).toEqual([0, 300, -60]);
    // … and computed the same.
    expect(ny.out).toEqual(utc.out);
    expect(berlin.out).toEqual(utc.out);
    // The monthly series of the golden feed expands to the same instants, too.
    expect(ny.series).toEqual(utc.series);
    expect(berlin.series).toEqual(utc.series);
    expect(utc.series.slice(1, 3)).toEqual(['2026-03-10T15:00:00.000Z', '2026-04-14T14:00:00.000Z']);
    expect((utc.out as { utc: string }[]).map((o) => o.utc)).toEqual(['2026-01-15T15:00:00.000Z', '2026-03-29T01:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-07-01T14:00:00.000Z']);
  });
});
