// zod types of the goals API. Every goal answer carries `status` and `reason` (de/en) — a contract.
import { z } from 'zod';

const key = z.string().regex(/^[a-z0-9_]+$/).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const area = z.object({ layer: key, code: z.string().min(1).max(64) });
const obs = z.object({ year: z.number().int().min(1900).max(2200), value: z.number().finite() });
const bilingual = z.object({ de: z.string(), en: z.string() });

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const reportParams = z.object({ id: z.coerce.number().int().positive(), due: day });
export const goalQuery = z.object({ layer: key.optional(), code: z.string().max(64).optional() });
export const exportQuery = z.object({ lang: z.enum(['de', 'en']).default('de') });

export const goalInput = z.object({
  level: z.enum(['city', 'planning-area', 'domain', 'agreement']),
  parentId: z.number().int().positive().nullish(),
  area: area.nullish(),
  domainKey: key.nullish(),
  title: text(300),
  resultStatement: z.string().max(5000).optional(),
  ownerGroupId: z.number().int().positive().nullish(),
  ownerUserId: z.number().int().positive().nullish(),
  indicatorKey: key.nullish(),
  indicatorArea: area.nullish(),
  measureName: z.string().max(100).nullish(),
  /** Results-based accountability of a performance measure: count or share (with numerator and denominator named) × effort or effect. */
  measure: z.object({ kind: z.enum(['count', 'share']), aspect: z.enum(['effort', 'effect']), numerator: z.string().max(300).nullish(), denominator: z.string().max(300).nullish() }).nullish(),
  higherIsBetter: z.boolean(),
  baseline: obs.nullish(),
  target: obs.nullish(),
  published: z.boolean().optional(),
});
export const acceptInput = goalInput.extend({ title: text(300).optional() });
export const statusInput = z.object({ asOf: day });

/** The RBA quadrant of a performance measure: how much did we do, how well, is anyone better off (number or share). */
export const rbaSchema = z.object({
  quadrant: z.enum(['how-much', 'how-well', 'better-off-count', 'better-off-share']), question: bilingual,
  kind: z.enum(['count', 'share']), aspect: z.enum(['effort', 'effect']), numerator: z.string().nullable(), denominator: z.string().nullable(),
});

export const statusSchema = z.object({
  status: z.enum(['achieved', 'on-track', 'needs-acceleration', 'limited', 'deterioration', 'not-computable']),
  statusLabel: bilingual,
  reason: bilingual,
  score: z.number().nullable(),
  method: z.enum(['cagr', 'linear']).nullable(),
  base: obs.nullable(),
  latest: obs.nullable(),
  linearProgress: z.number().nullable(),
  notes: z.array(z.string()),
});
export const goalSchema = statusSchema.extend({
  id: z.number(), level: z.string(), parentId: z.number().nullable(), area: z.object({ layer: z.string(), code: z.string(), name: z.string() }).nullable(),
  domainKey: z.string().nullable(), title: z.string(), resultStatement: z.string(), owner: z.object({ groupId: z.number().nullable(), userId: z.number().nullable(), userName: z.string().nullable() }), rba: rbaSchema.nullable(),
  indicatorKey: z.string().nullable(), indicatorArea: z.object({ layer: z.string(), code: z.string(), name: z.string() }).nullable(), measureName: z.string().nullable(), higherIsBetter: z.boolean(), baseline: obs.nullable(), target: obs.nullable(),
  published: z.boolean(), originProposalId: z.number().nullable(),
  series: z.array(z.object({ year: z.number(), value: z.number().nullable() })).optional(),
  history: z.array(z.object({ asOf: z.string(), status: z.string(), score: z.number().nullable(), latest: z.object({ year: z.number(), value: z.number().nullable() }).nullable(), reason: bilingual })).optional(),
});

const areaOut = z.object({ layer: z.string(), code: z.string(), name: z.string() });
/** A published goal as the public sees it: values as the public atlas shows them ("." suppressed), the status computed on those only. */
export const publicGoalSchema = statusSchema.extend({
  id: z.number(), level: z.string(), area: areaOut.nullable(), title: z.string(), resultStatement: z.string(), indicatorKey: z.string().nullable(), indicatorArea: areaOut.nullable(),
  measureName: z.string().nullable(), rba: rbaSchema.nullable(), higherIsBetter: z.boolean(), baseline: obs.nullable(), target: obs.nullable(),
  series: z.array(z.object({ year: z.number(), value: z.number().nullable(), display: z.string() })),
});
export const attachmentSchema = z.object({ id: z.number(), agreementId: z.number(), due: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), createdAt: z.string() });

export const workshopInput = z.object({ title: text(300), area: area.nullish(), votesPerPerson: z.number().int().min(1).max(100).optional(), maxPerProposal: z.number().int().min(1).max(100).optional() });
export const workshopSummarySchema = z.object({ id: z.number(), title: z.string(), area: z.object({ layer: z.string(), code: z.string(), name: z.string() }).nullable(), proposals: z.number() });
export const dialogueQuery = z.object({ agreementId: z.coerce.number().int().positive().optional() });
export const proposalInput = z.object({ title: text(300), text: z.string().max(5000).optional() });
export const commentInput = z.object({ text: text(5000) });
export const voteInput = z.object({ points: z.record(z.string(), z.number().int().min(0).max(100)) });
export const workshopSchema = z.object({
  id: z.number(), title: z.string(), area: z.object({ layer: z.string(), code: z.string(), name: z.string() }).nullable(), votesPerPerson: z.number(), maxPerProposal: z.number(), voters: z.number(),
  proposals: z.array(z.object({ id: z.number(), title: z.string(), text: z.string(), acceptedGoalId: z.number().nullable(), points: z.number(), rank: z.number().nullable(), comments: z.array(z.object({ author: z.string().nullable(), text: z.string() })) })),
});

const content = z.object({
  title: text(300),
  period: z.object({ from: day, to: day }),
  goalIds: z.array(z.string().regex(/^\d+$/)).max(50),
  measures: z.array(z.string().max(1000)).max(100),
  indicatorKeys: z.array(key).max(50),
  reportingDates: z.array(day).max(40),
  offerIds: z.array(z.string().max(64)).max(200),
  fundingReference: z.string().max(200).nullable(),
});
export const agreementInput = z.object({ providerOrganisationId: z.number().int().positive(), area: area.nullish(), budgetScenarioId: z.number().int().positive().nullish(), content });
export const agreementPatch = content.partial();
export const actionInput = z.object({ action: z.enum(['negotiate', 'return-to-draft', 'sign', 'start-reporting', 'review', 'resume-reporting', 'close']) });
export const agreementSchema = z.object({
  id: z.number(), version: z.number(), previousVersionId: z.number().nullable(), state: z.string(), area: z.string().nullable(), coordinatorUserId: z.number(),
  provider: z.object({ organisationId: z.number(), name: z.string().nullable() }), signatures: z.object({ coordinator: z.string().nullable(), provider: z.string().nullable() }),
  content: content.extend({ goalIds: z.array(z.string()).readonly(), measures: z.array(z.string()).readonly(), indicatorKeys: z.array(z.string()).readonly(), reportingDates: z.array(z.string()).readonly(), offerIds: z.array(z.string()).readonly(), title: z.string() }),
  budgetScenarioId: z.number().nullable(), allowedActions: z.array(z.string()),
  reports: z.array(z.object({ due: z.string(), state: z.string() })), dueDates: z.array(z.object({ due: z.string(), state: z.string() })), overdue: z.array(z.string()),
});

const counts = z.record(z.string().max(64), z.number().int().min(0));
export const reportInput = z.object({
  fundingJugendamtCents: z.number().int().min(0), ownFundsCents: z.number().int().min(0), thirdPartyCents: z.number().int().min(0), offers: z.number().int().min(0),
  participantsByAge: counts, participantsByArea: counts, outcomes: z.record(z.string().max(100), z.number().finite()), outcomesText: z.string().max(20000), impactText: z.string().max(20000),
});
export const reportActionInput = z.object({ action: z.enum(['submit', 'accept', 'request-revision']), comment: z.string().max(5000).optional() });
export const reportSchema = z.object({
  id: z.number(), agreementId: z.number(), due: z.string(), state: z.string(),
  inputs: z.object({ fundingJugendamtCents: z.number(), ownFundsCents: z.number(), thirdPartyCents: z.number() }),
  outputs: z.object({ offers: z.number(), participantsByAge: z.record(z.string(), z.number()), participantsByArea: z.record(z.string(), z.number()) }),
  outcomes: z.record(z.string(), z.number()), outcomesText: z.string(), impactText: z.string(), submittedAt: z.string().nullable(), reviewComment: z.string().nullable(),
});

const followUps = z.array(z.object({ task: text(1000), owner: z.string().max(200).optional(), due: day.optional() })).max(100);
export const dialogueInput = z.object({ year: z.number().int().min(2000).max(2100), agreementId: z.number().int().positive().nullish(), area: area.nullish(), title: text(300), worked: z.string().max(20000), didNotWork: z.string().max(20000), changes: z.string().max(20000), followUps });
export const dialogueUpdate = dialogueInput.omit({ year: true, agreementId: true, area: true });
export const dialogueSchema = z.object({ id: z.number(), year: z.number(), agreementId: z.number().nullable(), areaId: z.number().nullable(), title: z.string(), worked: z.string(), didNotWork: z.string(), changes: z.string(), followUps, finalisedAt: z.string().nullable() });
