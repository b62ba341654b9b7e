import { describe, expect, it } from 'vitest';
import { changeTaskStatus, compareTasksByDue, dueState } from '../../../src/core/meetings/tasks.ts';
import type { Task } from '../../../src/core/meetings/types.ts';

const zone = 'Europe/Berlin';
const task = (over: Partial<Task> = {}): Task => ({ id: 't1', title: 'Raum für die Bildungswerkstatt klären', ownerIds: ['u1'], due: { year: 2026, month: 3, day: 31 }, status: 'open', ...over });
const now = (iso: string) => new Date(iso);

describe('task status', () => {
  it('open → in progress → done records the local day it was done', () => {
    const t = changeTaskStatus(task(), 'in-progress', { now: now('2026-03-20T10:00:00Z'), zone });
    // 23:30 UTC on 30 March is already 31 March in Berlin (CEST).
    const done = changeTaskStatus(t, 'done', { now: now('2026-03-30T22:30:00Z'), zone });
    expect(done).toMatchObject({ status: 'done', closedOn: { year: 2026, month: 3, day: 31 } });
  });

  it('dropping needs a reason; reopening clears the closing day and reason', () => {
    expect(() => changeTaskStatus(task(), 'dropped', { now: now('2026-03-20T10:00:00Z'), zone, reason: '  ' })).toThrow(expect.objectContaining({ code: 'TASK_DROP_REASON', location: { field: 'reason' } }));
    const dropped = changeTaskStatus(task(), 'dropped', { now: now('2026-03-20T10:00:00Z'), zone, reason: 'Träger hat abgesagt' });
    expect(dropped).toMatchObject({ status: 'dropped', dropReason: 'Träger hat abgesagt', closedOn: { year: 2026, month: 3, day: 20 } });
    const reopened = changeTaskStatus(dropped, 'open', { now: now('2026-03-21T10:00:00Z'), zone });
    expect(reopened).toEqual(task());
  });

  it('a done task cannot go straight to dropped or in progress: it is reopened first', () => {
    const done = changeTaskStatus(task(), 'done', { now: now('2026-03-20T10:00:00Z'), zone });
    expect(() => changeTaskStatus(done, 'dropped', { now: now('2026-03-21T10:00:00Z'), zone, reason: 'x' })).toThrow(expect.objectContaining({ code: 'TASK_TRANSITION_FORBIDDEN', status: 409 }));
    expect(() => changeTaskStatus(done, 'in-progress', { now: now('2026-03-21T10:00:00Z'), zone })).toThrow(expect.objectContaining({ code: 'TASK_TRANSITION_FORBIDDEN' }));
  });

  it('setting the same status again changes nothing', () => {
    const t = task();
    expect(changeTaskStatus(t, 'open', { now: now('2026-03-21T10:00:00Z'), zone })).toBe(t);
  });
});

describe('due and overdue on the local calendar', () => {
  it('a task due on 31 March is due today until local midnight and overdue from 00:00 on 1 April (CEST)', () => {
    expect(dueState(task(), now('2026-03-31T21:59:00Z'), zone)).toEqual({ state: 'due-today', daysLeft: 0 });
    expect(dueState(task(), now('2026-03-31T22:00:00Z'), zone)).toEqual({ state: 'overdue', daysLeft: -1 });
  });

  it('due in one or two days is soon, in three days later', () => {
    expect(dueState(task(), now('2026-03-29T08:00:00Z'), zone)).toEqual({ state: 'due-soon', daysLeft: 2 });
    expect(dueState(task(), now('2026-03-30T08:00:00Z'), zone)).toEqual({ state: 'due-soon', daysLeft: 1 });
    expect(dueState(task(), now('2026-03-28T08:00:00Z'), zone)).toEqual({ state: 'later', daysLeft: 3 });
  });

  it('counts calendar days across the spring-forward night (29 March has 23 hours)', () => {
    // 28 March 23:30 CET → 31 March: three calendar days although only 71 hours remain to its midnight.
    expect(dueState(task(), now('2026-03-28T22:30:00Z'), zone).daysLeft).toBe(3);
  });

  it('done and dropped tasks are closed whatever their date; a task without date has none', () => {
    expect(dueState(task({ status: 'done' }), now('2026-05-01T08:00:00Z'), zone).state).toBe('closed');
    expect(dueState(task({ status: 'dropped' }), now('2026-05-01T08:00:00Z'), zone).state).toBe('closed');
    expect(dueState(task({ due: undefined }), now('2026-05-01T08:00:00Z'), zone)).toEqual({ state: 'no-due-date', daysLeft: null });
  });

  it('the same instant is a different day in New York', () => {
    expect(dueState(task(), now('2026-04-01T02:00:00Z'), 'America/New_York')).toEqual({ state: 'due-today', daysLeft: 0 });
    expect(dueState(task(), now('2026-04-01T02:00:00Z'), zone)).toEqual({ state: 'overdue', daysLeft: -1 });
  });

  it('lists open tasks by due day, undated last, closed tasks after them', () => {
    const list = [
      task({ id: 'a', title: 'B', due: undefined }),
      task({ id: 'b', title: 'A', status: 'done', due: { year: 2026, month: 1, day: 1 } }),
      task({ id: 'c', title: 'C', due: { year: 2026, month: 4, day: 2 } }),
      task({ id: 'd', title: 'D', due: { year: 2026, month: 3, day: 2 } }),
    ];
    expect(list.sort(compareTasksByDue).map((t) => t.id)).toEqual(['d', 'c', 'a', 'b']);
  });
});
