// A provider's report at one reporting date of an agreement, and the annual Wirksamkeitsdialog.
//   report: draft → submitted → accepted, or submitted → revision-requested → (edited) → submitted …
// The provider writes and submits; the coordinator accepts or asks for a revision (with a comment).
// An accepted report and a finalised dialogue are immutable: they are the record the
// Jugendhilfeausschuss sees. Reports can only be written while the agreement is in its reporting phase.
import { LernortError } from '../errors.ts';
import { partyOf } from './agreement.ts';
import type { Actor, Agreement, Party } from './agreement.ts';

export type ReportState = 'draft' | 'submitted' | 'revision-requested' | 'accepted';
export type ReportAction = 'submit' | 'accept' | 'request-revision';

export interface ProviderReport {
  agreementId: string;
  /** The reporting date (YYYY-MM-DD) the report belongs to. */
  due: string;
  state: ReportState;
  submittedAt: string | null;
  /** The coordinator's last comment when asking for a revision. */
  revisionComment: string | null;
}

export interface ReportEvent {
  agreementId: string;
  due: string;
  action: ReportAction | 'edit';
  from: ReportState;
  to: ReportState;
  actorUserId: string;
  party: Party;
  at: string;
}

// de: the participle after "kann nicht … werden"; en: after "cannot be".
const STEPS: Record<ReportAction, { from: readonly ReportState[]; to: ReportState; by: Party; de: string; en: string }> = {
  submit: { from: ['draft', 'revision-requested'], to: 'submitted', by: 'provider', de: 'eingereicht', en: 'submitted' },
  accept: { from: ['submitted'], to: 'accepted', by: 'coordinator', de: 'angenommen', en: 'accepted' },
  'request-revision': { from: ['submitted'], to: 'revision-requested', by: 'coordinator', de: 'zur Überarbeitung zurückgegeben', en: 'returned for revision' },
};

const LABEL: Record<ReportState, { de: string; en: string }> = {
  draft: { de: 'Entwurf', en: 'a draft' },
  submitted: { de: 'eingereicht', en: 'submitted' },
  'revision-requested': { de: 'zur Überarbeitung zurückgegeben', en: 'returned for revision' },
  accepted: { de: 'angenommen', en: 'accepted' },
};

export function reportTransition(
  report: ProviderReport,
  agreement: Agreement,
  action: ReportAction,
  actor: Actor,
  at: string,
  comment?: string,
): { report: ProviderReport; event: ReportEvent } {
  const party = partyOf(agreement, actor);
  const step = STEPS[action];
  if (agreement.state !== 'reporting')
    throw new LernortError('REPORT_NOT_REPORTING', 'Berichte gibt es nur, solange die Zielvereinbarung in der Berichtsphase ist.', 'Reports are only possible while the goal agreement is in its reporting phase.', { status: 409 });
  if (!step.from.includes(report.state))
    throw new LernortError('REPORT_TRANSITION', `Ein Bericht, der ${LABEL[report.state].de} ist, kann nicht ${step.de} werden.`, `A report that is ${LABEL[report.state].en} cannot be ${step.en}.`, { status: 409 });
  if (party !== step.by)
    throw new LernortError(
      'REPORT_ROLE',
      step.by === 'provider' ? 'Nur der Träger reicht seinen Bericht ein.' : 'Nur die Koordination nimmt Berichte an oder gibt sie zurück.',
      step.by === 'provider' ? 'Only the provider submits its report.' : 'Only the coordinator accepts reports or returns them.',
      { status: 403 },
    );
  if (action === 'request-revision' && !comment?.trim())
    throw new LernortError('REPORT_COMMENT_MISSING', 'Bitte sagen Sie, was überarbeitet werden soll.', 'Please say what needs revising.', { location: { field: 'comment' } });
  const next: ProviderReport = {
    ...report,
    state: step.to,
    submittedAt: action === 'submit' ? at : report.submittedAt,
    revisionComment: action === 'request-revision' ? comment!.trim() : report.revisionComment,
  };
  return { report: next, event: { agreementId: report.agreementId, due: report.due, action, from: report.state, to: next.state, actorUserId: actor.userId, party, at } };
}

/** Only the provider edits, and only a draft or a report returned for revision. */
export function assertReportEditable(report: ProviderReport, agreement: Agreement, actor: Actor): void {
  const party = partyOf(agreement, actor);
  if (report.state !== 'draft' && report.state !== 'revision-requested')
    throw new LernortError('REPORT_IMMUTABLE', `Der Bericht ist ${LABEL[report.state].de} und kann nicht mehr geändert werden.`, `The report is ${LABEL[report.state].en} and can no longer be changed.`, { status: 409 });
  if (party !== 'provider') throw new LernortError('REPORT_ROLE', 'Nur der Träger schreibt seinen Bericht.', 'Only the provider writes its report.', { status: 403 });
}

export interface Dialogue {
  /** Agreement or planning area, and the year of the Wirksamkeitsdialog. */
  subject: { kind: 'agreement' | 'planning-area'; id: string };
  year: number;
  finalisedAt: string | null;
}

/** A finalised Wirksamkeitsdialog is the record for the committee and is not changed afterwards. */
export function assertDialogueEditable(d: Dialogue): void {
  if (d.finalisedAt !== null)
    throw new LernortError('DIALOGUE_FINALISED', `Der Wirksamkeitsdialog ${d.year} ist abgeschlossen und kann nicht mehr geändert werden.`, `The effectiveness dialogue of ${d.year} is finalised and can no longer be changed.`, { status: 409 });
}

export function finaliseDialogue(d: Dialogue, at: string): Dialogue {
  assertDialogueEditable(d);
  return { ...d, finalisedAt: at };
}
