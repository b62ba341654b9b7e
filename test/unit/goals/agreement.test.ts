import { describe, expect, it } from 'vitest';
import { LernortError } from '../../../src/core/errors.ts';
import { allowedActions, assertEditable, editAgreement, newVersion, transition } from '../../../src/core/goals/agreement.ts';
import type { Agreement, AgreementAction, AgreementEvent, AgreementState } from '../../../src/core/goals/agreement.ts';

const coordinator = { userId: 'u-gruenau', role: 'coordinator' };
const provider = { userId: 'u-traeger', role: 'provider', organisationId: 'org-7' };
const otherProvider = { userId: 'u-other', role: 'provider', organisationId: 'org-8' };
const otherCoordinator = { userId: 'u-mitte', role: 'coordinator' };
const analyst = { userId: 'u-analyst', role: 'analyst' };
const AT = '2026-03-02T10:00:00+01:00';

function agreement(state: AgreementState, signatures: Agreement['signatures'] = { coordinator: null, provider: null }): Agreement {
  return {
    id: 'za-1',
    version: 1,
    previousVersionId: null,
    state,
    coordinatorUserId: 'u-gruenau',
    providerOrganisationId: 'org-7',
    signatures,
    content: {
      title: 'Offene Kinder- und Jugendarbeit Grünau',
      period: { from: '2026-01-01', to: '2027-12-31' },
      goalIds: ['g-sgb2-u15'],
      measures: ['Hausaufgabenhilfe'],
      indicatorKeys: ['sgb2_u15'],
      reportingDates: ['2026-06-30', '2026-12-31'],
      offerIds: [],
      fundingReference: null,
    },
  };
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof LernortError) return `${e.code} ${e.status}`;
    throw e;
  }
  return 'ok';
};

describe('goal agreement lifecycle', () => {
  it('runs draft → negotiated → signed (both signatures) → reporting → reviewed → reporting → reviewed → closed, one audit event per step', () => {
    let a = agreement('draft');
    const events: AgreementEvent[] = [];
    const step = (action: AgreementAction, who: typeof coordinator) => {
      const r = transition(a, action, who, AT);
      a = r.agreement;
      events.push(r.event);
      return a.state;
    };
    expect(step('negotiate', coordinator)).toBe('negotiated');
    expect(step('sign', provider)).toBe('negotiated'); // one signature is not enough
    expect(a.signatures).toEqual({ coordinator: null, provider: AT });
    expect(step('sign', coordinator)).toBe('signed');
    expect(step('start-reporting', coordinator)).toBe('reporting');
    expect(step('review', coordinator)).toBe('reviewed');
    expect(step('resume-reporting', coordinator)).toBe('reporting');
    expect(step('review', coordinator)).toBe('reviewed');
    expect(step('close', coordinator)).toBe('closed');
    expect(events).toHaveLength(8);
    expect(events[1]).toEqual({ agreementId: 'za-1', version: 1, action: 'sign', from: 'negotiated', to: 'negotiated', actorUserId: 'u-traeger', party: 'provider', at: AT });
  });

  // Every state × action for the party allowed to act: what is allowed, what is refused (409).
  const allowed: Record<AgreementState, AgreementAction[]> = {
    draft: ['negotiate'],
    negotiated: ['return-to-draft', 'sign'],
    signed: ['start-reporting'],
    reporting: ['review'],
    reviewed: ['resume-reporting', 'close'],
    closed: [],
  };
  const actions: AgreementAction[] = ['negotiate', 'return-to-draft', 'sign', 'start-reporting', 'review', 'resume-reporting', 'close'];
  for (const state of Object.keys(allowed) as AgreementState[]) {
    for (const action of actions) {
      const ok = allowed[state].includes(action);
      it(`${ok ? 'allows' : 'refuses'} "${action}" on a ${state} agreement`, () => {
        expect(code(() => transition(agreement(state), action, coordinator, AT))).toBe(ok ? 'ok' : 'AGREEMENT_TRANSITION 409');
      });
    }
  }

  it('lets only the coordinator put up for negotiation, start reporting, review and close (403 for the provider)', () => {
    expect(code(() => transition(agreement('draft'), 'negotiate', provider, AT))).toBe('AGREEMENT_ROLE 403');
    expect(code(() => transition(agreement('signed'), 'start-reporting', provider, AT))).toBe('AGREEMENT_ROLE 403');
    expect(code(() => transition(agreement('reporting'), 'review', provider, AT))).toBe('AGREEMENT_ROLE 403');
    expect(code(() => transition(agreement('reviewed'), 'close', provider, AT))).toBe('AGREEMENT_ROLE 403');
    expect(code(() => transition(agreement('negotiated'), 'return-to-draft', provider, AT))).toBe('ok');
  });

  it('answers "not found" to another provider, another coordinator and an analyst (no party)', () => {
    for (const who of [otherProvider, otherCoordinator, analyst]) expect(code(() => transition(agreement('negotiated'), 'sign', who, AT))).toBe('NOT_FOUND 404');
    expect(code(() => transition(agreement('negotiated'), 'sign', { userId: 'u-x', role: 'provider', organisationId: null }, AT))).toBe('NOT_FOUND 404');
    expect(allowedActions(agreement('negotiated'), otherProvider)).toEqual([]);
  });

  it('refuses a second signature by the same party', () => {
    expect(code(() => transition(agreement('negotiated', { coordinator: AT, provider: null }), 'sign', coordinator, AT))).toBe('AGREEMENT_ALREADY_SIGNED 409');
    expect(allowedActions(agreement('negotiated', { coordinator: AT, provider: null }), coordinator)).toEqual(['return-to-draft']);
    expect(allowedActions(agreement('negotiated', { coordinator: AT, provider: null }), provider)).toEqual(['return-to-draft', 'sign']);
  });

  it('explains a refused step in German and English, and points to a new version once signed', () => {
    try {
      transition(agreement('signed'), 'return-to-draft', coordinator, AT);
      expect.unreachable();
    } catch (e) {
      const err = e as LernortError;
      expect(err.de).toBe('Eine Zielvereinbarung im Zustand „unterzeichnet“ kann man nicht in den Entwurf zurückgeben. Änderungen gehen nur über eine neue Version.');
      expect(err.en).toBe('A goal agreement that is signed cannot return to draft. Changes need a new version.');
    }
  });
});

describe('changes and versions', () => {
  it('voids the signatures given when the content changes during negotiation', () => {
    const { agreement: a, event } = editAgreement(agreement('negotiated', { coordinator: null, provider: AT }), { measures: ['Hausaufgabenhilfe', 'Elterncafé'] }, coordinator, AT);
    expect(a.signatures).toEqual({ coordinator: null, provider: null });
    expect(a.content.measures).toEqual(['Hausaufgabenhilfe', 'Elterncafé']);
    expect(event.action).toBe('edit');
  });

  it.each(['signed', 'reporting', 'reviewed', 'closed'] as const)('keeps a %s agreement immutable', (state) => {
    expect(code(() => editAgreement(agreement(state), { title: 'anders' }, coordinator, AT))).toBe('AGREEMENT_IMMUTABLE 409');
    expect(code(() => assertEditable(agreement(state)))).toBe('AGREEMENT_IMMUTABLE 409');
  });

  it('creates version n+1 as a draft linked to n, leaving n untouched', () => {
    const signed = agreement('reporting', { coordinator: AT, provider: AT });
    const before = structuredClone(signed);
    const { agreement: v2, event } = newVersion(signed, 'za-2', coordinator, AT);
    expect(v2).toMatchObject({ id: 'za-2', version: 2, previousVersionId: 'za-1', state: 'draft', signatures: { coordinator: null, provider: null } });
    expect(v2.content).toEqual(signed.content);
    expect(v2.content.goalIds).not.toBe(signed.content.goalIds);
    expect(signed).toEqual(before);
    expect(event).toMatchObject({ agreementId: 'za-2', version: 2, action: 'new-version', from: 'reporting', to: 'draft' });
    // and the new version goes back into negotiation the normal way
    expect(transition(v2, 'negotiate', coordinator, AT).agreement.state).toBe('negotiated');
  });

  it('needs no new version before signing, and only the coordinator opens one', () => {
    expect(code(() => newVersion(agreement('negotiated'), 'za-2', coordinator, AT))).toBe('AGREEMENT_STILL_EDITABLE 409');
    expect(code(() => newVersion(agreement('signed'), 'za-2', provider, AT))).toBe('AGREEMENT_ROLE 403');
  });
});
