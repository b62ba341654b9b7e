// Run as a child process under a chosen TZ: prints what the calendar code computes, so a test can
// compare the output across process time zones. Argument: "zoned" or "ics".
import { fromLocal, toLocal } from '../../../src/core/calendar/zoned.ts';
import { expandSeries } from '../../../src/core/calendar/recurrence.ts';
import { goldenCalendar, goldenInput } from './golden-calendar.ts';

const what = process.argv[2];
if (what === 'zoned') {
  const cases = [
    { year: 2026, month: 1, day: 15, hour: 16, minute: 0 },
    { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
    { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
    { year: 2026, month: 7, day: 1, hour: 16, minute: 0 },
  ];
  const out = cases.map((c) => ({ utc: fromLocal(c, 'Europe/Berlin').toISOString(), back: toLocal(fromLocal(c, 'Europe/Berlin'), 'Europe/Berlin') }));
  const series = expandSeries(goldenInput.events[0].timing).map((o) => o.start.toISOString());
  process.stdout.write(JSON.stringify({ tz: process.env.TZ, processOffset: new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset(), out, series }));
} else if (what === 'ics') {
  process.stdout.write(goldenCalendar());
}
