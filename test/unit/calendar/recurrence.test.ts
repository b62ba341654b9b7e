import { describe, expect, it } from 'vitest';
import { describeRule, expandSeries, occurrenceAt, type Series } from '../../../src/core/calendar/recurrence.ts';
import { formatRRule, parseRRule } from '../../../src/core/calendar/rrule.ts';
import { LernortError } from '../../../src/core/errors.ts';
import { thrown } from './thrown.ts';

const at = (year: number, month: number, day: number, hour = 16, minute = 0) => ({ year, month, day, hour, minute, second: 0 });
const series = (rrule: string | undefined, start = at(2026, 2, 10), extra: Partial<Series> = {}): Series => ({
  zone: 'Europe/Berlin',
  start,
  durationMinutes: 120,
  ...(rrule ? { rule: parseRRule(rrule) } : {}),
  ...extra,
});
const utc = (s: Series, window = {}) => expandSeries(s, window).map((o) => o.start.toISOString());
const days = (s: Series, window = {}) => expandSeries(s, window).map((o) => `${o.local.month}-${o.local.day}`);

describe('RRULE text', () => {
  it('parses and writes the "second Tuesday" rule', () => {
    const rule = parseRRule('RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=10');
    expect(rule).toEqual({ freq: 'MONTHLY', interval: 1, byDay: [{ weekday: 'TU', ordinal: 2 }], count: 10 });
    expect(formatRRule(rule)).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=10');
  });

  it('writes parts in canonical order whatever order they were read in, case-insensitively', () => {
    expect(formatRRule(parseRRule('until=20261231T225959Z;byday=-1th;interval=2;freq=monthly'))).toBe('FREQ=MONTHLY;INTERVAL=2;BYDAY=-1TH;UNTIL=20261231T225959Z');
    expect(formatRRule(parseRRule('FREQ=WEEKLY;BYDAY=MO,WE;WKST=MO'))).toBe('FREQ=WEEKLY;BYDAY=MO,WE');
    expect(formatRRule(parseRRule('FREQ=MONTHLY;BYMONTHDAY=1,-1'))).toBe('FREQ=MONTHLY;BYMONTHDAY=1,-1');
  });

  it.each([
    ['', 'RRULE_EMPTY'],
    ['FREQ=DAILY', 'RRULE_FREQ'],
    ['FREQ=MONTHLY;BYSETPOS=2', 'RRULE_UNSUPPORTED_PART'],
    ['FREQ=MONTHLY;COUNT=3;UNTIL=20261231T000000Z', 'RRULE_COUNT_AND_UNTIL'],
    ['FREQ=WEEKLY;BYDAY=2TU', 'RRULE_BYDAY_ORDINAL_WEEKLY'],
    ['FREQ=MONTHLY;BYDAY=6TU', 'RRULE_BYDAY_ORDINAL'],
    ['FREQ=MONTHLY;BYDAY=0TU', 'RRULE_BYDAY_ORDINAL'],
    ['FREQ=MONTHLY;BYDAY=XX', 'RRULE_BYDAY'],
    ['FREQ=WEEKLY;BYMONTHDAY=3', 'RRULE_BYMONTHDAY_WEEKLY'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'RRULE_BYMONTHDAY'],
    ['FREQ=MONTHLY;INTERVAL=0', 'RRULE_INTERVAL'],
    ['FREQ=MONTHLY;COUNT=abc', 'RRULE_NUMBER'],
    ['FREQ=MONTHLY;UNTIL=20261231', 'RRULE_UNTIL'],
    ['FREQ=MONTHLY;UNTIL=20260231T100000Z', 'RRULE_UNTIL'],
    ['FREQ=MONTHLY;FREQ=WEEKLY', 'RRULE_DUPLICATE_PART'],
    ['FREQ=MONTHLY;COUNT', 'RRULE_SYNTAX'],
    ['FREQ=WEEKLY;WKST=SU', 'RRULE_WKST'],
  ])('refuses %j with %s, in German and English, on the field rrule', (text, code) => {
    const err = thrown(() => parseRRule(text));
    expect(err).toBeInstanceOf(LernortError);
    expect(err.code).toBe(code);
    expect(err.location?.field).toBe('rrule');
    expect(err.de).not.toBe(err.en);
    expect(err.en).toMatch(/^[\x20-\x7e−]+$/); // the English half is plain English text
  });
});

describe('expanding a series in the wall clock of Europe/Berlin', () => {
  it('the second Tuesday at 16:00 stays 16:00 local across both DST changes of 2026', () => {
    const s = series('FREQ=MONTHLY;BYDAY=2TU;COUNT=11');
    // Days checked against Python's calendar module; CET = UTC+1 until 29 March and from 25 October.
    expect(days(s)).toEqual(['2-10', '3-10', '4-14', '5-12', '6-9', '7-14', '8-11', '9-8', '10-13', '11-10', '12-8']);
    expect(expandSeries(s).every((o) => o.local.hour === 16 && o.local.minute === 0)).toBe(true);
    expect(utc(s)).toEqual([
      '2026-02-10T15:00:00.000Z',
      '2026-03-10T15:00:00.000Z',
      '2026-04-14T14:00:00.000Z',
      '2026-05-12T14:00:00.000Z',
      '2026-06-09T14:00:00.000Z',
      '2026-07-14T14:00:00.000Z',
      '2026-08-11T14:00:00.000Z',
      '2026-09-08T14:00:00.000Z',
      '2026-10-13T14:00:00.000Z',
      '2026-11-10T15:00:00.000Z',
      '2026-12-08T15:00:00.000Z',
    ]);
  });

  it('the last Thursday of the month (-1TH) falls on the 26th, 30th, 28th … and 31 December', () => {
    const s = series('FREQ=MONTHLY;BYDAY=-1TH;UNTIL=20261231T235959Z', at(2026, 2, 26, 10));
    expect(days(s)).toEqual(['2-26', '3-26', '4-30', '5-28', '6-25', '7-30', '8-27', '9-24', '10-29', '11-26', '12-31']);
  });

  it('the second-to-last Friday (-2FR) counts from the end of the month', () => {
    // Fridays of 2026: January 2, 9, 16, 23, 30; February and March 6, 13, 20, 27.
    expect(days(series('FREQ=MONTHLY;BYDAY=-2FR;COUNT=3', at(2026, 1, 23, 10)))).toEqual(['1-23', '2-20', '3-20']);
  });

  it('a fifth Tuesday is skipped in months that have none', () => {
    expect(days(series('FREQ=MONTHLY;BYDAY=5TU;COUNT=4', at(2026, 3, 31)))).toEqual(['3-31', '6-30', '9-29', '12-29']);
  });

  it('BYMONTHDAY=31 skips the shorter months; BYMONTHDAY=-1 is every last day', () => {
    expect(days(series('FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4', at(2026, 1, 31)))).toEqual(['1-31', '3-31', '5-31', '7-31']);
    expect(days(series('FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3', at(2028, 1, 31)))).toEqual(['1-31', '2-29', '3-31']);
  });

  it('BYDAY with BYMONTHDAY means both: Friday the 13th', () => {
    expect(days(series('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3', at(2026, 2, 13)))).toEqual(['2-13', '3-13', '11-13']);
  });

  it('every second week on Monday and Wednesday, starting on a Wednesday', () => {
    const s = series('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=5', at(2026, 3, 18, 9, 30));
    // The Monday of the first week (16 March) lies before DTSTART and is not an occurrence.
    expect(days(s)).toEqual(['3-18', '3-30', '4-1', '4-13', '4-15']);
    expect(utc(s)[0]).toBe('2026-03-18T08:30:00.000Z');
    expect(utc(s)[1]).toBe('2026-03-30T07:30:00.000Z');
  });

  it('a weekly rule without BYDAY repeats on the weekday of the first date', () => {
    expect(days(series('FREQ=WEEKLY;COUNT=3', at(2026, 10, 20)))).toEqual(['10-20', '10-27', '11-3']);
  });

  it('every second month from February, ending with UNTIL inclusive', () => {
    // The October meeting starts at 14:00 UTC: UNTIL at exactly that instant keeps it.
    expect(days(series('FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;UNTIL=20261013T140000Z'))).toEqual(['2-10', '4-14', '6-9', '8-11', '10-13']);
    expect(days(series('FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;UNTIL=20261013T135959Z'))).toEqual(['2-10', '4-14', '6-9', '8-11']);
  });

  it('COUNT counts excluded dates too (RFC 5545: EXDATE removes after the rule has generated)', () => {
    const s = series('FREQ=MONTHLY;BYDAY=2TU;COUNT=4', at(2026, 2, 10), { exdates: [at(2026, 3, 10)] });
    expect(expandSeries(s).map((o) => [o.index, `${o.local.month}-${o.local.day}`])).toEqual([
      [0, '2-10'],
      [2, '4-14'],
      [3, '5-12'],
    ]);
  });

  it('an EXDATE at another time of day excludes nothing', () => {
    expect(days(series('FREQ=MONTHLY;BYDAY=2TU;COUNT=2', at(2026, 2, 10), { exdates: [at(2026, 3, 10, 15)] }))).toEqual(['2-10', '3-10']);
  });

  it('a window lists only overlapping occurrences, and an open-ended series needs one', () => {
    const s = series('FREQ=MONTHLY;BYDAY=2TU');
    expect(days(s, { from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-04-01T00:00:00Z') })).toEqual(['1-12', '2-9', '3-9']);
    // An occurrence that has started but not ended overlaps the window.
    expect(days(s, { from: new Date('2026-03-10T16:00:00Z'), to: new Date('2026-04-01T00:00:00Z') })).toEqual(['3-10']);
    expect(thrown(() => expandSeries(s)).code).toBe('SERIES_UNBOUNDED');
  });

  it('a monthly series at 02:30 on the last Sunday moves to 03:30 on the spring-forward day only', () => {
    const s = series('FREQ=MONTHLY;BYDAY=-1SU;COUNT=3', at(2026, 2, 22, 2, 30));
    const occ = expandSeries(s);
    expect(occ.map((o) => o.start.toISOString())).toEqual(['2026-02-22T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-04-26T00:30:00.000Z']);
    // The rule's wall time stays 02:30; the instant is the one that reads 03:30 CEST.
    expect(occ[1].local.hour).toBe(2);
  });

  it('the duration is elapsed time: a two-hour meeting ends two hours later', () => {
    const [o] = expandSeries(series(undefined));
    expect(o.end.getTime() - o.start.getTime()).toBe(2 * 3_600_000);
  });

  it('refuses a first date the rule does not produce (RFC 5545 leaves that undefined)', () => {
    const err = thrown(() => expandSeries(series('FREQ=MONTHLY;BYDAY=2TU;COUNT=3', at(2026, 2, 11))));
    expect(err.code).toBe('SERIES_START_NOT_IN_RULE');
    expect(err.location?.field).toBe('start');
    expect(err.de).toContain('2026-02-11');
  });

  it('refuses durations of zero and over a week, and UNTIL before the start', () => {
    expect(thrown(() => expandSeries(series(undefined, at(2026, 2, 10), { durationMinutes: 0 }))).code).toBe('SERIES_DURATION');
    expect(thrown(() => expandSeries(series('FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260101T000000Z'))).code).toBe('SERIES_UNTIL_BEFORE_START');
  });

  it('finds the occurrence of a series at a given wall time, and none at a time it does not produce', () => {
    const s = series('FREQ=MONTHLY;BYDAY=2TU;COUNT=11');
    expect(occurrenceAt(s, at(2026, 10, 13))?.index).toBe(8);
    expect(occurrenceAt(s, at(2026, 10, 14))).toBeUndefined();
  });
});

describe('describing a rule in words', () => {
  it('says "second Tuesday" and "last Thursday" in both languages', () => {
    expect(describeRule(parseRRule('FREQ=MONTHLY;BYDAY=2TU'))).toEqual({ de: 'jeden Monat am zweiten Dienstag', en: 'every month on the second Tuesday' });
    expect(describeRule(parseRRule('FREQ=MONTHLY;INTERVAL=2;BYDAY=-1TH'))).toEqual({ de: 'alle 2 Monate am letzten Donnerstag', en: 'every 2 months on the last Thursday' });
    expect(describeRule(parseRRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO'))).toEqual({ de: 'alle 2 Wochen am Montag', en: 'every 2 weeks on Monday' });
    expect(describeRule(parseRRule('FREQ=MONTHLY;BYDAY=-2FR'))).toEqual({ de: 'jeden Monat am vorletzten Freitag', en: 'every month on the second-to-last Friday' });
  });
});
