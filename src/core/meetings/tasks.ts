// Task rules: the status machine and whether a task is due, in the group's zone. A task is due by
// the end of its due day on the local calendar, so "overdue" starts at local midnight, not at a
// UTC hour, and a DST change never shifts it by a day.
//
//   open ⇄ in-progress;  open|in-progress → done | dropped (with a reason);  done|dropped → open (reopen)
//
// Task status changes are not edits of the minutes: a task decided in finalised minutes is still
// worked on and closed later.
import { LernortError } from '../errors.ts';
import { daysBetween, localDateOf } from '../calendar/zoned.ts';
import type { Task, TaskStatus } from './types.ts';

const NEXT: Record<TaskStatus, TaskStatus[]> = {
  open: ['in-progress', 'done', 'dropped'],
  'in-progress': ['open', 'done', 'dropped'],
  done: ['open'],
  dropped: ['open'],
};
const STATUS_DE: Record<TaskStatus, string> = { open: 'offen', 'in-progress': 'in Arbeit', done: 'erledigt', dropped: 'verworfen' };
const STATUS_EN: Record<TaskStatus, string> = { open: 'open', 'in-progress': 'in progress', done: 'done', dropped: 'dropped' };

export const isTaskOpen = (t: Pick<Task, 'status'>) => t.status === 'open' || t.status === 'in-progress';

/** The task after a status change on the given day; refuses changes the rules do not allow. */
export function changeTaskStatus(task: Task, to: TaskStatus, ctx: { now: Date; zone: string; reason?: string }): Task {
  if (to === task.status) return task;
  if (!NEXT[task.status].includes(to))
    throw new LernortError('TASK_TRANSITION_FORBIDDEN', `Eine Aufgabe im Zustand „${STATUS_DE[task.status]}“ kann nicht auf „${STATUS_DE[to]}“ gesetzt werden.`, `A task that is ${STATUS_EN[task.status]} cannot be set to ${STATUS_EN[to]}.`, {
      status: 409,
      location: { field: 'status' },
      details: { from: task.status, to, allowed: NEXT[task.status] },
    });
  const reason = ctx.reason?.trim();
  if (to === 'dropped' && !reason)
    throw new LernortError('TASK_DROP_REASON', 'Bitte angeben, warum die Aufgabe verworfen wird.', 'Please say why the task is dropped.', { location: { field: 'reason' } });
  const next: Task = { ...task, status: to };
  delete next.closedOn;
  delete next.dropReason;
  if (to === 'done' || to === 'dropped') next.closedOn = localDateOf(ctx.now, ctx.zone);
  if (to === 'dropped') next.dropReason = reason;
  return next;
}

export type DueState = 'closed' | 'no-due-date' | 'overdue' | 'due-today' | 'due-soon' | 'later';

export interface Due {
  state: DueState;
  /** Days from today to the due day (negative when overdue); null without a due date or when closed. */
  daysLeft: number | null;
}

/** Where a task stands against its due date on "now"'s local day. `soonDays`: due within this many days counts as soon. */
export function dueState(task: Pick<Task, 'status' | 'due'>, now: Date, zone: string, soonDays = 2): Due {
  if (!isTaskOpen(task)) return { state: 'closed', daysLeft: null };
  if (!task.due) return { state: 'no-due-date', daysLeft: null };
  const daysLeft = daysBetween(localDateOf(now, zone), task.due);
  const state: DueState = daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'due-today' : daysLeft <= soonDays ? 'due-soon' : 'later';
  return { state, daysLeft };
}

/** Open tasks first by due day (overdue first, no date last), then by title: the order of a task list. */
export function compareTasksByDue(a: Task, b: Task): number {
  const key = (t: Task) => (t.due ? t.due.year * 10_000 + t.due.month * 100 + t.due.day : Number.POSITIVE_INFINITY);
  const open = Number(isTaskOpen(b)) - Number(isTaskOpen(a));
  return open || key(a) - key(b) || a.title.localeCompare(b.title, 'de');
}

