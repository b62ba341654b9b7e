import { describe, expect, it } from 'vitest';
import { planReminders } from '../../../src/core/meetings/reminders.ts';
import type { Meeting, Task } from '../../../src/core/meetings/types.ts';

const zone = 'Europe/Berlin';
const task = (id: string, due: [number, number, number] | undefined, over: Partial<Task> = {}): Task => ({
  id,
  title: `Aufgabe ${id}`,
  ownerIds: ['anna'],
  status: 'open',
  ...(due ? { due: { year: due[0], month: due[1], day: due[2] } } : {}),
  ...over,
});
const meeting = (id: string, startsAt: string, over: Partial<Meeting> = {}): Meeting => ({ id, title: 'Planungsraumarbeitskreis Grünau', status: 'planned', startsAt: new Date(startsAt), inviteeIds: ['anna', 'ben'], ...over });

// "Now" is Monday 5 October 2026, 07:00 Berlin (CEST) = 05:00 UTC; the job runs every morning.
const now = new Date('2026-10-05T05:00:00Z');
const tasks = [
  task('soon', [2026, 10, 7]), // in 2 days
  task('today', [2026, 10, 5], { ownerIds: ['anna', 'ben', 'anna'] }),
  task('later', [2026, 10, 8]), // in 3 days: nothing yet
  task('late1', [2026, 10, 4]), // 1 day overdue
  task('late8', [2026, 9, 27]), // 8 days overdue: second week of lateness
  task('done', [2026, 10, 6], { status: 'done' }),
  task('undated', undefined),
];
const meetings = [
  meeting('tomorrow', '2026-10-06T14:00:00Z'), // Tue 16:00 CEST
  meeting('week', '2026-10-12T14:00:00Z'), // in 7 days
  meeting('eight', '2026-10-13T14:00:00Z'), // in 8 days: nothing yet
  meeting('cancelled', '2026-10-06T14:00:00Z', { status: 'cancelled' }),
  meeting('past', '2026-10-05T04:00:00Z'),
];

describe('reminders plan', () => {
  const plan = planReminders({ tasks, meetings, now, zone });

  it('reminds of tasks due within two days, overdue tasks and meetings in a week and tomorrow', () => {
    expect(plan.map((r) => r.key)).toEqual([
      'meeting-ahead:week:2026-10-12T14:00:00.000Z:anna',
      'meeting-ahead:week:2026-10-12T14:00:00.000Z:ben',
      'meeting-tomorrow:tomorrow:2026-10-06T14:00:00.000Z:anna',
      'meeting-tomorrow:tomorrow:2026-10-06T14:00:00.000Z:ben',
      'task-due-soon:soon:2026-10-07:anna',
      'task-due-soon:today:2026-10-05:anna',
      'task-due-soon:today:2026-10-05:ben',
      'task-overdue:late1:2026-10-04:0:anna',
      'task-overdue:late8:2026-09-27:1:anna',
    ]);
  });

  it('writes the messages in German and English with local dates and times', () => {
    const byKey = new Map(plan.map((r) => [r.key, r]));
    expect(byKey.get('meeting-tomorrow:tomorrow:2026-10-06T14:00:00.000Z:anna')).toMatchObject({
      kind: 'meeting-tomorrow',
      recipientId: 'anna',
      subject: { type: 'meeting', id: 'tomorrow' },
      de: 'Die Sitzung „Planungsraumarbeitskreis Grünau“ findet morgen, 06.10.2026, um 16:00 Uhr statt.',
      en: 'The meeting "Planungsraumarbeitskreis Grünau" takes place tomorrow, 2026-10-06, at 16:00.',
    });
    expect(byKey.get('task-overdue:late8:2026-09-27:1:anna')!.en).toBe('The task "Aufgabe late8" was due on 2026-09-27 and is 8 days overdue.');
    expect(byKey.get('task-due-soon:today:2026-10-05:ben')!.de).toBe('Die Aufgabe „Aufgabe today“ ist heute fällig.');
  });

  it('is idempotent: the same input gives the same keys, and keys already sent are left out', () => {
    expect(planReminders({ tasks, meetings, now, zone })).toEqual(plan);
    const sent = new Set(plan.map((r) => r.key));
    expect(planReminders({ tasks, meetings, now, zone, alreadySent: sent })).toEqual([]);
  });

  it('a run later the same day or the next morning repeats keys instead of inventing new ones', () => {
    const sent = new Set(plan.map((r) => r.key));
    const evening = planReminders({ tasks, meetings, now: new Date('2026-10-05T19:00:00Z'), zone, alreadySent: sent });
    expect(evening).toEqual([]);
    // Next morning: "soon" is due tomorrow (same key, already sent), "later" enters the window,
    // "today" has become overdue, the 7-day meeting reminder is not repeated, and "eight" is now a
    // week ahead.
    const tuesday = planReminders({ tasks, meetings, now: new Date('2026-10-06T05:00:00Z'), zone, alreadySent: sent });
    expect(tuesday.map((r) => r.key)).toEqual([
      'meeting-ahead:eight:2026-10-13T14:00:00.000Z:anna',
      'meeting-ahead:eight:2026-10-13T14:00:00.000Z:ben',
      'task-due-soon:later:2026-10-08:anna',
      'task-overdue:today:2026-10-05:0:anna',
      'task-overdue:today:2026-10-05:0:ben',
    ]);
  });

  it('overdue reminders repeat once per started week of lateness', () => {
    const late = [task('x', [2026, 10, 4])];
    const keyOn = (iso: string) => planReminders({ tasks: late, meetings: [], now: new Date(iso), zone }).map((r) => r.key);
    expect(keyOn('2026-10-05T05:00:00Z')).toEqual(['task-overdue:x:2026-10-04:0:anna']); // 1 day
    expect(keyOn('2026-10-11T05:00:00Z')).toEqual(['task-overdue:x:2026-10-04:0:anna']); // 7 days
    expect(keyOn('2026-10-12T05:00:00Z')).toEqual(['task-overdue:x:2026-10-04:1:anna']); // 8 days
  });

  it('moving a meeting or a due date gives new keys, so the new date is reminded again', () => {
    const moved = planReminders({ tasks: [], meetings: [meeting('week', '2026-10-12T15:00:00Z')], now, zone });
    expect(moved[0].key).toBe('meeting-ahead:week:2026-10-12T15:00:00.000Z:anna');
  });

  it('"tomorrow" follows the local calendar: at 23:30 Berlin a meeting at 00:30 next day is tomorrow', () => {
    const night = (startsAt: string) => planReminders({ tasks: [], meetings: [meeting('night', startsAt, { inviteeIds: ['anna'] })], now: new Date('2026-10-05T21:30:00Z'), zone });
    // 22:30 UTC on 5 October is 00:30 on 6 October in Berlin: one hour away, but tomorrow.
    expect(night('2026-10-05T22:30:00Z').map((x) => x.kind)).toEqual(['meeting-tomorrow']);
    // 24 hours later it is the day after tomorrow, so the week-ahead reminder applies.
    expect(night('2026-10-06T22:30:00Z').map((x) => x.kind)).toEqual(['meeting-ahead']);
  });

  it('the policy can widen the task window', () => {
    const r = planReminders({ tasks: [task('later', [2026, 10, 8])], meetings: [], now, zone, policy: { taskSoonDays: 3 } });
    expect(r.map((x) => x.key)).toEqual(['task-due-soon:later:2026-10-08:anna']);
  });
});
