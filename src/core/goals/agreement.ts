// The lifecycle of a goal agreement (Zielvereinbarung) between a planning-area coordinator and a
// provider (freier Träger), METHODS.md §8:
//   draft → negotiated → signed → reporting ⇄ reviewed → closed
// Signed needs both signatures. Before signing the content may change (a change during negotiation
// voids any signature given); from signed on it is immutable, and the only way back to negotiation is
// a new version n+1 that starts as a draft and links to n. Every step returns its audit event.
import { LernortError } from '../errors.ts';

export type AgreementState = 'draft' | 'negotiated' | 'signed' | 'reporting' | 'reviewed' | 'closed';
export type AgreementAction = 'negotiate' | 'return-to-draft' | 'sign' | 'start-reporting' | 'review' | 'resume-reporting' | 'close';
/** The party an actor acts for in this agreement. */
export type Party = 'coordinator' | 'provider';

export interface AgreementContent {
  title: string;
  period: { from: string; to: string };
  goalIds: readonly string[];
  measures: readonly string[];
  indicatorKeys: readonly string[];
  /** ISO dates (YYYY-MM-DD) on which the provider reports. */
  reportingDates: readonly string[];
  /** Offers (Angebote) of the registry the agreement covers; empty = the whole organisation. */
  offerIds: readonly string[];
  fundingReference: string | null;
}

export interface Agreement {
  id: string;
  version: number;
  previousVersionId: string | null;
  state: AgreementState;
  coordinatorUserId: string;
  providerOrganisationId: string;
  /** ISO timestamps of the two signatures; null while unsigned. */
  signatures: { coordinator: string | null; provider: string | null };
  content: AgreementContent;
}

export interface Actor {
  userId: string;
  /** The user's role (roles of src/modules/users/permissions.ts); only coordinator and provider act here. */
  role: string;
  organisationId?: string | null;
}

export interface AgreementEvent {
  agreementId: string;
  version: number;
  action: AgreementAction | 'edit' | 'new-version';
  from: AgreementState;
  to: AgreementState;
  actorUserId: string;
  party: Party;
  at: string;
}

interface Step {
  from: readonly AgreementState[];
  by: readonly Party[];
  de: string;
  en: string;
}

const STEPS: Record<AgreementAction, Step> = {
  negotiate: { from: ['draft'], by: ['coordinator'], de: 'zur Verhandlung stellen', en: 'put up for negotiation' },
  'return-to-draft': { from: ['negotiated'], by: ['coordinator', 'provider'], de: 'in den Entwurf zurückgeben', en: 'return to draft' },
  sign: { from: ['negotiated'], by: ['coordinator', 'provider'], de: 'unterzeichnen', en: 'sign' },
  'start-reporting': { from: ['signed'], by: ['coordinator'], de: 'Berichtsphase beginnen', en: 'start reporting' },
  review: { from: ['reporting'], by: ['coordinator'], de: 'Berichte prüfen', en: 'review the reports' },
  'resume-reporting': { from: ['reviewed'], by: ['coordinator'], de: 'Berichtsphase fortsetzen', en: 'resume reporting' },
  close: { from: ['reviewed'], by: ['coordinator'], de: 'abschließen', en: 'close' },
};

const STATE_LABEL: Record<AgreementState, { de: string; en: string }> = {
  draft: { de: 'Entwurf', en: 'draft' },
  negotiated: { de: 'in Verhandlung', en: 'negotiated' },
  signed: { de: 'unterzeichnet', en: 'signed' },
  reporting: { de: 'Berichtsphase', en: 'reporting' },
  reviewed: { de: 'geprüft', en: 'reviewed' },
  closed: { de: 'abgeschlossen', en: 'closed' },
};

const EDITABLE: readonly AgreementState[] = ['draft', 'negotiated'];

/**
 * Which party the actor is in this agreement. Someone who is neither gets "not found" (404), so that
 * an agreement's existence is not revealed to another provider.
 */
export function partyOf(agreement: Agreement, actor: Actor): Party {
  if (actor.role === 'coordinator' && actor.userId === agreement.coordinatorUserId) return 'coordinator';
  if (actor.role === 'provider' && actor.organisationId != null && actor.organisationId === agreement.providerOrganisationId) return 'provider';
  throw new LernortError('NOT_FOUND', `Zielvereinbarung „${agreement.id}“ wurde nicht gefunden.`, `Goal agreement "${agreement.id}" was not found.`, { status: 404 });
}

/** The steps the actor may take now (for buttons). */
export function allowedActions(agreement: Agreement, actor: Actor): AgreementAction[] {
  let party: Party;
  try {
    party = partyOf(agreement, actor);
  } catch {
    return [];
  }
  return (Object.keys(STEPS) as AgreementAction[]).filter(
    (a) => STEPS[a].from.includes(agreement.state) && STEPS[a].by.includes(party) && !(a === 'sign' && agreement.signatures[party] !== null),
  );
}

export function transition(agreement: Agreement, action: AgreementAction, actor: Actor, at: string): { agreement: Agreement; event: AgreementEvent } {
  const step = STEPS[action];
  const party = partyOf(agreement, actor);
  if (!step.from.includes(agreement.state)) {
    const from = STATE_LABEL[agreement.state];
    const backDe = agreement.state === 'signed' || agreement.state === 'reporting' || agreement.state === 'reviewed' || agreement.state === 'closed' ? ' Änderungen gehen nur über eine neue Version.' : '';
    const backEn = backDe ? ' Changes need a new version.' : '';
    throw new LernortError(
      'AGREEMENT_TRANSITION',
      `Eine Zielvereinbarung im Zustand „${from.de}“ kann man nicht ${step.de}.${backDe}`,
      `A goal agreement that is ${from.en} cannot ${step.en}.${backEn}`,
      { status: 409, details: { state: agreement.state, action } },
    );
  }
  if (!step.by.includes(party)) {
    throw new LernortError(
      'AGREEMENT_ROLE',
      `Nur ${step.by.map(partyDe).join(' oder ')} darf die Zielvereinbarung ${step.de}.`,
      `Only the ${step.by.join(' or the ')} may ${step.en} the goal agreement.`,
      { status: 403, details: { action, party } },
    );
  }
  let next: Agreement;
  if (action === 'sign') {
    if (agreement.signatures[party] !== null)
      throw new LernortError('AGREEMENT_ALREADY_SIGNED', 'Sie haben diese Fassung bereits unterzeichnet.', 'You have already signed this version.', { status: 409 });
    const signatures = { ...agreement.signatures, [party]: at };
    next = { ...agreement, signatures, state: signatures.coordinator !== null && signatures.provider !== null ? 'signed' : 'negotiated' };
  } else {
    const to: Record<Exclude<AgreementAction, 'sign'>, AgreementState> = {
      negotiate: 'negotiated',
      'return-to-draft': 'draft',
      'start-reporting': 'reporting',
      review: 'reviewed',
      'resume-reporting': 'reporting',
      close: 'closed',
    };
    next = { ...agreement, state: to[action] };
    if (action === 'return-to-draft') next.signatures = { coordinator: null, provider: null };
  }
  return { agreement: next, event: event(agreement, next, action, actor, party, at) };
}

/**
 * Changes the content of a draft or an agreement under negotiation. A change during negotiation voids
 * the signatures given, since they were given to other terms. From signed on: AGREEMENT_IMMUTABLE.
 */
export function editAgreement(agreement: Agreement, patch: Partial<AgreementContent>, actor: Actor, at: string): { agreement: Agreement; event: AgreementEvent } {
  const party = partyOf(agreement, actor);
  if (!EDITABLE.includes(agreement.state)) throw immutable(agreement);
  const next: Agreement = { ...agreement, content: { ...agreement.content, ...patch }, signatures: { coordinator: null, provider: null } };
  return { agreement: next, event: event(agreement, next, 'edit', actor, party, at) };
}

/**
 * Version n+1 of a signed (or later) agreement: a draft with the same parties and content and a link
 * to version n, which stays as it was. Only the coordinator opens a new version.
 */
export function newVersion(agreement: Agreement, newId: string, actor: Actor, at: string): { agreement: Agreement; event: AgreementEvent } {
  const party = partyOf(agreement, actor);
  if (EDITABLE.includes(agreement.state))
    throw new LernortError(
      'AGREEMENT_STILL_EDITABLE',
      `Die Zielvereinbarung ist noch ${STATE_LABEL[agreement.state].de} und kann direkt geändert werden; eine neue Version braucht es erst nach der Unterzeichnung.`,
      `The goal agreement is still ${STATE_LABEL[agreement.state].en} and can be changed directly; a new version is only needed once it is signed.`,
      { status: 409 },
    );
  if (party !== 'coordinator')
    throw new LernortError('AGREEMENT_ROLE', 'Nur die Koordination darf eine neue Version anlegen.', 'Only the coordinator may create a new version.', { status: 403 });
  const next: Agreement = {
    ...agreement,
    id: newId,
    version: agreement.version + 1,
    previousVersionId: agreement.id,
    state: 'draft',
    signatures: { coordinator: null, provider: null },
    content: structuredClone(agreement.content),
  };
  return { agreement: next, event: { ...event(agreement, next, 'new-version', actor, party, at), agreementId: newId, version: next.version } };
}

/** For services that change anything else on an agreement (attachments, funding link). */
export function assertEditable(agreement: Agreement): void {
  if (!EDITABLE.includes(agreement.state)) throw immutable(agreement);
}

function immutable(agreement: Agreement): LernortError {
  const s = STATE_LABEL[agreement.state];
  return new LernortError(
    'AGREEMENT_IMMUTABLE',
    `Die Zielvereinbarung (Version ${agreement.version}) ist ${s.de} und kann nicht mehr geändert werden; legen Sie eine neue Version an.`,
    `The goal agreement (version ${agreement.version}) is ${s.en} and can no longer be changed; create a new version.`,
    { status: 409 },
  );
}

function event(before: Agreement, after: Agreement, action: AgreementEvent['action'], actor: Actor, party: Party, at: string): AgreementEvent {
  return { agreementId: before.id, version: before.version, action, from: before.state, to: after.state, actorUserId: actor.userId, party, at };
}

const partyDe = (p: Party) => (p === 'coordinator' ? 'die Koordination' : 'der Träger');
