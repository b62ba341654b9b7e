// Client calls of the goals pages (src/modules/goals): reads and writes through the one fetch layer
// (shared/api.ts: CSRF token, bilingual errors).
import { ApiError, apiSend, getJson, query, upload, type LocalisedText } from '../shared/api.ts';

export type StatusKey = 'achieved' | 'on-track' | 'needs-acceleration' | 'limited' | 'deterioration' | 'not-computable';
export interface Obs { year: number; value: number }
export interface AreaName { layer: string; code: string; name: string }

export interface Goal {
  id: number; level: string; parentId: number | null; area: AreaName | null; domainKey: string | null; title: string; resultStatement: string;
  owner: { groupId: number | null; userId: number | null; userName: string | null }; rba: Rba | null; indicatorKey: string | null; indicatorArea: AreaName | null; measureName: string | null; higherIsBetter: boolean;
  baseline: Obs | null; target: Obs | null; published: boolean; originProposalId: number | null;
  status: StatusKey; statusLabel: LocalisedText; reason: LocalisedText; score: number | null; method: 'cagr' | 'linear' | null;
  base: Obs | null; latest: Obs | null; linearProgress: number | null; notes: string[];
  series?: { year: number; value: number | null }[];
  history?: { asOf: string; status: StatusKey; score: number | null; latest: { year: number; value: number | null } | null; reason: LocalisedText }[];
}

export type RbaQuadrant = 'how-much' | 'how-well' | 'better-off-count' | 'better-off-share';
export const RBA_QUADRANTS: RbaQuadrant[] = ['how-much', 'how-well', 'better-off-count', 'better-off-share'];
/** Results-based accountability of a performance measure (src/core/goals/rba.ts). */
export interface Rba { quadrant: RbaQuadrant; question: LocalisedText; kind: 'count' | 'share'; aspect: 'effort' | 'effect'; numerator: string | null; denominator: string | null }
export interface Attachment { id: number; agreementId: number; due: string; fileName: string; mediaType: string; sizeBytes: number; createdAt: string }

export interface GoalInput {
  level: 'city' | 'planning-area' | 'domain' | 'agreement';
  parentId?: number | null; area?: { layer: string; code: string } | null; title?: string; resultStatement?: string;
  indicatorKey?: string | null; indicatorArea?: { layer: string; code: string } | null; measureName?: string | null; higherIsBetter: boolean;
  measure?: { kind: 'count' | 'share'; aspect: 'effort' | 'effect'; numerator?: string | null; denominator?: string | null } | null;
  baseline?: Obs | null; target?: Obs | null;
}

export interface WorkshopSummary { id: number; title: string; area: AreaName | null; proposals: number }
export interface Proposal { id: number; title: string; text: string; acceptedGoalId: number | null; points: number; rank: number | null; comments: { author: string | null; text: string }[] }
export interface Workshop { id: number; title: string; area: AreaName | null; votesPerPerson: number; maxPerProposal: number; voters: number; proposals: Proposal[] }

export interface AgreementContent {
  title: string; period: { from: string; to: string }; goalIds: string[]; measures: string[]; indicatorKeys: string[]; reportingDates: string[]; offerIds: string[]; fundingReference: string | null;
}
export type DueState = 'upcoming' | 'due-soon' | 'overdue' | 'submitted' | 'submitted-late';
export interface Agreement {
  id: number; version: number; previousVersionId: number | null; state: string; area: string | null; coordinatorUserId: number;
  provider: { organisationId: number; name: string | null }; signatures: { coordinator: string | null; provider: string | null };
  content: AgreementContent; budgetScenarioId: number | null; allowedActions: string[];
  reports: { due: string; state: string }[]; dueDates: { due: string; state: DueState }[]; overdue: string[];
}

export interface ReportInput {
  fundingJugendamtCents: number; ownFundsCents: number; thirdPartyCents: number; offers: number;
  participantsByAge: Record<string, number>; participantsByArea: Record<string, number>; outcomes: Record<string, number>; outcomesText: string; impactText: string;
}
export interface Report {
  id: number; agreementId: number; due: string; state: string;
  inputs: { fundingJugendamtCents: number; ownFundsCents: number; thirdPartyCents: number };
  outputs: { offers: number; participantsByAge: Record<string, number>; participantsByArea: Record<string, number> };
  outcomes: Record<string, number>; outcomesText: string; impactText: string; submittedAt: string | null; reviewComment: string | null;
}

export interface FollowUp { task: string; owner?: string; due?: string }
export interface Dialogue { id: number; year: number; agreementId: number | null; areaId: number | null; title: string; worked: string; didNotWork: string; changes: string; followUps: FollowUp[]; finalisedAt: string | null }
export interface DialogueContent { title: string; worked: string; didNotWork: string; changes: string; followUps: FollowUp[] }

export const getGoals = (signal?: AbortSignal) => getJson<Goal[]>('/api/goals', signal);
export const getGoal = (id: number, signal?: AbortSignal) => getJson<Goal>(`/api/goals/${id}`, signal);
export const createGoal = (input: GoalInput & { title: string }) => apiSend<Goal>('POST', '/api/goals', input);
export const setPublished = (id: number, published: boolean) => apiSend<Goal>('POST', `/api/goals/${id}/${published ? 'publish' : 'unpublish'}`);
export const recordStatus = (id: number, asOf: string) => apiSend<unknown>('POST', `/api/goals/${id}/status`, { asOf });

export const getWorkshops = (signal?: AbortSignal) => getJson<WorkshopSummary[]>('/api/workshops', signal);
export const getWorkshop = (id: number, signal?: AbortSignal) => getJson<Workshop>(`/api/workshops/${id}`, signal);
export const createWorkshop = (input: { title: string; area?: { layer: string; code: string } | null; votesPerPerson?: number; maxPerProposal?: number }) => apiSend<Workshop>('POST', '/api/workshops', input);
export const addProposal = (id: number, input: { title: string; text?: string }) => apiSend<Workshop>('POST', `/api/workshops/${id}/proposals`, input);
export const addComment = (proposalId: number, text: string) => apiSend<Workshop>('POST', `/api/proposals/${proposalId}/comments`, { text });
export const castVotes = (id: number, points: Record<string, number>) => apiSend<Workshop>('POST', `/api/workshops/${id}/votes`, { points });
export const acceptProposal = (proposalId: number, input: GoalInput) => apiSend<Goal>('POST', `/api/proposals/${proposalId}/accept`, input);

export const getAgreements = (signal?: AbortSignal) => getJson<Agreement[]>('/api/agreements', signal);
export const getAgreement = (id: number, signal?: AbortSignal) => getJson<Agreement>(`/api/agreements/${id}`, signal);
export const createAgreement = (input: { providerOrganisationId: number; area?: { layer: string; code: string } | null; content: AgreementContent }) => apiSend<Agreement>('POST', '/api/agreements', input);
export const editAgreement = (id: number, patch: Partial<AgreementContent>) => apiSend<Agreement>('PATCH', `/api/agreements/${id}`, patch);
export const agreementStep = (id: number, action: string) => apiSend<Agreement>('POST', `/api/agreements/${id}/transitions`, { action });
export const newVersion = (id: number) => apiSend<Agreement>('POST', `/api/agreements/${id}/versions`);

export const getReports = (id: number, signal?: AbortSignal) => getJson<Report[]>(`/api/agreements/${id}/reports`, signal);
export const saveReport = (id: number, due: string, input: ReportInput) => apiSend<Report>('PUT', `/api/agreements/${id}/reports/${due}`, input);
export const reportStep = (id: number, due: string, action: 'submit' | 'accept' | 'request-revision', comment?: string) =>
  apiSend<Report>('POST', `/api/agreements/${id}/reports/${due}/transitions`, comment ? { action, comment } : { action });

export const getAttachments = (id: number, due: string, signal?: AbortSignal) => getJson<Attachment[]>(`/api/agreements/${id}/reports/${due}/attachments`, signal);
export const attachmentHref = (id: number) => `/api/report-attachments/${id}`;
/** Uploads one file (multipart, as coordination's documents) through the one fetch layer. */
export function uploadAttachment(id: number, due: string, file: File): Promise<Attachment> {
  const body = new FormData();
  body.append('file', file, file.name);
  return upload<Attachment>(`/api/agreements/${id}/reports/${due}/attachments`, body);
}

export const getDialogues = (agreementId?: number, signal?: AbortSignal) => getJson<Dialogue[]>(`/api/dialogues${agreementId ? `?${query({ agreementId })}` : ''}`, signal);
export const getDialogue = (id: number, signal?: AbortSignal) => getJson<Dialogue>(`/api/dialogues/${id}`, signal);
export const createDialogue = (input: DialogueContent & { year: number; agreementId?: number | null; area?: { layer: string; code: string } | null }) => apiSend<Dialogue>('POST', '/api/dialogues', input);
export const updateDialogue = (id: number, input: DialogueContent) => apiSend<Dialogue>('PUT', `/api/dialogues/${id}`, input);
export const finaliseDialogue = (id: number) => apiSend<Dialogue>('POST', `/api/dialogues/${id}/finalise`);
export const dialogueExport = (id: number, kind: 'pdf' | 'docx', lang: 'de' | 'en') => `/api/dialogues/${id}/export.${kind}?${query({ lang })}`;

/** Hash addresses of the goals pages. */
export const href = {
  home: '#/ziele',
  goal: (id: number) => `#/ziele/ziel/${id}`,
  workshop: (id: number) => `#/ziele/werkstatt/${id}`,
  agreement: (id: number) => `#/ziele/vereinbarung/${id}`,
  report: (id: number, due: string) => `#/ziele/vereinbarung/${id}/bericht/${due}`,
  dialogue: (id: number) => `#/ziele/dialog/${id}`,
};

/** "1.250,50", "1250.5" or "12" € → cents; empty → 0; anything else → null. */
export function parseEuro(s: string): number | null {
  const t = s.trim().replace(/[\s€]/g, '');
  if (!t) return 0;
  const normal = t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : /^\d{1,3}(\.\d{3})+$/.test(t) ? t.replace(/\./g, '') : t;
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return null;
  return Math.round(Number(normal) * 100);
}

/** Cents as the form shows them: "1250,5" in German, "1250.5" in English. */
export const centsToInput = (cents: number, lang: 'de' | 'en') => {
  const s = (cents / 100).toFixed(2).replace(/\.00$/, '');
  return lang === 'de' ? s.replace('.', ',') : s;
};
