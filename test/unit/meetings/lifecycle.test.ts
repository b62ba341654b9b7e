import { describe, expect, it } from 'vitest';
import { allowedActions, itemsForExport, type MeetingAction, statusAfterEdit, transition } from '../../../src/core/meetings/lifecycle.ts';
import type { MeetingStatus, Task } from '../../../src/core/meetings/types.ts';
import type { LernortError } from '../../../src/core/errors.ts';
import { thrown } from '../calendar/thrown.ts';

const zone = 'Europe/Berlin';
// The Grünau working group meets on Tuesday 10 March 2026, 16:00 Berlin = 15:00 UTC.
const startsAt = new Date('2026-03-10T15:00:00Z');
const task = (over: Partial<Task> = {}): Task => ({ id: 't1', title: 'Einladung an die Kitas schicken', ownerIds: ['u1'], due: { year: 2026, month: 3, day: 24 }, status: 'open', ...over });
const minutes = { presentCount: 9, agenda: [], tasks: [task()] };
const ctx = (now: string, extra = {}) => ({ now: new Date(now), zone, startsAt, minutes, ...extra });

describe('meeting lifecycle', () => {
  it('runs planned → held → minutes draft → finalised', () => {
    let s: MeetingStatus = 'planned';
    s = transition(s, 'hold', ctx('2026-03-10T15:05:00Z'));
    expect(s).toBe('held');
    s = transition(s, 'start-minutes', ctx('2026-03-10T17:00:00Z'));
    expect(s).toBe('minutes-draft');
    s = transition(s, 'finalise', ctx('2026-03-12T09:00:00Z'));
    expect(s).toBe('finalised');
  });

  it('lists the allowed actions per status, and none for finalised minutes', () => {
    expect(allowedActions('planned')).toEqual(['hold', 'cancel']);
    expect(allowedActions('held')).toEqual(['start-minutes']);
    expect(allowedActions('minutes-draft')).toEqual(['finalise']);
    expect(allowedActions('cancelled')).toEqual(['reinstate']);
    expect(allowedActions('finalised')).toEqual([]);
  });

  it('allows exactly these transitions (the whole status × action table, written out)', () => {
    const statuses: MeetingStatus[] = ['planned', 'held', 'minutes-draft', 'finalised', 'cancelled'];
    const actions: MeetingAction[] = ['hold', 'start-minutes', 'finalise', 'cancel', 'reinstate'];
    // now = 10 March 10:00 Berlin (the meeting's day, before it starts): every time rule passes.
    const table = statuses.map((s) => actions.map((a) => {
      try {
        return transition(s, a, ctx('2026-03-10T09:00:00Z'));
      } catch (e) {
        return (e as LernortError).code;
      }
    }));
    const F = 'MEETING_TRANSITION_FORBIDDEN';
    const M = 'MINUTES_FINALISED';
    expect(table).toEqual([
      // hold, start-minutes, finalise, cancel, reinstate
      ['held', F, F, 'cancelled', F], // planned
      [F, 'minutes-draft', F, F, F], // held
      [F, F, 'finalised', F, F], // minutes-draft
      [M, M, M, M, M], // finalised
      [F, F, F, F, 'planned'], // cancelled
    ]);
  });

  it.each<[MeetingStatus, MeetingAction]>([
    ['planned', 'finalise'],
    ['planned', 'start-minutes'],
    ['held', 'cancel'],
    ['held', 'finalise'],
    ['minutes-draft', 'hold'],
    ['cancelled', 'hold'],
  ])('refuses %s → %s with a bilingual 409', (from, action) => {
    const err = thrown(() => transition(from, action, ctx('2026-03-10T16:00:00Z')));
    expect(err).toMatchObject({ code: 'MEETING_TRANSITION_FORBIDDEN', status: 409 });
    expect(err.de).toMatch(/Sitzung/);
    expect(err.en).toMatch(/^A meeting that is /);
  });

  it('refuses every action on finalised minutes with MINUTES_FINALISED', () => {
    for (const action of ['hold', 'start-minutes', 'finalise', 'cancel', 'reinstate'] as const) {
      expect(thrown(() => transition('finalised', action, ctx('2026-03-20T10:00:00Z'))).code).toBe('MINUTES_FINALISED');
    }
  });

  it('a meeting can be marked held from its local day on, not the evening before', () => {
    // 23:30 UTC on 9 March is 00:30 on 10 March in Berlin: the meeting's day has begun.
    expect(transition('planned', 'hold', ctx('2026-03-09T23:30:00Z'))).toBe('held');
    expect(thrown(() => transition('planned', 'hold', ctx('2026-03-09T22:30:00Z'))).code).toBe('MEETING_NOT_YET');
  });

  it('a cancelled meeting can be reinstated while it is still ahead, not afterwards', () => {
    expect(transition('cancelled', 'reinstate', ctx('2026-03-01T10:00:00Z'))).toBe('planned');
    expect(thrown(() => transition('cancelled', 'reinstate', ctx('2026-03-11T10:00:00Z'))).code).toBe('MEETING_IN_THE_PAST');
  });

  it('finalising needs attendance and an owner and a due date for every task that is not dropped', () => {
    const err = thrown(() =>
      transition('minutes-draft', 'finalise', ctx('2026-03-12T09:00:00Z', { minutes: { presentCount: 0, agenda: [], tasks: [task({ ownerIds: [] }), task({ id: 't2', due: undefined }), task({ id: 't3', ownerIds: [], status: 'dropped' })] } })),
    );
    expect(err.code).toBe('MINUTES_INCOMPLETE');
    expect((err.details as { field: string }[]).map((p) => p.field)).toEqual(['attendance', 'tasks.t1.ownerIds', 'tasks.t2.due']);
    expect(err.location?.field).toBe('attendance');
    expect(err.en).toContain('has no owner');
  });
});

describe('what may be edited when', () => {
  it('finalised minutes refuse every edit', () => {
    for (const part of ['schedule', 'agenda', 'attendance', 'minutes'] as const) {
      expect(thrown(() => statusAfterEdit('finalised', part))).toMatchObject({ code: 'MINUTES_FINALISED', status: 409 });
    }
  });

  it('writing minutes for a held meeting starts the draft; the agenda can still change', () => {
    expect(statusAfterEdit('held', 'minutes')).toBe('minutes-draft');
    expect(statusAfterEdit('minutes-draft', 'minutes')).toBe('minutes-draft');
    expect(statusAfterEdit('held', 'agenda')).toBe('held');
    expect(statusAfterEdit('planned', 'schedule')).toBe('planned');
  });

  it('a held meeting cannot be moved, and a planned one has no minutes or attendance yet', () => {
    expect(thrown(() => statusAfterEdit('held', 'schedule'))).toMatchObject({ code: 'MEETING_PART_NOT_EDITABLE', location: { field: 'schedule' } });
    expect(thrown(() => statusAfterEdit('planned', 'minutes')).code).toBe('MEETING_PART_NOT_EDITABLE');
    expect(thrown(() => statusAfterEdit('planned', 'attendance')).code).toBe('MEETING_PART_NOT_EDITABLE');
    expect(thrown(() => statusAfterEdit('cancelled', 'agenda')).code).toBe('MEETING_PART_NOT_EDITABLE');
  });
});

describe('export without confidential items', () => {
  it('leaves confidential items out and counts them', () => {
    const agenda = [
      { id: 'a', title: 'Bericht' },
      { id: 'b', title: 'Personalfrage', confidential: true },
      { id: 'c', title: 'Verschiedenes' },
    ];
    expect(itemsForExport(agenda, false)).toEqual({ items: [agenda[0], agenda[2]], leftOut: 1 });
    expect(itemsForExport(agenda, true)).toEqual({ items: agenda, leftOut: 0 });
  });
});
