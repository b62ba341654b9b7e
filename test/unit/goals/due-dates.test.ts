import { describe, expect, it } from 'vitest';
import { addDays, berlinDate, overdue, reportingPeriods, reportStates } from '../../../src/core/goals/due-dates.ts';

describe('reporting periods of an agreement', () => {
  it('cuts a two-year agreement into calendar half-years, each due on its last day', () => {
    expect(reportingPeriods({ from: '2026-01-01', to: '2027-12-31' }, 'half-year').map((p) => p.due)).toEqual(['2026-06-30', '2026-12-31', '2027-06-30', '2027-12-31']);
  });

  it('clips the first and last period to an agreement that starts and ends mid-quarter', () => {
    expect(reportingPeriods({ from: '2026-02-15', to: '2026-08-10' }, 'quarter')).toEqual([
      { from: '2026-02-15', to: '2026-03-31', due: '2026-03-31' },
      { from: '2026-04-01', to: '2026-06-30', due: '2026-06-30' },
      { from: '2026-07-01', to: '2026-08-10', due: '2026-08-10' },
    ]);
  });

  it('puts a yearly Sachbericht three months (90 days) after the year, across a leap day', () => {
    // 2027-12-31 + 90 days: 31 (Jan) + 29 (Feb 2028) + 30 = 2028-03-30
    expect(reportingPeriods({ from: '2027-01-01', to: '2027-12-31' }, 'year', 90)).toEqual([{ from: '2027-01-01', to: '2027-12-31', due: '2028-03-30' }]);
  });

  it('rejects impossible dates and a period that ends before it starts', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => reportingPeriods({ from: '2026-05-01', to: '2026-04-30' }, 'year')).toThrow(RangeError);
  });
});

describe('overdue reports in Berlin dates', () => {
  it('takes the Berlin calendar date of an instant, not the UTC one (winter and summer time)', () => {
    expect(berlinDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01'); // 00:30 CET
    expect(berlinDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(berlinDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01'); // 00:00 CEST
    expect(berlinDate(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
  });

  it('is overdue from the first minute of the next Berlin day, though it is still the due day in UTC', () => {
    const none = new Map<string, Date>();
    expect(overdue(['2026-06-30'], none, new Date('2026-06-30T21:59:00Z'))).toEqual([]);
    expect(overdue(['2026-06-30'], none, new Date('2026-06-30T22:01:00Z'))).toEqual(['2026-06-30']);
  });

  it('tells submitted, submitted late, overdue, due soon and upcoming apart', () => {
    const submitted = new Map([
      ['2026-03-31', new Date('2026-03-31T21:00:00Z')], // 23:00 CEST on the due day: on time
      ['2026-06-30', new Date('2026-07-02T08:00:00Z')], // two days late
    ]);
    const now = new Date('2026-10-05T10:00:00Z');
    expect(reportStates(['2026-12-31', '2026-10-15', '2026-09-30', '2026-06-30', '2026-03-31'], submitted, now)).toEqual([
      { due: '2026-03-31', state: 'submitted', daysLate: 0, daysLeft: 0 },
      { due: '2026-06-30', state: 'submitted-late', daysLate: 2, daysLeft: 0 },
      { due: '2026-09-30', state: 'overdue', daysLate: 5, daysLeft: 0 },
      { due: '2026-10-15', state: 'due-soon', daysLate: 0, daysLeft: 10 },
      { due: '2026-12-31', state: 'upcoming', daysLate: 0, daysLeft: 87 },
    ]);
  });

  it('counts days across the change to winter time as whole days', () => {
    // 25 October 2026 has 25 hours in Berlin; 2026-10-24 → 2026-10-26 is still two days
    expect(reportStates(['2026-10-24'], new Map(), new Date('2026-10-26T12:00:00Z'))[0]).toMatchObject({ state: 'overdue', daysLate: 2 });
  });
});
