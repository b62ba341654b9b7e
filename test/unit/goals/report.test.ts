import { describe, expect, it } from 'vitest';
import { LernortError } from '../../../src/core/errors.ts';
import type { Agreement } from '../../../src/core/goals/agreement.ts';
import { assertDialogueEditable, assertReportEditable, finaliseDialogue, reportTransition } from '../../../src/core/goals/report.ts';
import type { ProviderReport } from '../../../src/core/goals/report.ts';

const coordinator = { userId: 'u-gruenau', role: 'coordinator' };
const provider = { userId: 'u-traeger', role: 'provider', organisationId: 'org-7' };
const otherProvider = { userId: 'u-other', role: 'provider', organisationId: 'org-8' };
const AT = '2026-07-01T09:00:00+02:00';
const agreement = (state: Agreement['state'] = 'reporting'): Agreement => ({
  id: 'za-1', version: 1, previousVersionId: null, state, coordinatorUserId: 'u-gruenau', providerOrganisationId: 'org-7',
  signatures: { coordinator: AT, provider: AT },
  content: { title: 'OKJA Grünau', period: { from: '2026-01-01', to: '2026-12-31' }, goalIds: [], measures: [], indicatorKeys: [], reportingDates: ['2026-06-30'], offerIds: [], fundingReference: null },
});
const draft: ProviderReport = { agreementId: 'za-1', due: '2026-06-30', state: 'draft', submittedAt: null, revisionComment: null };
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as LernortError).code} ${(e as LernortError).status}`;
  }
};

describe('provider reports', () => {
  it('goes submitted → returned for revision (with a comment) → submitted again → accepted', () => {
    const a = agreement();
    const s1 = reportTransition(draft, a, 'submit', provider, AT).report;
    expect(s1).toMatchObject({ state: 'submitted', submittedAt: AT });
    const r = reportTransition(s1, a, 'request-revision', coordinator, AT, '  Bitte Teilnehmende nach Ortsteil ergänzen. ');
    expect(r.report).toMatchObject({ state: 'revision-requested', revisionComment: 'Bitte Teilnehmende nach Ortsteil ergänzen.' });
    expect(r.event).toMatchObject({ action: 'request-revision', from: 'submitted', to: 'revision-requested', party: 'coordinator' });
    const s2 = reportTransition(r.report, a, 'submit', provider, '2026-07-05T10:00:00+02:00').report;
    expect(s2.submittedAt).toBe('2026-07-05T10:00:00+02:00');
    expect(reportTransition(s2, a, 'accept', coordinator, AT).report.state).toBe('accepted');
  });

  it('lets only the provider submit and only the coordinator accept, and hides the report from another provider', () => {
    const submitted = { ...draft, state: 'submitted' as const };
    expect(code(() => reportTransition(draft, agreement(), 'submit', coordinator, AT))).toBe('REPORT_ROLE 403');
    expect(code(() => reportTransition(submitted, agreement(), 'accept', provider, AT))).toBe('REPORT_ROLE 403');
    expect(code(() => reportTransition(draft, agreement(), 'submit', otherProvider, AT))).toBe('NOT_FOUND 404');
  });

  it('refuses a revision request without a comment, a second acceptance and reports outside the reporting phase', () => {
    const submitted = { ...draft, state: 'submitted' as const };
    expect(code(() => reportTransition(submitted, agreement(), 'request-revision', coordinator, AT, ' '))).toBe('REPORT_COMMENT_MISSING 400');
    expect(code(() => reportTransition({ ...draft, state: 'accepted' }, agreement(), 'accept', coordinator, AT))).toBe('REPORT_TRANSITION 409');
    expect(code(() => reportTransition(draft, agreement('signed'), 'submit', provider, AT))).toBe('REPORT_NOT_REPORTING 409');
  });

  it('keeps a submitted or accepted report immutable; a draft or a returned one the provider may edit', () => {
    expect(code(() => assertReportEditable({ ...draft, state: 'accepted' }, agreement(), provider))).toBe('REPORT_IMMUTABLE 409');
    expect(code(() => assertReportEditable({ ...draft, state: 'submitted' }, agreement(), provider))).toBe('REPORT_IMMUTABLE 409');
    expect(code(() => assertReportEditable({ ...draft, state: 'revision-requested' }, agreement(), provider))).toBe('ok');
    expect(code(() => assertReportEditable(draft, agreement(), coordinator))).toBe('REPORT_ROLE 403');
  });

  it('says in both languages why a step is refused', () => {
    try {
      reportTransition({ ...draft, state: 'accepted' }, agreement(), 'submit', provider, AT);
      expect.unreachable();
    } catch (e) {
      expect((e as LernortError).de).toBe('Ein Bericht, der angenommen ist, kann nicht eingereicht werden.');
      expect((e as LernortError).en).toBe('A report that is accepted cannot be submitted.');
    }
  });
});

describe('Wirksamkeitsdialog', () => {
  it('is immutable once finalised', () => {
    const d = { subject: { kind: 'planning-area' as const, id: 'pr-gruenau' }, year: 2026, finalisedAt: null };
    const f = finaliseDialogue(d, AT);
    expect(f.finalisedAt).toBe(AT);
    expect(code(() => assertDialogueEditable(f))).toBe('DIALOGUE_FINALISED 409');
    expect(code(() => finaliseDialogue(f, AT))).toBe('DIALOGUE_FINALISED 409');
    expect(code(() => assertDialogueEditable(d))).toBe('ok');
  });
});
