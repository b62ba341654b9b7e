// "Next meeting from the last minutes": the proposed agenda of the next meeting, built from what
// the last one left open. The coordinator edits the proposal; nothing here writes anything.
//
// Order: approval of the last minutes, standing items, items left open or deferred (in the last
// agenda's order), decisions marked for review, then one item for the open tasks (overdue first).
// Every proposed item points back to where it came from; firstRaisedIn survives repeated carrying.
import type { AgendaItem, Decision, Task } from './types.ts';
import { compareTasksByDue, isTaskOpen } from './tasks.ts';

export type ProposedKind = 'approve-minutes' | 'standing' | 'carried' | 'decision-review' | 'open-tasks';

export interface ProposedItem {
  kind: ProposedKind;
  title: string;
  confidential: boolean;
  standing: boolean;
  /** The last meeting and, for carried and standing items, the item there. */
  carriedFrom: { meetingId: string; itemId?: string; decisionId?: string };
  /** The meeting that first raised the matter: shows how long it has been open. */
  firstRaisedIn: string;
  /** For the open-tasks item: the tasks, in list order. */
  taskIds?: string[];
}

export interface LastMeeting {
  meetingId: string;
  agenda: AgendaItem[];
  decisions: Decision[];
  /** Tasks of the group that the next meeting should look at (from this and earlier meetings). */
  tasks: Task[];
}

const TITLES = {
  de: { approve: 'Genehmigung des Protokolls der letzten Sitzung', review: 'Überprüfung des Beschlusses', tasks: 'Stand der offenen Aufgaben' },
  en: { approve: 'Approval of the minutes of the last meeting', review: 'Review of the decision', tasks: 'Status of open tasks' },
};

export function proposeNextAgenda(last: LastMeeting, lang: 'de' | 'en' = 'de'): ProposedItem[] {
  const t = TITLES[lang];
  const from = (itemId?: string, decisionId?: string) => ({ meetingId: last.meetingId, ...(itemId ? { itemId } : {}), ...(decisionId ? { decisionId } : {}) });
  const origin = (item: AgendaItem) => item.firstRaisedIn ?? item.carriedFrom?.meetingId ?? last.meetingId;
  const proposal: ProposedItem[] = [{ kind: 'approve-minutes', title: t.approve, confidential: false, standing: false, carriedFrom: from(), firstRaisedIn: last.meetingId }];

  for (const item of last.agenda.filter((i) => i.standing)) {
    proposal.push({ kind: 'standing', title: item.title, confidential: Boolean(item.confidential), standing: true, carriedFrom: from(item.id), firstRaisedIn: origin(item) });
  }
  // In the last agenda's order: items carried before already stood at its top.
  for (const item of last.agenda.filter((i) => !i.standing && (i.outcome === 'open' || i.outcome === 'deferred'))) {
    proposal.push({ kind: 'carried', title: item.title, confidential: Boolean(item.confidential), standing: false, carriedFrom: from(item.id), firstRaisedIn: origin(item) });
  }
  const itemsById = new Map(last.agenda.map((i) => [i.id, i]));
  for (const d of last.decisions.filter((x) => x.reviewAtNextMeeting)) {
    const item = itemsById.get(d.itemId);
    proposal.push({
      kind: 'decision-review',
      title: `${t.review}: ${d.text}`,
      confidential: Boolean(item?.confidential),
      standing: false,
      carriedFrom: from(d.itemId, d.id),
      firstRaisedIn: item ? origin(item) : last.meetingId,
    });
  }
  const open = last.tasks.filter(isTaskOpen).sort(compareTasksByDue);
  if (open.length > 0) {
    // Each task keeps its own back-reference (meetingId, decisionId); the item lists them.
    proposal.push({ kind: 'open-tasks', title: t.tasks, confidential: false, standing: false, carriedFrom: from(), firstRaisedIn: last.meetingId, taskIds: open.map((x) => x.id) });
  }
  return proposal;
}

/** The agenda items to create from a proposal; ids come from the caller (the repository). */
export function agendaFromProposal(proposal: ProposedItem[], newId: (n: number) => string): AgendaItem[] {
  return proposal.map((p, n) => ({
    id: newId(n),
    title: p.title,
    ...(p.confidential ? { confidential: true } : {}),
    ...(p.standing ? { standing: true } : {}),
    ...(p.carriedFrom.itemId ? { carriedFrom: { meetingId: p.carriedFrom.meetingId, itemId: p.carriedFrom.itemId } } : {}),
    firstRaisedIn: p.firstRaisedIn,
  }));
}
