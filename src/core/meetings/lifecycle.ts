// The meeting lifecycle as a pure transition function:
//
//   planned ──hold──▶ held ──start-minutes──▶ minutes-draft ──finalise──▶ finalised (immutable)
//      │  ▲                  (editing minutes in "held" also starts the draft)
//  cancel reinstate
//      ▼  │
//   cancelled
//
// Finalised minutes are the group's record: nothing edits them any more (corrections are a new
// note in a later meeting). A held meeting cannot be cancelled — it took place.
import { LernortError } from '../errors.ts';
import { type LocalDate, compareLocal, formatLocalDate, localDateOf } from '../calendar/zoned.ts';
import type { AgendaItem, MeetingStatus, Task } from './types.ts';

export type MeetingAction = 'hold' | 'start-minutes' | 'finalise' | 'cancel' | 'reinstate';

const TRANSITIONS: Record<MeetingAction, { from: MeetingStatus[]; to: MeetingStatus }> = {
  hold: { from: ['planned'], to: 'held' },
  'start-minutes': { from: ['held'], to: 'minutes-draft' },
  finalise: { from: ['minutes-draft'], to: 'finalised' },
  cancel: { from: ['planned'], to: 'cancelled' },
  reinstate: { from: ['cancelled'], to: 'planned' },
};

const STATUS_DE: Record<MeetingStatus, string> = { planned: 'geplant', held: 'stattgefunden', 'minutes-draft': 'Protokoll im Entwurf', finalised: 'Protokoll abgeschlossen', cancelled: 'abgesagt' };
const STATUS_EN: Record<MeetingStatus, string> = { planned: 'planned', held: 'held', 'minutes-draft': 'minutes in draft', finalised: 'minutes finalised', cancelled: 'cancelled' };
const ACTION_DE: Record<MeetingAction, string> = { hold: 'als stattgefunden markieren', 'start-minutes': 'Protokoll beginnen', finalise: 'Protokoll abschließen', cancel: 'absagen', reinstate: 'wieder ansetzen' };
const ACTION_EN: Record<MeetingAction, string> = { hold: 'mark as held', 'start-minutes': 'start the minutes', finalise: 'finalise the minutes', cancel: 'cancel', reinstate: 'reinstate' };

/** Actions allowed from a status, for the buttons a page shows. */
export function allowedActions(status: MeetingStatus): MeetingAction[] {
  return (Object.keys(TRANSITIONS) as MeetingAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
}

export interface TransitionContext {
  now: Date;
  zone: string;
  startsAt: Date;
  /** For finalise: the minutes as they stand. */
  minutes?: { presentCount: number; agenda: AgendaItem[]; tasks: Task[] };
}

/** The status after the action, or a bilingual 409 saying why not. */
export function transition(status: MeetingStatus, action: MeetingAction, ctx: TransitionContext): MeetingStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) {
    if (status === 'finalised') throw finalisedError();
    throw new LernortError(
      'MEETING_TRANSITION_FORBIDDEN',
      `Eine Sitzung im Zustand „${STATUS_DE[status]}“ kann man nicht ${ACTION_DE[action]}.`,
      `A meeting that is ${STATUS_EN[status]} cannot ${ACTION_EN[action]}.`,
      { status: 409, location: { field: 'status' }, details: { from: status, action, allowed: allowedActions(status) } },
    );
  }
  const today = localDateOf(ctx.now, ctx.zone);
  const meetingDay = localDateOf(ctx.startsAt, ctx.zone);
  // Holding is possible from the meeting's day on (minutes are often written during the meeting).
  if (action === 'hold' && compareLocal(today, meetingDay) < 0) throw notYet(meetingDay);
  if (action === 'reinstate' && ctx.startsAt.getTime() <= ctx.now.getTime())
    throw new LernortError('MEETING_IN_THE_PAST', 'Eine abgesagte Sitzung in der Vergangenheit kann nicht wieder angesetzt werden; bitte einen neuen Termin anlegen.', 'A cancelled meeting in the past cannot be reinstated; schedule a new date instead.', { status: 409, location: { field: 'startsAt' } });
  if (action === 'finalise') assertMinutesComplete(ctx.minutes);
  return rule.to;
}

const notYet = (day: LocalDate) =>
  new LernortError('MEETING_NOT_YET', `Die Sitzung ist erst am ${formatLocalDate(day)}; sie kann vorher nicht als stattgefunden gelten.`, `The meeting is on ${formatLocalDate(day)}; it cannot be marked as held before then.`, { status: 409, location: { field: 'status' } });

export const finalisedError = () =>
  new LernortError('MINUTES_FINALISED', 'Das Protokoll ist abgeschlossen und kann nicht mehr geändert werden.', 'The minutes are finalised and can no longer be changed.', { status: 409 });

/** Finalising needs attendance and an owner and due date for every task the meeting created. */
function assertMinutesComplete(minutes: TransitionContext['minutes']): void {
  const problems: { field: string; de: string; en: string }[] = [];
  if (!minutes || minutes.presentCount < 1) problems.push({ field: 'attendance', de: 'Die Anwesenheit ist nicht erfasst.', en: 'Attendance has not been recorded.' });
  for (const t of minutes?.tasks ?? []) {
    if (t.status === 'dropped') continue;
    if (t.ownerIds.length === 0) problems.push({ field: `tasks.${t.id}.ownerIds`, de: `Die Aufgabe „${t.title}“ hat niemanden, der sie übernimmt.`, en: `The task "${t.title}" has no owner.` });
    if (!t.due) problems.push({ field: `tasks.${t.id}.due`, de: `Die Aufgabe „${t.title}“ hat kein Fälligkeitsdatum.`, en: `The task "${t.title}" has no due date.` });
  }
  if (problems.length > 0)
    throw new LernortError('MINUTES_INCOMPLETE', `Das Protokoll kann noch nicht abgeschlossen werden: ${problems.map((p) => p.de).join(' ')}`, `The minutes cannot be finalised yet: ${problems.map((p) => p.en).join(' ')}`, {
      status: 409,
      location: { field: problems[0].field },
      details: problems,
    });
}

export type MeetingPart = 'schedule' | 'agenda' | 'attendance' | 'minutes';

const EDITABLE: Record<MeetingPart, MeetingStatus[]> = {
  schedule: ['planned'],
  agenda: ['planned', 'held', 'minutes-draft'],
  attendance: ['held', 'minutes-draft'],
  minutes: ['held', 'minutes-draft'],
};
const PART_DE: Record<MeetingPart, string> = { schedule: 'Termin und Ort', agenda: 'die Tagesordnung', attendance: 'die Anwesenheit', minutes: 'das Protokoll' };
const PART_EN: Record<MeetingPart, string> = { schedule: 'date and place', agenda: 'the agenda', attendance: 'attendance', minutes: 'the minutes' };

/**
 * Checks that a part of the meeting may be edited in its status, and gives the status after the
 * edit: writing minutes for a held meeting starts the draft. Finalised minutes refuse every edit.
 */
export function statusAfterEdit(status: MeetingStatus, part: MeetingPart): MeetingStatus {
  if (status === 'finalised') throw finalisedError();
  if (!EDITABLE[part].includes(status))
    throw new LernortError('MEETING_PART_NOT_EDITABLE', `Bei einer Sitzung im Zustand „${STATUS_DE[status]}“ kann man ${PART_DE[part]} nicht ändern.`, `When a meeting is ${STATUS_EN[status]}, ${PART_EN[part]} cannot be changed.`, {
      status: 409,
      location: { field: part },
    });
  return part === 'minutes' && status === 'held' ? 'minutes-draft' : status;
}

/** Agenda items for an export: confidential ones left out unless asked for, with the number left out. */
export function itemsForExport(agenda: AgendaItem[], includeConfidential: boolean): { items: AgendaItem[]; leftOut: number } {
  const items = includeConfidential ? agenda : agenda.filter((i) => !i.confidential);
  return { items, leftOut: agenda.length - items.length };
}
