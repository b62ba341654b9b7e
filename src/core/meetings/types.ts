// The data shapes of coordination that the pure rules work on. The service maps rows to these;
// ids are strings so that any key type fits.
import type { LocalDate } from '../calendar/zoned.ts';

export type MeetingStatus = 'planned' | 'held' | 'minutes-draft' | 'finalised' | 'cancelled';
export type TaskStatus = 'open' | 'in-progress' | 'done' | 'dropped';

/** What became of an agenda item in the meeting; only open and deferred items come back. */
export type ItemOutcome = 'done' | 'open' | 'deferred';

export interface AgendaItem {
  id: string;
  title: string;
  /** Left out of the public minutes export ("confidential items left out"). */
  confidential?: boolean;
  /** Comes back at every meeting (e.g. reports from the facilities). */
  standing?: boolean;
  /** Missing means done: an item is carried only when the minutes say so. */
  outcome?: ItemOutcome;
  /** Sanitised HTML of the minutes for this item. */
  minutes?: string;
  /** Where this item was carried from, and the meeting that first raised it. */
  carriedFrom?: { meetingId: string; itemId: string };
  firstRaisedIn?: string;
}

export interface Decision {
  id: string;
  itemId: string;
  text: string;
  /** The group wants to look at the decision again next time. */
  reviewAtNextMeeting?: boolean;
}

export interface Task {
  id: string;
  title: string;
  /** Users (or member people) responsible. */
  ownerIds: string[];
  /** Due by the end of this day in the group's zone. */
  due?: LocalDate;
  status: TaskStatus;
  /** The decision and meeting the task came from. */
  decisionId?: string;
  meetingId?: string;
  /** Day it was marked done or dropped, in the zone. */
  closedOn?: LocalDate;
  /** Why it was dropped. */
  dropReason?: string;
}

export interface Meeting {
  id: string;
  title: string;
  status: MeetingStatus;
  startsAt: Date;
  /** People invited: recipients of meeting reminders. */
  inviteeIds: string[];
}
