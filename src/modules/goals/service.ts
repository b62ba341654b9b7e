// Goals, workshops, agreements, provider reports and the Wirksamkeitsdialog. The rules live in
// src/core/goals (status §8, lifecycle, reports, votes); this file loads, checks access, stores and
// audits. Indicator values come from the monitoring service only. Who sees which agreement is decided
// in one place, assertAgreementVisible, so a central access module can take it over.
import type { Queryable } from '../../db/connection.ts';
import { LernortError, notFound } from '../../core/errors.ts';
import { goalStatus } from '../../core/goals/status.ts';
import type { GoalStatus, SeriesPoint } from '../../core/goals/status.ts';
import { STATUS_LABEL } from '../../core/goals/explain.ts';
import { transition, editAgreement, newVersion, allowedActions } from '../../core/goals/agreement.ts';
import type { Agreement, AgreementAction, AgreementContent, Actor } from '../../core/goals/agreement.ts';
import { reportTransition, assertReportEditable } from '../../core/goals/report.ts';
import type { ReportAction, ProviderReport } from '../../core/goals/report.ts';
import { checkBallot, tally } from '../../core/goals/votes.ts';
import { assertMeasures, QUADRANT_QUESTION, rbaQuadrant } from '../../core/goals/rba.ts';
import type { MeasureAspect, MeasureKind, RbaQuadrant } from '../../core/goals/rba.ts';
import { reportStates } from '../../core/goals/due-dates.ts';
import type { Reminder } from '../../core/meetings/reminders.ts';
import { checkDocument, safeFileName as safeName } from '../../core/documents.ts';
import crypto from 'node:crypto';
import { layerValues } from '../monitoring/service.ts';
import * as areas from '../areas/service.ts';
import * as organisations from '../organisations/service.ts';
import * as users from '../users/service.ts';
import * as publication from '../publication/service.ts';
import { record } from '../audit/service.ts';
import { organisationScope, planningAreaScope } from '../users/permissions.ts';
import type { SessionUser } from '../users/service.ts';
import type { RowScope } from '../access/service.ts';

const forbidden = () => new LernortError('FORBIDDEN', 'Das dürfen Sie hier nicht.', 'You may not do this here.', { status: 403 });
const audit = (q: Queryable, user: SessionUser, action: string, entity: string, id: number, before: unknown, after: unknown) =>
  record(q, { actor: { id: user.id, username: user.username }, action, entity, entityId: String(id), before, after });

// ---------------------------------------------------------------- areas

interface AreaRef { layer: string; code: string }
async function areaId(q: Queryable, a: AreaRef | null | undefined): Promise<number | null> {
  if (!a) return null;
  return (await areas.requireArea(q, a.layer, a.code)).id;
}
const areaRefs = (q: Queryable, ids: (number | null)[]): Promise<Map<number, AreaRef & { name: string }>> => areas.labelsOf(q, ids);

// ---------------------------------------------------------------- access (one place)

/** The area codes a coordinator is responsible for. */
const coordinatorCodes = (user: SessionUser) => planningAreaScope(user.role, user.scope) ?? [];

export interface AgreementFacts { id: number; coordinatorUserId: number; providerOrganisationId: number; areaCode: string | null }

/**
 * Who may see an agreement (and its reports and dialogue): admins, planners, analysts all; a
 * coordinator those of its planning areas or those it is party to; a provider its organisation's.
 * Anyone else: 404, so the id reveals nothing. `need: 'write'` also requires being allowed to change it.
 */
export function assertAgreementVisible(user: SessionUser, a: AgreementFacts, need: 'read' | 'write' = 'read'): void {
  let read = false;
  let write = false;
  switch (user.role) {
    case 'admin': read = write = true; break;
    case 'planner': case 'analyst': read = true; break;
    case 'coordinator': read = write = a.coordinatorUserId === user.id || (a.areaCode !== null && coordinatorCodes(user).includes(a.areaCode)); break;
    case 'provider': { const org = organisationScope(user.role, user.scope); read = write = typeof org === 'number' && org === a.providerOrganisationId; break; }
    default: read = false;
  }
  if (!read) throw notFound('Zielvereinbarung / goal agreement', String(a.id));
  if (need === 'write' && !write) throw forbidden();
}

/** Coordinators write goals of their planning areas only; admins and planners all. */
function assertGoalWritable(user: SessionUser, areaCode: string | null): void {
  if (user.role === 'admin' || user.role === 'planner') return;
  if (user.role === 'coordinator' && areaCode !== null && coordinatorCodes(user).includes(areaCode)) return;
  throw forbidden();
}

const actorOf = (user: SessionUser): Actor => {
  const org = organisationScope(user.role, user.scope);
  return { userId: String(user.id), role: user.role, organisationId: typeof org === 'number' ? String(org) : null };
};

// ---------------------------------------------------------------- goals

export interface GoalInput {
  level: 'city' | 'planning-area' | 'domain' | 'agreement';
  parentId?: number | null;
  area?: AreaRef | null;
  domainKey?: string | null;
  title: string;
  resultStatement?: string;
  ownerGroupId?: number | null;
  ownerUserId?: number | null;
  indicatorKey?: string | null;
  /** Where the indicator is read, when not in the goal's area (e.g. an Ortsteil of the planning area). */
  indicatorArea?: AreaRef | null;
  measureName?: string | null;
  /** Results-based accountability of the performance measure (with measureName). */
  measure?: { kind: MeasureKind; aspect: MeasureAspect; numerator?: string | null; denominator?: string | null } | null;
  higherIsBetter: boolean;
  baseline?: { year: number; value: number } | null;
  target?: { year: number; value: number } | null;
  published?: boolean;
}

interface GoalRow {
  id: number; level: string; parent_id: number | null; area_id: number | null; domain_key: string | null; title: string; result_statement: string;
  owner_group_id: number | null; owner_user_id: number | null; indicator_key: string | null; indicator_area_id: number | null; measure_name: string | null; higher_is_better: boolean;
  measure_kind: MeasureKind | null; measure_aspect: MeasureAspect | null; measure_numerator: string | null; measure_denominator: string | null;
  baseline_year: number | null; baseline_value: number | null; target_year: number | null; target_value: number | null; published: boolean; origin_proposal_id: number | null;
}

/** The series of a goal: the indicator in the goal's area (monitoring), or the provider-reported measure. */
async function goalSeries(q: Queryable, g: GoalRow, area: AreaRef | undefined): Promise<SeriesPoint[]> {
  if (g.indicator_key && area) {
    const values = await layerValues(q, area.layer, g.indicator_key, null);
    return values.filter((v) => v.areaCode === area.code && /^\d{4}$/.test(v.period)).map((v) => ({ year: Number(v.period), value: v.value })).sort((a, b) => a.year - b.year);
  }
  if (g.measure_name) {
    const r = await q.query<{ due: string; v: number | null }>(
      `SELECT r.due, (r.outcomes ->> $2)::float8 AS v FROM goal_provider_reports r JOIN goal_agreements a ON a.id = r.agreement_id
        WHERE r.state = 'accepted' AND a.content -> 'goalIds' ? $1 ORDER BY r.due`, [String(g.id), g.measure_name]);
    return r.rows.filter((x) => x.v !== null).map((x) => ({ year: Number(x.due.slice(0, 4)), value: x.v }));
  }
  return [];
}

const specOf = (g: GoalRow) => ({
  higherIsBetter: g.higher_is_better,
  baseline: g.baseline_year !== null && g.baseline_value !== null ? { year: g.baseline_year, value: g.baseline_value } : undefined,
  target: g.target_year !== null && g.target_value !== null ? { year: g.target_year, value: g.target_value } : undefined,
});

function statusOut(s: GoalStatus) {
  return {
    status: s.status,
    statusLabel: STATUS_LABEL[s.status],
    reason: s.reason,
    score: s.score,
    method: s.method,
    base: s.base,
    latest: s.latest,
    linearProgress: s.linearProgress,
    notes: s.notes,
  };
}

const seriesArea = (g: GoalRow, areas: Map<number, AreaRef & { name: string }>) => areas.get(g.indicator_area_id ?? g.area_id ?? -1);

/** The RBA quadrant of a performance-measure goal (how much / how well / is anyone better off), or null. */
export function rbaOf(g: Pick<GoalRow, 'measure_name' | 'measure_kind' | 'measure_aspect' | 'measure_numerator' | 'measure_denominator'>) {
  if (!g.measure_name || !g.measure_kind || !g.measure_aspect) return null;
  const quadrant: RbaQuadrant = rbaQuadrant(g.measure_kind, g.measure_aspect);
  return { quadrant, question: QUADRANT_QUESTION[quadrant], kind: g.measure_kind, aspect: g.measure_aspect, numerator: g.measure_numerator, denominator: g.measure_denominator };
}

type People = Map<number, { username: string; display_name: string | null }>;
const personName = (people: People, id: number | null) => (id === null ? null : (() => { const p = people.get(id); return p ? p.display_name ?? p.username : null; })());

async function goalOut(q: Queryable, g: GoalRow, areas: Map<number, AreaRef & { name: string }>, withSeries: boolean, people?: People) {
  const area = g.area_id !== null ? areas.get(g.area_id) : undefined;
  const series = await goalSeries(q, g, seriesArea(g, areas));
  const s = goalStatus(series, specOf(g));
  const names = people ?? await users.namesOf(q, [g.owner_user_id]);
  const base = {
    id: g.id, level: g.level, parentId: g.parent_id, area: area ?? null, domainKey: g.domain_key, title: g.title, resultStatement: g.result_statement,
    owner: { groupId: g.owner_group_id, userId: g.owner_user_id, userName: personName(names, g.owner_user_id) }, rba: rbaOf(g), indicatorKey: g.indicator_key, indicatorArea: g.indicator_area_id !== null ? areas.get(g.indicator_area_id) ?? null : null, measureName: g.measure_name, higherIsBetter: g.higher_is_better,
    baseline: specOf(g).baseline ?? null, target: specOf(g).target ?? null, published: g.published, originProposalId: g.origin_proposal_id,
    ...statusOut(s),
  };
  if (!withSeries) return { ...base, series: undefined, history: undefined };
  const h = await q.query<{ as_of: string; status: string; score: number | null; latest_year: number | null; latest_value: number | null; reason_de: string; reason_en: string }>(
    'SELECT as_of, status, score, latest_year, latest_value, reason_de, reason_en FROM goal_status_history WHERE goal_id = $1 ORDER BY as_of', [g.id]);
  return {
    ...base,
    series,
    history: h.rows.map((x) => ({ asOf: x.as_of, status: x.status, score: x.score, latest: x.latest_year === null ? null : { year: x.latest_year, value: x.latest_value }, reason: { de: x.reason_de, en: x.reason_en } })),
  };
}

const GOAL_COLS = 'id, level, parent_id, area_id, domain_key, title, result_statement, owner_group_id, owner_user_id, indicator_key, indicator_area_id, measure_name, measure_kind, measure_aspect, measure_numerator, measure_denominator, higher_is_better, baseline_year, baseline_value, target_year, target_value, published, origin_proposal_id';

/** Goals are read by every role with goals:read; providers only those of their agreements. */
async function visibleGoalIds(q: Queryable, user: SessionUser): Promise<Set<number> | null> {
  if (user.role !== 'provider') return null;
  const org = organisationScope(user.role, user.scope);
  const r = await q.query<{ gid: string }>(`SELECT DISTINCT jsonb_array_elements_text(content -> 'goalIds') AS gid FROM goal_agreements WHERE provider_organisation_id = $1`, [typeof org === 'number' ? org : -1]);
  return new Set(r.rows.map((x) => Number(x.gid)));
}

export async function listGoals(q: Queryable, user: SessionUser, f: { layer?: string; code?: string } = {}) {
  const r = await q.query<GoalRow>(`SELECT ${GOAL_COLS} FROM goals ORDER BY id`);
  const visible = await visibleGoalIds(q, user);
  const areas = await areaRefs(q, r.rows.flatMap((g) => [g.area_id, g.indicator_area_id]));
  const rows = r.rows.filter((g) => (!visible || visible.has(g.id)) && (!f.code || areas.get(g.area_id ?? -1)?.code === f.code) && (!f.layer || areas.get(g.area_id ?? -1)?.layer === f.layer));
  const people = await users.namesOf(q, rows.map((g) => g.owner_user_id));
  const out = [];
  for (const g of rows) out.push(await goalOut(q, g, areas, false, people));
  return out;
}

async function goalRow(q: Queryable, id: number): Promise<GoalRow> {
  const r = await q.query<GoalRow>(`SELECT ${GOAL_COLS} FROM goals WHERE id = $1`, [id]);
  if (!r.rows[0]) throw notFound('Ziel / goal', String(id));
  return r.rows[0];
}

export async function getGoal(q: Queryable, user: SessionUser, id: number) {
  const g = await goalRow(q, id);
  const visible = await visibleGoalIds(q, user);
  if (visible && !visible.has(id)) throw notFound('Ziel / goal', String(id));
  return goalOut(q, g, await areaRefs(q, [g.area_id, g.indicator_area_id]), true);
}

function checkGoalInput(input: GoalInput): void {
  if (!input.indicatorKey && !input.measureName)
    throw new LernortError('GOAL_NO_INDICATOR', 'Ein Ziel braucht einen Indikator oder eine Kennzahl des Trägers.', 'A goal needs an indicator or a performance measure of the provider.', { status: 400 });
  if (input.measure) {
    if (!input.measureName)
      throw new LernortError('GOAL_MEASURE_NAME', 'Die Einordnung (Anzahl/Anteil, Aufwand/Wirkung) gilt nur für eine Kennzahl des Trägers (measureName).', 'The classification (count/share, effort/effect) applies only to a performance measure of the provider (measureName).', { status: 400 });
    assertMeasures([{ key: input.measureName, name: input.measureName, kind: input.measure.kind, aspect: input.measure.aspect, numerator: input.measure.numerator ?? undefined, denominator: input.measure.denominator ?? undefined }]);
  }
  if (input.baseline && input.target && input.target.year <= input.baseline.year)
    throw new LernortError('GOAL_TARGET_YEAR', 'Das Zieljahr muss nach dem Basisjahr liegen.', 'The target year must come after the baseline year.', { status: 400 });
}

export async function createGoal(q: Queryable, user: SessionUser, input: GoalInput, originProposalId: number | null = null) {
  checkGoalInput(input);
  const aid = await areaId(q, input.area);
  const iaid = await areaId(q, input.indicatorArea);
  assertGoalWritable(user, input.area?.code ?? null);
  if (input.parentId != null) await goalRow(q, input.parentId);
  const r = await q.query<{ id: number }>(
    `INSERT INTO goals (level, parent_id, area_id, domain_key, title, result_statement, owner_group_id, owner_user_id, indicator_key, indicator_area_id, measure_name, higher_is_better,
                        baseline_year, baseline_value, target_year, target_value, published, origin_proposal_id, created_by, measure_kind, measure_aspect, measure_numerator, measure_denominator)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23) RETURNING id`,
    [input.level, input.parentId ?? null, aid, input.domainKey ?? null, input.title, input.resultStatement ?? '', input.ownerGroupId ?? null, input.ownerUserId ?? (input.ownerGroupId ? null : user.id),
      input.indicatorKey ?? null, iaid, input.measureName ?? null, input.higherIsBetter, input.baseline?.year ?? null, input.baseline?.value ?? null, input.target?.year ?? null, input.target?.value ?? null,
      input.published ?? false, originProposalId, user.id, input.measure?.kind ?? null, input.measure?.aspect ?? null, input.measure?.numerator ?? null, input.measure?.denominator ?? null]);
  const id = r.rows[0].id;
  await audit(q, user, 'goal.create', 'goal', id, null, input);
  return getGoal(q, user, id);
}

/** Computes the status as of a reporting date (values of years up to that date's year) and keeps it in the history. */
export async function recordStatus(q: Queryable, user: SessionUser | null, id: number, asOf: string) {
  const g = await goalRow(q, id);
  const areas = await areaRefs(q, [g.area_id, g.indicator_area_id]);
  if (user) assertGoalWritable(user, areas.get(g.area_id ?? -1)?.code ?? null);
  const year = Number(asOf.slice(0, 4));
  const series = (await goalSeries(q, g, seriesArea(g, areas))).filter((p) => p.year <= year);
  const s = goalStatus(series, specOf(g));
  await q.query(
    `INSERT INTO goal_status_history (goal_id, as_of, status, score, latest_year, latest_value, reason_de, reason_en) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
     ON CONFLICT (goal_id, as_of) DO UPDATE SET status = EXCLUDED.status, score = EXCLUDED.score, latest_year = EXCLUDED.latest_year, latest_value = EXCLUDED.latest_value,
       reason_de = EXCLUDED.reason_de, reason_en = EXCLUDED.reason_en, computed_at = now()`,
    [id, asOf, s.status, s.score, s.latest?.year ?? null, s.latest?.value ?? null, s.reason.de, s.reason.en]);
  return statusOut(s);
}

/** Publishes a goal (or takes it back): the public then reads it at /api/public/goals, its values suppressed. */
export async function setPublished(q: Queryable, user: SessionUser, id: number, published: boolean) {
  const g = await goalRow(q, id);
  assertGoalWritable(user, (await areaRefs(q, [g.area_id])).get(g.area_id ?? -1)?.code ?? null);
  await q.query('UPDATE goals SET published = $2 WHERE id = $1', [id, published]);
  await audit(q, user, published ? 'goal.publish' : 'goal.unpublish', 'goal', id, { published: g.published }, { published });
  return getGoal(q, user, id);
}

// ---------------------------------------------------------------- public (published goals only)

/**
 * The public view of a goal: only when published; the indicator's values are exactly what the public
 * atlas shows (publication.publicValues: published periods, small numbers suppressed), and the status
 * is computed on those values only. A baseline that falls on a suppressed cell is left out (the score
 * would give it back). Performance measures of providers are not public: their series is withheld.
 */
async function publicGoalOut(q: Queryable, g: GoalRow, areaMap: Map<number, AreaRef & { name: string }>) {
  const area = g.area_id !== null ? areaMap.get(g.area_id) ?? null : null;
  const at = seriesArea(g, areaMap);
  let series: { year: number; value: number | null; display: string }[] = [];
  if (g.indicator_key && at) {
    const shown = await publication.publicValues(q, { indicator: g.indicator_key, layer: at.layer, period: null });
    series = shown.filter((v) => v.areaCode === at.code && /^\d{4}$/.test(v.period)).map((v) => ({ year: Number(v.period), value: v.value, display: v.display })).sort((a, b) => a.year - b.year);
  }
  const spec = specOf(g);
  const hidden = new Set(series.filter((p) => p.value === null && p.display === '.').map((p) => p.year));
  const baseline = spec.baseline && !hidden.has(spec.baseline.year) && g.indicator_key ? spec.baseline : undefined;
  const s = goalStatus(series, { ...spec, baseline });
  return {
    id: g.id, level: g.level, area, title: g.title, resultStatement: g.result_statement, indicatorKey: g.indicator_key,
    indicatorArea: g.indicator_area_id !== null ? areaMap.get(g.indicator_area_id) ?? null : null, measureName: g.measure_name, rba: rbaOf(g), higherIsBetter: g.higher_is_better,
    baseline: baseline ?? null, target: spec.target ?? null, series, ...statusOut(s),
  };
}

export async function listPublicGoals(q: Queryable) {
  const r = await q.query<GoalRow>(`SELECT ${GOAL_COLS} FROM goals WHERE published ORDER BY id`);
  const areaMap = await areaRefs(q, r.rows.flatMap((g) => [g.area_id, g.indicator_area_id]));
  const out = [];
  for (const g of r.rows) out.push(await publicGoalOut(q, g, areaMap));
  return out;
}

/** An unpublished (or missing) goal answers 404 alike, so the id reveals nothing. */
export async function getPublicGoal(q: Queryable, id: number) {
  const r = await q.query<GoalRow>(`SELECT ${GOAL_COLS} FROM goals WHERE id = $1 AND published`, [id]);
  if (!r.rows[0]) throw notFound('Ziel / goal', String(id));
  return publicGoalOut(q, r.rows[0], await areaRefs(q, [r.rows[0].area_id, r.rows[0].indicator_area_id]));
}

// ---------------------------------------------------------------- workshop

export async function createWorkshop(q: Queryable, user: SessionUser, input: { title: string; area?: AreaRef | null; votesPerPerson?: number; maxPerProposal?: number }) {
  const aid = await areaId(q, input.area);
  assertGoalWritable(user, input.area?.code ?? null);
  const r = await q.query<{ id: number }>('INSERT INTO goal_workshops (title, area_id, votes_per_person, max_per_proposal, created_by) VALUES ($1,$2,$3,$4,$5) RETURNING id',
    [input.title, aid, input.votesPerPerson ?? 5, input.maxPerProposal ?? 3, user.id]);
  await audit(q, user, 'workshop.create', 'goal_workshop', r.rows[0].id, null, input);
  return getWorkshop(q, r.rows[0].id);
}

/** The workshops, newest first, with their area and how many proposals they hold (for the goals page). */
export async function listWorkshops(q: Queryable) {
  const r = await q.query<{ id: number; title: string; area_id: number | null; proposals: number }>(
    'SELECT w.id, w.title, w.area_id, (SELECT count(*)::int FROM goal_proposals p WHERE p.workshop_id = w.id) AS proposals FROM goal_workshops w ORDER BY w.id DESC');
  const areas = await areaRefs(q, r.rows.map((w) => w.area_id));
  return r.rows.map((w) => ({ id: w.id, title: w.title, area: areas.get(w.area_id ?? -1) ?? null, proposals: w.proposals }));
}

export async function getWorkshop(q: Queryable, id: number) {
  const w = await q.query<{ id: number; title: string; area_id: number | null; votes_per_person: number; max_per_proposal: number }>('SELECT id, title, area_id, votes_per_person, max_per_proposal FROM goal_workshops WHERE id = $1', [id]);
  if (!w.rows[0]) throw notFound('Bildungswerkstatt / workshop', String(id));
  const p = await q.query<{ id: number; title: string; text: string; accepted_goal_id: number | null; created_at: Date }>('SELECT id, title, text, accepted_goal_id, created_at FROM goal_proposals WHERE workshop_id = $1 ORDER BY id', [id]);
  const c = await q.query<{ proposal_id: number; text: string; author_id: number | null }>(
    'SELECT c.proposal_id, c.text, c.author_id FROM goal_proposal_comments c JOIN goal_proposals p ON p.id = c.proposal_id WHERE p.workshop_id = $1 ORDER BY c.id', [id]);
  const authors = await users.namesOf(q, c.rows.map((k) => k.author_id));
  const b = await q.query<{ user_id: number; votes: Record<string, number> }>('SELECT user_id, votes FROM goal_ballots WHERE workshop_id = $1', [id]);
  const ids = new Set(p.rows.map((x) => String(x.id)));
  const rules = { members: new Set(b.rows.map((x) => String(x.user_id))), proposals: ids, budget: w.rows[0].votes_per_person, maxPerProposal: w.rows[0].max_per_proposal };
  const rows = p.rows.length ? tally(b.rows.map((x) => ({ memberId: String(x.user_id), points: x.votes })), p.rows.map((x) => ({ id: String(x.id), createdAt: new Date(x.created_at).toISOString() })), rules) : [];
  const votes = new Map(rows.map((r) => [r.proposalId, r]));
  const area = (await areaRefs(q, [w.rows[0].area_id])).get(w.rows[0].area_id ?? -1) ?? null;
  return {
    id, title: w.rows[0].title, area, votesPerPerson: w.rows[0].votes_per_person, maxPerProposal: w.rows[0].max_per_proposal, voters: b.rows.length,
    proposals: p.rows.map((x) => ({ id: x.id, title: x.title, text: x.text, acceptedGoalId: x.accepted_goal_id, points: votes.get(String(x.id))?.points ?? 0, rank: votes.get(String(x.id))?.rank ?? null,
      comments: c.rows.filter((k) => k.proposal_id === x.id).map((k) => ({ author: k.author_id === null ? null : authors.get(k.author_id)?.username ?? null, text: k.text })) })),
  };
}

export async function addProposal(q: Queryable, user: SessionUser, workshopId: number, input: { title: string; text?: string }) {
  await getWorkshop(q, workshopId);
  const r = await q.query<{ id: number }>('INSERT INTO goal_proposals (workshop_id, title, text, author_id) VALUES ($1,$2,$3,$4) RETURNING id', [workshopId, input.title, input.text ?? '', user.id]);
  await audit(q, user, 'proposal.create', 'goal_proposal', r.rows[0].id, null, input);
  return getWorkshop(q, workshopId);
}

export async function addComment(q: Queryable, user: SessionUser, proposalId: number, text: string) {
  const p = await q.query<{ workshop_id: number }>('SELECT workshop_id FROM goal_proposals WHERE id = $1', [proposalId]);
  if (!p.rows[0]) throw notFound('Vorschlag / proposal', String(proposalId));
  await q.query('INSERT INTO goal_proposal_comments (proposal_id, author_id, text) VALUES ($1,$2,$3)', [proposalId, user.id, text]);
  return getWorkshop(q, p.rows[0].workshop_id);
}

/** One person, one budget of votes: the ballot replaces the person's earlier one. */
export async function vote(q: Queryable, user: SessionUser, workshopId: number, points: Record<string, number>) {
  const w = await getWorkshop(q, workshopId);
  const problems = checkBallot({ memberId: String(user.id), points }, { members: new Set([String(user.id)]), proposals: new Set(w.proposals.map((p) => String(p.id))), budget: w.votesPerPerson, maxPerProposal: w.maxPerProposal });
  if (problems.length) throw new LernortError('VOTE_INVALID', problems.map((p) => p.de).join(' '), problems.map((p) => p.en).join(' '), { status: 400, details: problems });
  await q.query('INSERT INTO goal_ballots (workshop_id, user_id, votes) VALUES ($1,$2,$3::jsonb) ON CONFLICT (workshop_id, user_id) DO UPDATE SET votes = EXCLUDED.votes', [workshopId, user.id, JSON.stringify(points)]);
  await audit(q, user, 'workshop.vote', 'goal_workshop', workshopId, null, points);
  return getWorkshop(q, workshopId);
}

/** An accepted proposal becomes a goal linked to its origin. */
export async function acceptProposal(q: Queryable, user: SessionUser, proposalId: number, goal: Omit<GoalInput, 'title'> & { title?: string }) {
  const p = await q.query<{ id: number; title: string; text: string; accepted_goal_id: number | null }>('SELECT id, title, text, accepted_goal_id FROM goal_proposals WHERE id = $1', [proposalId]);
  if (!p.rows[0]) throw notFound('Vorschlag / proposal', String(proposalId));
  if (p.rows[0].accepted_goal_id !== null)
    throw new LernortError('PROPOSAL_ACCEPTED', 'Dieser Vorschlag ist schon ein Ziel geworden.', 'This proposal has already become a goal.', { status: 409 });
  const created = await createGoal(q, user, { ...goal, title: goal.title ?? p.rows[0].title, resultStatement: goal.resultStatement ?? p.rows[0].text }, proposalId);
  await q.query('UPDATE goal_proposals SET accepted_goal_id = $1 WHERE id = $2', [created.id, proposalId]);
  await audit(q, user, 'proposal.accept', 'goal_proposal', proposalId, null, { goalId: created.id });
  return created;
}

// ---------------------------------------------------------------- agreements

interface AgreementRow {
  id: number; version: number; previous_version_id: number | null; state: Agreement['state']; area_id: number | null; coordinator_user_id: number; provider_organisation_id: number;
  signed_coordinator_at: string | null; signed_provider_at: string | null; content: AgreementContent; budget_scenario_id: number | null; organisation_name: string | null; area_code: string | null;
}
const AG_SELECT = `SELECT g.id, g.version, g.previous_version_id, g.state, g.area_id, g.coordinator_user_id, g.provider_organisation_id, g.signed_coordinator_at, g.signed_provider_at,
  g.content, g.budget_scenario_id FROM goal_agreements g`;

/** Agreement rows with the provider's name (organisations service) and the area code (areas service). */
async function agreementRows(q: Queryable, where: string, params: unknown[]): Promise<AgreementRow[]> {
  const rows = (await q.query<Omit<AgreementRow, 'organisation_name' | 'area_code'>>(`${AG_SELECT} ${where}`, params)).rows;
  const names = await organisations.namesOf(q, rows.map((r) => r.provider_organisation_id));
  const refs = await areaRefs(q, rows.map((r) => r.area_id));
  return rows.map((r) => ({ ...r, organisation_name: names.get(r.provider_organisation_id) ?? null, area_code: refs.get(r.area_id ?? -1)?.code ?? null }));
}

const facts = (r: AgreementRow): AgreementFacts => ({ id: r.id, coordinatorUserId: r.coordinator_user_id, providerOrganisationId: r.provider_organisation_id, areaCode: r.area_code });
const core = (r: AgreementRow): Agreement => ({
  id: String(r.id), version: r.version, previousVersionId: r.previous_version_id === null ? null : String(r.previous_version_id), state: r.state,
  coordinatorUserId: String(r.coordinator_user_id), providerOrganisationId: String(r.provider_organisation_id),
  signatures: { coordinator: r.signed_coordinator_at, provider: r.signed_provider_at }, content: r.content,
});

async function agreementRow(q: Queryable, user: SessionUser, id: number, need: 'read' | 'write' = 'read'): Promise<AgreementRow> {
  const [row] = await agreementRows(q, 'WHERE g.id = $1', [id]);
  if (!row) throw notFound('Zielvereinbarung / goal agreement', String(id));
  assertAgreementVisible(user, facts(row), need);
  return row;
}

async function agreementOut(q: Queryable, user: SessionUser, r: AgreementRow, now = new Date()) {
  const reports = await q.query<{ due: string; state: string; submitted_at: Date | null }>('SELECT due, state, submitted_at FROM goal_provider_reports WHERE agreement_id = $1 ORDER BY due', [r.id]);
  const submitted = new Map(reports.rows.filter((x) => x.submitted_at).map((x) => [x.due, x.submitted_at as Date]));
  const due = reportStates(r.content.reportingDates, submitted, now);
  return {
    id: r.id, version: r.version, previousVersionId: r.previous_version_id, state: r.state, area: r.area_code, coordinatorUserId: r.coordinator_user_id,
    provider: { organisationId: r.provider_organisation_id, name: r.organisation_name }, signatures: { coordinator: r.signed_coordinator_at, provider: r.signed_provider_at },
    content: r.content, budgetScenarioId: r.budget_scenario_id, allowedActions: allowedActions(core(r), actorOf(user)),
    reports: reports.rows.map((x) => ({ due: x.due, state: x.state })),
    dueDates: due.map((d) => ({ due: d.due, state: d.state })),
    overdue: due.filter((d) => d.state === 'overdue').map((d) => d.due),
  };
}

export async function listAgreements(q: Queryable, user: SessionUser) {
  const out = [];
  for (const row of await agreementRows(q, 'ORDER BY g.id', [])) {
    try { assertAgreementVisible(user, facts(row)); } catch { continue; }
    out.push(await agreementOut(q, user, row));
  }
  return out;
}

export const getAgreement = async (q: Queryable, user: SessionUser, id: number) => agreementOut(q, user, await agreementRow(q, user, id));

export interface AgreementInput {
  providerOrganisationId: number;
  area?: AreaRef | null;
  budgetScenarioId?: number | null;
  content: AgreementContent;
}

export async function createAgreement(q: Queryable, user: SessionUser, input: AgreementInput) {
  if (user.role !== 'coordinator' && user.role !== 'admin') throw forbidden();
  const aid = await areaId(q, input.area);
  if (user.role === 'coordinator' && !(input.area && coordinatorCodes(user).includes(input.area.code))) throw forbidden();
  if (!(await organisations.exists(q, input.providerOrganisationId))) throw notFound('Träger / provider', String(input.providerOrganisationId));
  for (const gid of input.content.goalIds) await goalRow(q, Number(gid));
  const r = await q.query<{ id: number }>(
    'INSERT INTO goal_agreements (area_id, coordinator_user_id, provider_organisation_id, content, budget_scenario_id) VALUES ($1,$2,$3,$4::jsonb,$5) RETURNING id',
    [aid, user.id, input.providerOrganisationId, JSON.stringify(input.content), input.budgetScenarioId ?? null]);
  await audit(q, user, 'agreement.create', 'goal_agreement', r.rows[0].id, null, input);
  return getAgreement(q, user, r.rows[0].id);
}

async function store(q: Queryable, next: Agreement, id: number) {
  await q.query('UPDATE goal_agreements SET state = $2, signed_coordinator_at = $3, signed_provider_at = $4, content = $5::jsonb WHERE id = $1',
    [id, next.state, next.signatures.coordinator, next.signatures.provider, JSON.stringify(next.content)]);
}

export async function editAgreementContent(q: Queryable, user: SessionUser, id: number, patch: Partial<AgreementContent>) {
  const row = await agreementRow(q, user, id, 'write');
  const { agreement, event } = editAgreement(core(row), patch, actorOf(user), new Date().toISOString());
  await store(q, agreement, id);
  await audit(q, user, 'agreement.edit', 'goal_agreement', id, row.content, { ...event, content: agreement.content });
  return getAgreement(q, user, id);
}

export async function agreementStep(q: Queryable, user: SessionUser, id: number, action: AgreementAction) {
  const row = await agreementRow(q, user, id, 'write');
  const { agreement, event } = transition(core(row), action, actorOf(user), new Date().toISOString());
  await store(q, agreement, id);
  await audit(q, user, `agreement.${action}`, 'goal_agreement', id, { state: row.state }, event);
  return getAgreement(q, user, id);
}

export async function agreementNewVersion(q: Queryable, user: SessionUser, id: number) {
  const row = await agreementRow(q, user, id, 'write');
  const { agreement } = newVersion(core(row), 'new', actorOf(user), new Date().toISOString());
  const r = await q.query<{ id: number }>(
    'INSERT INTO goal_agreements (version, previous_version_id, area_id, coordinator_user_id, provider_organisation_id, content, budget_scenario_id) VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7) RETURNING id',
    [agreement.version, id, row.area_id, row.coordinator_user_id, row.provider_organisation_id, JSON.stringify(agreement.content), row.budget_scenario_id]);
  await audit(q, user, 'agreement.new-version', 'goal_agreement', r.rows[0].id, { id }, { id: r.rows[0].id, version: agreement.version });
  return getAgreement(q, user, r.rows[0].id);
}

// ---------------------------------------------------------------- provider reports

export interface ReportInput {
  fundingJugendamtCents: number; ownFundsCents: number; thirdPartyCents: number; offers: number;
  participantsByAge: Record<string, number>; participantsByArea: Record<string, number>;
  outcomes: Record<string, number>; outcomesText: string; impactText: string;
}

interface ReportRow { id: number; agreement_id: number; due: string; state: ProviderReport['state']; funding_jugendamt_cents: number; own_funds_cents: number; third_party_cents: number; offers: number;
  participants_by_age: Record<string, number>; participants_by_area: Record<string, number>; outcomes: Record<string, number>; outcomes_text: string; impact_text: string; submitted_at: Date | null; review_comment: string | null }

const reportOut = (r: ReportRow) => ({
  id: r.id, agreementId: r.agreement_id, due: r.due, state: r.state,
  inputs: { fundingJugendamtCents: r.funding_jugendamt_cents, ownFundsCents: r.own_funds_cents, thirdPartyCents: r.third_party_cents },
  outputs: { offers: r.offers, participantsByAge: r.participants_by_age, participantsByArea: r.participants_by_area },
  outcomes: r.outcomes, outcomesText: r.outcomes_text, impactText: r.impact_text, submittedAt: r.submitted_at?.toISOString() ?? null, reviewComment: r.review_comment,
});

async function reportRow(q: Queryable, agreementId: number, due: string): Promise<ReportRow | null> {
  const r = await q.query<ReportRow>('SELECT * FROM goal_provider_reports WHERE agreement_id = $1 AND due = $2', [agreementId, due]);
  return r.rows[0] ?? null;
}
const coreReport = (r: ReportRow | null, agreementId: number, due: string): ProviderReport =>
  ({ agreementId: String(agreementId), due, state: r?.state ?? 'draft', submittedAt: r?.submitted_at?.toISOString() ?? null, revisionComment: r?.review_comment ?? null });

export async function listReports(q: Queryable, user: SessionUser, agreementId: number) {
  await agreementRow(q, user, agreementId);
  const r = await q.query<ReportRow>('SELECT * FROM goal_provider_reports WHERE agreement_id = $1 ORDER BY due', [agreementId]);
  return r.rows.map(reportOut);
}

/** The provider fills in its report for one reporting date (only while the agreement is reporting). */
export async function saveReport(q: Queryable, user: SessionUser, agreementId: number, due: string, input: ReportInput) {
  const ag = await agreementRow(q, user, agreementId, 'write');
  if (!ag.content.reportingDates.includes(due)) throw notFound('Berichtstermin / reporting date', due);
  const before = await reportRow(q, agreementId, due);
  assertReportEditable(coreReport(before, agreementId, due), core(ag), actorOf(user));
  for (const [k, v] of Object.entries({ fundingJugendamtCents: input.fundingJugendamtCents, ownFundsCents: input.ownFundsCents, thirdPartyCents: input.thirdPartyCents }))
    if (!Number.isSafeInteger(v) || v < 0) throw new LernortError('REPORT_MONEY', `${k}: Beträge in ganzen Cent, nicht negativ.`, `${k}: amounts in whole cents, not negative.`, { status: 400 });
  await q.query(
    `INSERT INTO goal_provider_reports (agreement_id, due, funding_jugendamt_cents, own_funds_cents, third_party_cents, offers, participants_by_age, participants_by_area, outcomes, outcomes_text, impact_text)
     VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8::jsonb,$9::jsonb,$10,$11)
     ON CONFLICT (agreement_id, due) DO UPDATE SET funding_jugendamt_cents = EXCLUDED.funding_jugendamt_cents, own_funds_cents = EXCLUDED.own_funds_cents, third_party_cents = EXCLUDED.third_party_cents,
       offers = EXCLUDED.offers, participants_by_age = EXCLUDED.participants_by_age, participants_by_area = EXCLUDED.participants_by_area, outcomes = EXCLUDED.outcomes,
       outcomes_text = EXCLUDED.outcomes_text, impact_text = EXCLUDED.impact_text`,
    [agreementId, due, input.fundingJugendamtCents, input.ownFundsCents, input.thirdPartyCents, input.offers, JSON.stringify(input.participantsByAge), JSON.stringify(input.participantsByArea),
      JSON.stringify(input.outcomes), input.outcomesText, input.impactText]);
  const after = (await reportRow(q, agreementId, due))!;
  await audit(q, user, 'report.save', 'goal_provider_report', after.id, before ? reportOut(before) : null, reportOut(after));
  return reportOut(after);
}

/** submit (provider), accept or request-revision (coordinator, with a comment). Accepting records the goals' status at the reporting date. */
export async function reportStep(q: Queryable, user: SessionUser, agreementId: number, due: string, action: ReportAction, comment?: string) {
  const ag = await agreementRow(q, user, agreementId, 'write');
  const before = await reportRow(q, agreementId, due);
  if (!before) throw notFound('Bericht / report', due);
  const { report } = reportTransition(coreReport(before, agreementId, due), core(ag), action, actorOf(user), new Date().toISOString(), comment);
  await q.query('UPDATE goal_provider_reports SET state = $3, submitted_at = $4, review_comment = $5 WHERE agreement_id = $1 AND due = $2',
    [agreementId, due, report.state, report.submittedAt, report.revisionComment ?? comment ?? null]);
  const after = (await reportRow(q, agreementId, due))!;
  await audit(q, user, `report.${action}`, 'goal_provider_report', after.id, { state: before.state }, { state: after.state, comment: comment ?? null });
  if (action === 'accept') for (const gid of ag.content.goalIds) await recordStatus(q, null, Number(gid), due);
  return reportOut(after);
}

// ---------------------------------------------------------------- report attachments

const ATTACHMENT = 'Anhang / attachment';
interface AttachmentRow { id: number; report_id: number; file_name: string; media_type: string; size_bytes: number; created_at: Date }
const attachmentOut = (a: AttachmentRow, agreementId: number, due: string) => ({ id: a.id, agreementId, due, fileName: a.file_name, mediaType: a.media_type, sizeBytes: a.size_bytes, createdAt: a.created_at.toISOString() });

/**
 * A file attached to a provider report (a Sachbericht as PDF, a list of participants …): the same
 * type and size check as coordination's documents (core/documents.ts); only while the report may
 * be changed, and only by the provider (as the report itself). The report must have been saved once.
 */
export async function uploadAttachment(q: Queryable, user: SessionUser, agreementId: number, due: string, file: { fileName: string; bytes: Buffer }, maxBytes: number) {
  const ag = await agreementRow(q, user, agreementId, 'write');
  const report = await reportRow(q, agreementId, due);
  if (!report) throw notFound('Bericht / report', due);
  assertReportEditable(coreReport(report, agreementId, due), core(ag), actorOf(user));
  const media = checkDocument(file.fileName, file.bytes, maxBytes);
  const r = await q.query<AttachmentRow>(
    'INSERT INTO goal_report_attachments (report_id, file_name, media_type, size_bytes, sha256, content, uploaded_by) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id, report_id, file_name, media_type, size_bytes, created_at',
    [report.id, safeName(file.fileName), media, file.bytes.length, crypto.createHash('sha256').update(file.bytes).digest('hex'), file.bytes, user.id]);
  const out = attachmentOut(r.rows[0], agreementId, due);
  await audit(q, user, 'report.attach', 'goal_provider_report', report.id, null, { attachmentId: out.id, fileName: out.fileName, sizeBytes: out.sizeBytes });
  return out;
}

export async function listAttachments(q: Queryable, user: SessionUser, agreementId: number, due: string) {
  await agreementRow(q, user, agreementId);
  const report = await reportRow(q, agreementId, due);
  if (!report) return [];
  const r = await q.query<AttachmentRow>('SELECT id, report_id, file_name, media_type, size_bytes, created_at FROM goal_report_attachments WHERE report_id = $1 ORDER BY id', [report.id]);
  return r.rows.map((a) => attachmentOut(a, agreementId, due));
}

/** The file, only for those who may read its agreement (anyone else: 404, as for the agreement). */
export async function downloadAttachment(q: Queryable, user: SessionUser, id: number) {
  const r = await q.query<{ file_name: string; media_type: string; content: Buffer; agreement_id: number }>(
    'SELECT x.file_name, x.media_type, x.content, p.agreement_id FROM goal_report_attachments x JOIN goal_provider_reports p ON p.id = x.report_id WHERE x.id = $1', [id]);
  const a = r.rows[0];
  if (!a) throw notFound(ATTACHMENT, String(id));
  try {
    await agreementRow(q, user, a.agreement_id);
  } catch (e) {
    if (e instanceof LernortError && e.status === 404) throw notFound(ATTACHMENT, String(id));
    throw e;
  }
  return { fileName: a.file_name, mediaType: a.media_type, content: a.content };
}

// ---------------------------------------------------------------- overdue reports: reminders

/**
 * Reminders for overdue provider reports of agreements in their reporting phase, in the shape of
 * coordination's reminder plan (core/meetings/reminders.ts), so its hourly job delivers them as
 * in-app notifications (and e-mail when SMTP is set). Recipients: the provider's accounts and the
 * coordinator. One reminder per started week of lateness; the key holds agreement, due date,
 * week and recipient, so a repeated run sends nothing twice.
 */
export async function overdueReportReminders(q: Queryable, now = new Date(), alreadySent: ReadonlySet<string> = new Set()): Promise<Reminder[]> {
  const out: Reminder[] = [];
  for (const ag of await agreementRows(q, "WHERE g.state = 'reporting' ORDER BY g.id", [])) {
    const reports = await q.query<{ due: string; submitted_at: Date | null }>('SELECT due, submitted_at FROM goal_provider_reports WHERE agreement_id = $1', [ag.id]);
    const submitted = new Map(reports.rows.filter((x) => x.submitted_at).map((x) => [x.due, x.submitted_at as Date]));
    const late = reportStates(ag.content.reportingDates, submitted, now).filter((d) => d.state === 'overdue');
    if (!late.length) continue;
    const recipients = [...new Set([...(await users.usersOfOrganisation(q, ag.provider_organisation_id)), ag.coordinator_user_id])];
    for (const d of late) {
      const round = Math.floor((d.daysLate - 1) / 7);
      const [y, m, day] = d.due.split('-');
      for (const uid of recipients) {
        const key = `report-overdue:${ag.id}:${d.due}:${round}:u${uid}`;
        if (alreadySent.has(key)) continue;
        out.push({
          key, kind: 'report-overdue', recipientId: `u${uid}`, subject: { type: 'agreement', id: String(ag.id) },
          de: `Der Bericht zur Zielvereinbarung „${ag.content.title}“ (${ag.organisation_name ?? 'Träger'}) war am ${day}.${m}.${y} fällig und ist seit ${d.daysLate} ${d.daysLate === 1 ? 'Tag' : 'Tagen'} überfällig.`,
          en: `The report on the goal agreement "${ag.content.title}" (${ag.organisation_name ?? 'provider'}) was due on ${d.due} and is ${d.daysLate} ${d.daysLate === 1 ? 'day' : 'days'} overdue.`,
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- Wirksamkeitsdialog

export interface DialogueInput { year: number; agreementId?: number | null; area?: AreaRef | null; title: string; worked: string; didNotWork: string; changes: string; followUps: { task: string; owner?: string; due?: string }[] }
interface DialogueRow { id: number; year: number; agreement_id: number | null; area_id: number | null; title: string; worked: string; did_not_work: string; changes: string; followUps: unknown; follow_ups: { task: string; owner?: string; due?: string }[]; finalised_at: Date | null }

const dialogueOut = (d: DialogueRow) => ({ id: d.id, year: d.year, agreementId: d.agreement_id, areaId: d.area_id, title: d.title, worked: d.worked, didNotWork: d.did_not_work, changes: d.changes, followUps: d.follow_ups, finalisedAt: d.finalised_at?.toISOString() ?? null });

async function dialogueRow(q: Queryable, user: SessionUser, id: number, need: 'read' | 'write' = 'read'): Promise<DialogueRow> {
  const r = await q.query<DialogueRow>('SELECT * FROM goal_dialogues WHERE id = $1', [id]);
  const d = r.rows[0];
  if (!d) throw notFound('Wirksamkeitsdialog / effectiveness dialogue', String(id));
  if (d.agreement_id !== null) await agreementRow(q, user, d.agreement_id, need);
  else if (need === 'write') assertGoalWritable(user, (await areaRefs(q, [d.area_id])).get(d.area_id ?? -1)?.code ?? null);
  else if (user.role === 'provider') throw notFound('Wirksamkeitsdialog / effectiveness dialogue', String(id));
  return d;
}

export async function createDialogue(q: Queryable, user: SessionUser, input: DialogueInput) {
  if (input.agreementId != null) await agreementRow(q, user, input.agreementId, 'write');
  const aid = await areaId(q, input.area);
  if (input.agreementId == null) assertGoalWritable(user, input.area?.code ?? null);
  if (user.role === 'provider') throw forbidden();
  const r = await q.query<{ id: number }>(
    'INSERT INTO goal_dialogues (year, agreement_id, area_id, title, worked, did_not_work, changes, follow_ups, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9) RETURNING id',
    [input.year, input.agreementId ?? null, aid, input.title, input.worked, input.didNotWork, input.changes, JSON.stringify(input.followUps), user.id]);
  await audit(q, user, 'dialogue.create', 'goal_dialogue', r.rows[0].id, null, input);
  return getDialogue(q, user, r.rows[0].id);
}

/** The dialogues the caller may read (those of agreements it sees; planning-area ones not for providers), optionally of one agreement. */
export async function listDialogues(q: Queryable, user: SessionUser, f: { agreementId?: number } = {}) {
  const r = await q.query<{ id: number }>('SELECT id FROM goal_dialogues WHERE ($1::int IS NULL OR agreement_id = $1) ORDER BY year DESC, id DESC', [f.agreementId ?? null]);
  const out = [];
  for (const { id } of r.rows) {
    try { out.push(dialogueOut(await dialogueRow(q, user, id))); } catch (e) { if (!(e instanceof LernortError) || e.status !== 404) throw e; }
  }
  return out;
}

export const getDialogue = async (q: Queryable, user: SessionUser, id: number) => dialogueOut(await dialogueRow(q, user, id));

const finalised = (id: number) => new LernortError('DIALOGUE_FINALISED', `Der Wirksamkeitsdialog ${id} ist abgeschlossen und kann nicht mehr geändert werden.`, `Effectiveness dialogue ${id} is finalised and can no longer be changed.`, { status: 409 });

export async function updateDialogue(q: Queryable, user: SessionUser, id: number, input: Omit<DialogueInput, 'year' | 'agreementId' | 'area'>) {
  const d = await dialogueRow(q, user, id, 'write');
  if (d.finalised_at) throw finalised(id);
  if (user.role === 'provider') throw forbidden();
  await q.query('UPDATE goal_dialogues SET title = $2, worked = $3, did_not_work = $4, changes = $5, follow_ups = $6::jsonb WHERE id = $1', [id, input.title, input.worked, input.didNotWork, input.changes, JSON.stringify(input.followUps)]);
  await audit(q, user, 'dialogue.update', 'goal_dialogue', id, dialogueOut(d), input);
  return getDialogue(q, user, id);
}

export async function finaliseDialogue(q: Queryable, user: SessionUser, id: number) {
  const d = await dialogueRow(q, user, id, 'write');
  if (d.finalised_at) throw finalised(id);
  if (user.role === 'provider') throw forbidden();
  await q.query('UPDATE goal_dialogues SET finalised_at = now() WHERE id = $1', [id]);
  await audit(q, user, 'dialogue.finalise', 'goal_dialogue', id, null, { finalised: true });
  return getDialogue(q, user, id);
}

/** What the export shows: the dialogue, the agreement's reports and the goals' status. */
export async function dialogueExportData(q: Queryable, user: SessionUser, id: number) {
  const d = await getDialogue(q, user, id);
  const agreement = d.agreementId !== null ? await getAgreement(q, user, d.agreementId) : null;
  const reports = d.agreementId !== null ? await listReports(q, user, d.agreementId) : [];
  const goalsOut = [];
  for (const gid of agreement?.content.goalIds ?? []) goalsOut.push(await getGoal(q, user, Number(gid)));
  return { dialogue: d, agreement, reports, goals: goalsOut };
}

// ---------------------------------------------------------------- row scopes (access module)

type GoalsEntity = 'goal' | 'proposal' | 'agreement' | 'dialogue' | 'attachment';

// The area of the row (for proposals: their workshop's; for a dialogue on an agreement: the
// agreement's), the provider organisation and the coordinator of an agreement.
const ROW_SCOPE: Record<GoalsEntity, string> = {
  goal: 'SELECT x.area_id, NULL::int AS organisation_id, NULL::int AS coordinator_user_id FROM goals x WHERE x.id = $1',
  proposal: 'SELECT w.area_id, NULL::int AS organisation_id, NULL::int AS coordinator_user_id FROM goal_proposals x JOIN goal_workshops w ON w.id = x.workshop_id WHERE x.id = $1',
  agreement: 'SELECT x.area_id, x.provider_organisation_id AS organisation_id, x.coordinator_user_id FROM goal_agreements x WHERE x.id = $1',
  attachment: `SELECT g.area_id, g.provider_organisation_id AS organisation_id, g.coordinator_user_id
                 FROM goal_report_attachments x JOIN goal_provider_reports p ON p.id = x.report_id JOIN goal_agreements g ON g.id = p.agreement_id WHERE x.id = $1`,
  dialogue: `SELECT coalesce(g.area_id, x.area_id) AS area_id, g.provider_organisation_id AS organisation_id, g.coordinator_user_id
               FROM goal_dialogues x LEFT JOIN goal_agreements g ON g.id = x.agreement_id WHERE x.id = $1`,
};

/** Where a goal, proposal, agreement or dialogue belongs (undefined: no such row). */
export async function rowScope(q: Queryable, kind: GoalsEntity, id: number): Promise<RowScope | undefined> {
  if (!Number.isInteger(id)) return undefined;
  const r = await q.query<{ area_id: number | null; organisation_id: number | null; coordinator_user_id: number | null }>(ROW_SCOPE[kind], [id]);
  const row = r.rows[0];
  if (!row) return undefined;
  const area = row.area_id === null ? undefined : (await areaRefs(q, [row.area_id])).get(row.area_id);
  return {
    organisationIds: row.organisation_id === null ? [] : [row.organisation_id],
    planningAreas: area ? [{ layer: area.layer, code: area.code }] : [],
    responsibleUserIds: row.coordinator_user_id === null ? [] : [row.coordinator_user_id],
  };
}
