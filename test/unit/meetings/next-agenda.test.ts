import { describe, expect, it } from 'vitest';
import { agendaFromProposal, proposeNextAgenda, type LastMeeting } from '../../../src/core/meetings/next-agenda.ts';
import type { Task } from '../../../src/core/meetings/types.ts';

const task = (id: string, over: Partial<Task> = {}): Task => ({ id, title: `Aufgabe ${id}`, ownerIds: ['u1'], status: 'open', meetingId: 'm2', ...over });

// The March meeting of the Grünau working group: reports (standing), a campus item still open, one
// item carried from February and deferred again, a confidential item done, and two decisions.
const march: LastMeeting = {
  meetingId: 'm2',
  agenda: [
    { id: 'i1', title: 'Berichte aus den Einrichtungen', standing: true },
    { id: 'i2', title: 'Ferienangebote Campus Grünau', outcome: 'deferred', carriedFrom: { meetingId: 'm1', itemId: 'j4' }, firstRaisedIn: 'm0' },
    { id: 'i3', title: 'Schulwegsicherheit', outcome: 'open' },
    { id: 'i4', title: 'Personalangelegenheit', outcome: 'open', confidential: true },
    { id: 'i5', title: 'Bildungswerkstatt im Mai', outcome: 'done' },
    { id: 'i6', title: 'Verschiedenes' },
  ],
  decisions: [
    { id: 'd1', itemId: 'i5', text: 'Die Bildungswerkstatt findet am 12. Mai statt.' },
    { id: 'd2', itemId: 'i4', text: 'Stelle wird ausgeschrieben.', reviewAtNextMeeting: true },
  ],
  tasks: [
    task('t1', { due: { year: 2026, month: 4, day: 20 }, decisionId: 'd1' }),
    task('t2', { status: 'done' }),
    task('t3', { status: 'in-progress', due: { year: 2026, month: 3, day: 31 }, meetingId: 'm1' }),
    task('t4', { status: 'dropped', dropReason: 'erledigt sich' }),
    task('t5'),
  ],
};

describe('next meeting from the last minutes', () => {
  const proposal = proposeNextAgenda(march);

  it('proposes approval, the standing item, open and deferred items, the decision to review and the open tasks, in that order', () => {
    expect(proposal.map((p) => [p.kind, p.title])).toEqual([
      ['approve-minutes', 'Genehmigung des Protokolls der letzten Sitzung'],
      ['standing', 'Berichte aus den Einrichtungen'],
      ['carried', 'Ferienangebote Campus Grünau'],
      ['carried', 'Schulwegsicherheit'],
      ['carried', 'Personalangelegenheit'],
      ['decision-review', 'Überprüfung des Beschlusses: Stelle wird ausgeschrieben.'],
      ['open-tasks', 'Stand der offenen Aufgaben'],
    ]);
  });

  it('leaves out items that were done or had no outcome, and tasks that are done or dropped', () => {
    expect(proposal.some((p) => p.title === 'Bildungswerkstatt im Mai' || p.title === 'Verschiedenes')).toBe(false);
    // In-progress t3 (due 31 March) before t1 (20 April), then t5 without a date.
    expect(proposal.at(-1)!.taskIds).toEqual(['t3', 't1', 't5']);
  });

  it('points back to the last meeting and keeps the meeting that first raised an item', () => {
    const campus = proposal.find((p) => p.title === 'Ferienangebote Campus Grünau')!;
    expect(campus.carriedFrom).toEqual({ meetingId: 'm2', itemId: 'i2' });
    expect(campus.firstRaisedIn).toBe('m0');
    expect(proposal.find((p) => p.title === 'Schulwegsicherheit')!.firstRaisedIn).toBe('m2');
    expect(proposal.find((p) => p.kind === 'decision-review')!.carriedFrom).toEqual({ meetingId: 'm2', itemId: 'i4', decisionId: 'd2' });
  });

  it('a confidential item stays confidential, and so does the review of a decision taken under it', () => {
    expect(proposal.filter((p) => p.confidential).map((p) => p.kind)).toEqual(['carried', 'decision-review']);
  });

  it('has no open-tasks item when no task is open, and English titles on request', () => {
    const quiet = proposeNextAgenda({ meetingId: 'm9', agenda: [], decisions: [], tasks: [task('x', { status: 'done' })] }, 'en');
    expect(quiet.map((p) => p.title)).toEqual(['Approval of the minutes of the last meeting']);
  });

  it('becomes agenda items that carry the back-references into the next round', () => {
    const items = agendaFromProposal(proposal, (n) => `n${n}`);
    expect(items[2]).toEqual({ id: 'n2', title: 'Ferienangebote Campus Grünau', carriedFrom: { meetingId: 'm2', itemId: 'i2' }, firstRaisedIn: 'm0' });
    expect(items[1]).toMatchObject({ standing: true });
    // Carried again from the next meeting, the item still says it was first raised in m0.
    const april = proposeNextAgenda({ meetingId: 'm3', agenda: items.map((i) => ({ ...i, outcome: i.id === 'n2' ? ('open' as const) : undefined })), decisions: [], tasks: [] });
    expect(april.find((p) => p.title === 'Ferienangebote Campus Grünau')).toMatchObject({ carriedFrom: { meetingId: 'm3', itemId: 'n2' }, firstRaisedIn: 'm0' });
  });
});
