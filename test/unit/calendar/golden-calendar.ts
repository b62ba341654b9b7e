// The calendar behind golden/gruenau-series.ics: the Grünau planning-area working group meets on the
// second Tuesday of each month at 16:00 Berlin time, February to December 2026 (across both DST
// changes), with a summer break in August; its October meeting was cancelled as one occurrence.
// Checked once outside our code with python-dateutil 2.9: tz.tzical reads the VTIMEZONE with the
// same UTC offsets as tzdata for every half hour of 2000–2039, and rrulestr expands DTSTART, RRULE
// and EXDATE to ten meetings, all at 16:00 local (15:00 UTC in winter, 14:00 UTC in summer).
import { parseRRule } from '../../../src/core/calendar/rrule.ts';
import { type IcsCalendar, meetingUid, writeCalendar } from '../../../src/io/ical.ts';

const at = (year: number, month: number, day: number, hour: number, minute = 0) => ({ year, month, day, hour, minute, second: 0 });
const stamp = new Date('2026-01-20T09:15:00Z');

export const goldenInput: IcsCalendar = {
  name: 'Planungsraumarbeitskreis Grünau',
  zone: 'Europe/Berlin',
  refreshMinutes: 60,
  events: [
    {
      uid: meetingUid('series-17', 'lernort.example.org'),
      sequence: 2,
      stamp,
      timing: { zone: 'Europe/Berlin', start: at(2026, 2, 10, 16), durationMinutes: 120, rule: parseRRule('FREQ=MONTHLY;BYDAY=2TU;COUNT=11'), exdates: [at(2026, 8, 11, 16)] },
      summary: 'Planungsraumarbeitskreis Grünau',
      location: 'Stadtteilzentrum, Stuttgarter Allee 9, 04209 Leipzig',
      description: 'Tagesordnung: 1. Begrüßung; 2. Bericht der Koordination, Fragen\nBitte Unterlagen mitbringen.',
      url: 'https://lernort.example.org/meetings/series-17',
      status: 'CONFIRMED',
    },
    {
      uid: meetingUid('series-17', 'lernort.example.org'),
      sequence: 3,
      stamp,
      recurrenceId: at(2026, 10, 13, 16),
      timing: { zone: 'Europe/Berlin', start: at(2026, 10, 13, 16), durationMinutes: 120 },
      summary: 'Planungsraumarbeitskreis Grünau (abgesagt)',
      url: 'https://lernort.example.org/meetings/series-17?occurrence=2026-10-13',
      status: 'CANCELLED',
    },
  ],
};

export const goldenCalendar = () => writeCalendar(goldenInput);
