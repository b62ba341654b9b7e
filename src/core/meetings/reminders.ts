// The reminders plan: which reminders are due at "now", as data for a job queue. Pure and
// deterministic: the same tasks, meetings and now give the same list, and every reminder has a
// stable key, so a run that repeats (a retried job, two app instances) sends nothing twice when
// the queue deduplicates by key (jobs.ts turns the key into a job id) or the caller passes the
// keys already sent.
//
// Rules, on the local calendar of the zone:
//   task due in 0…taskSoonDays days  → "task-due-soon", once per task, due day and owner;
//   task overdue                     → "task-overdue", once per started week of lateness;
//   meeting in 2…meetingAheadDays days → "meeting-ahead", once per meeting, start and invitee;
//   meeting tomorrow                 → "meeting-tomorrow", likewise.
// A key holds the due day or start instant, so moving a task or meeting gives new reminders.
import { type LocalDate, daysBetween, formatLocalDate, localDateOf, toLocal } from '../calendar/zoned.ts';
import { dueState } from './tasks.ts';
import type { Meeting, Task } from './types.ts';

export type ReminderKind = 'task-due-soon' | 'task-overdue' | 'meeting-ahead' | 'meeting-tomorrow' | 'report-overdue';

export interface Reminder {
  key: string;
  kind: ReminderKind;
  recipientId: string;
  /** 'agreement': an overdue provider report of a goal agreement (modules/goals). */
  subject: { type: 'task' | 'meeting' | 'agreement'; id: string };
  de: string;
  en: string;
}

export interface ReminderPolicy {
  taskSoonDays: number;
  meetingAheadDays: number;
  overdueRepeatDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { taskSoonDays: 2, meetingAheadDays: 7, overdueRepeatDays: 7 };

export interface ReminderInput {
  tasks: Task[];
  meetings: Meeting[];
  now: Date;
  zone: string;
  policy?: Partial<ReminderPolicy>;
  /** Keys sent before; left out of the plan. */
  alreadySent?: ReadonlySet<string>;
}

const germanDate = (d: LocalDate) => `${String(d.day).padStart(2, '0')}.${String(d.month).padStart(2, '0')}.${d.year}`;
const clock = (t: { hour: number; minute: number }) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

export function planReminders(input: ReminderInput): Reminder[] {
  const policy = { ...DEFAULT_REMINDER_POLICY, ...input.policy };
  const { now, zone } = input;
  const out = new Map<string, Reminder>();
  const add = (r: Reminder) => {
    if (!input.alreadySent?.has(r.key)) out.set(r.key, r);
  };

  for (const task of input.tasks) {
    const due = dueState(task, now, zone, policy.taskSoonDays);
    if (!task.due || due.daysLeft === null) continue;
    const day = formatLocalDate(task.due);
    for (const owner of new Set(task.ownerIds)) {
      if (due.state === 'due-today' || due.state === 'due-soon') {
        const whenDe = due.daysLeft === 0 ? 'heute' : due.daysLeft === 1 ? 'morgen' : `am ${germanDate(task.due)}`;
        const whenEn = due.daysLeft === 0 ? 'today' : due.daysLeft === 1 ? 'tomorrow' : `on ${day}`;
        add({ key: `task-due-soon:${task.id}:${day}:${owner}`, kind: 'task-due-soon', recipientId: owner, subject: { type: 'task', id: task.id }, de: `Die Aufgabe „${task.title}“ ist ${whenDe} fällig.`, en: `The task "${task.title}" is due ${whenEn}.` });
      } else if (due.state === 'overdue') {
        const late = -due.daysLeft;
        const round = Math.floor((late - 1) / policy.overdueRepeatDays);
        add({
          key: `task-overdue:${task.id}:${day}:${round}:${owner}`,
          kind: 'task-overdue',
          recipientId: owner,
          subject: { type: 'task', id: task.id },
          de: `Die Aufgabe „${task.title}“ war am ${germanDate(task.due)} fällig und ist seit ${late} ${late === 1 ? 'Tag' : 'Tagen'} überfällig.`,
          en: `The task "${task.title}" was due on ${day} and is ${late} ${late === 1 ? 'day' : 'days'} overdue.`,
        });
      }
    }
  }

  const today = localDateOf(now, zone);
  for (const m of input.meetings) {
    if (m.status !== 'planned' || m.startsAt.getTime() <= now.getTime()) continue;
    const local = toLocal(m.startsAt, zone);
    const days = daysBetween(today, local);
    const kind: ReminderKind | undefined = days === 1 ? 'meeting-tomorrow' : days >= 2 && days <= policy.meetingAheadDays ? 'meeting-ahead' : undefined;
    if (!kind) continue;
    const whenDe = days === 1 ? `morgen, ${germanDate(local)}, um ${clock(local)} Uhr` : `am ${germanDate(local)} um ${clock(local)} Uhr`;
    const whenEn = days === 1 ? `tomorrow, ${formatLocalDate(local)}, at ${clock(local)}` : `on ${formatLocalDate(local)} at ${clock(local)}`;
    for (const invitee of new Set(m.inviteeIds)) {
      add({ key: `${kind}:${m.id}:${m.startsAt.toISOString()}:${invitee}`, kind, recipientId: invitee, subject: { type: 'meeting', id: m.id }, de: `Die Sitzung „${m.title}“ findet ${whenDe} statt.`, en: `The meeting "${m.title}" takes place ${whenEn}.` });
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
