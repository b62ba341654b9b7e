// Goals and goal agreements (METHODS.md §8): goals in a hierarchy city → planning area (or domain) →
// agreement, their status history per reporting date, workshop proposals with votes, agreements
// (Zielvereinbarungen) with a provider, provider reports and the annual Wirksamkeitsdialog.
// A signed agreement and a finalised dialogue are immutable; triggers in the migration enforce it.
import { customType, pgTable, serial, integer, text, doublePrecision, boolean, timestamp, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { areas, users } from '../../db/schema.ts';
import { organisations } from '../organisations/tables.ts';
import { workingGroups } from '../coordination/tables.ts';

/** Raw bytes (attachments live in the database, so the logical backup carries them; as coordination's documents). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return 'bytea';
  },
});

export const goals = pgTable('goals', {
  id: serial('id').primaryKey(),
  /** city | planning-area | domain | agreement */
  level: text('level').notNull(),
  parentId: integer('parent_id'),
  areaId: integer('area_id').references(() => areas.id, { onDelete: 'restrict' }),
  domainKey: text('domain_key'),
  title: text('title').notNull(),
  resultStatement: text('result_statement').notNull().default(''),
  ownerGroupId: integer('owner_group_id').references(() => workingGroups.id, { onDelete: 'set null' }),
  ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
  /** The monitoring indicator key, or null for a provider performance measure. */
  indicatorKey: text('indicator_key'),
  /** Where the indicator is read when it differs from the goal's area (a share published only per Ortsteil). */
  indicatorAreaId: integer('indicator_area_id').references(() => areas.id, { onDelete: 'restrict' }),
  measureName: text('measure_name'),
  /** Results-based accountability of a performance measure: count | share × effort | effect (core/goals/rba.ts). */
  measureKind: text('measure_kind'),
  measureAspect: text('measure_aspect'),
  /** A share's numerator and denominator, in words ("Teilnehmende mit Abschluss" / "Teilnehmende"). */
  measureNumerator: text('measure_numerator'),
  measureDenominator: text('measure_denominator'),
  higherIsBetter: boolean('higher_is_better').notNull(),
  baselineYear: integer('baseline_year'),
  baselineValue: doublePrecision('baseline_value'),
  targetYear: integer('target_year'),
  targetValue: doublePrecision('target_value'),
  published: boolean('published').notNull().default(false),
  originProposalId: integer('origin_proposal_id'),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('goals_area').on(t.areaId), index('goals_parent').on(t.parentId)]);

/** The computed status as of a reporting date. */
export const goalStatusHistory = pgTable('goal_status_history', {
  goalId: integer('goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
  asOf: text('as_of').notNull(),
  status: text('status').notNull(),
  score: doublePrecision('score'),
  latestYear: integer('latest_year'),
  latestValue: doublePrecision('latest_value'),
  reasonDe: text('reason_de').notNull(),
  reasonEn: text('reason_en').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('goal_status_history_key').on(t.goalId, t.asOf)]);

/** A Bildungswerkstatt: members collect proposals and prioritise them with a budget of votes. */
export const workshops = pgTable('goal_workshops', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  areaId: integer('area_id').references(() => areas.id, { onDelete: 'set null' }),
  votesPerPerson: integer('votes_per_person').notNull().default(5),
  maxPerProposal: integer('max_per_proposal').notNull().default(3),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const proposals = pgTable('goal_proposals', {
  id: serial('id').primaryKey(),
  workshopId: integer('workshop_id').notNull().references(() => workshops.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  text: text('text').notNull().default(''),
  authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
  acceptedGoalId: integer('accepted_goal_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const proposalComments = pgTable('goal_proposal_comments', {
  id: serial('id').primaryKey(),
  proposalId: integer('proposal_id').notNull().references(() => proposals.id, { onDelete: 'cascade' }),
  authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One person's ballot in a workshop: proposal id → votes. */
export const ballots = pgTable('goal_ballots', {
  workshopId: integer('workshop_id').notNull().references(() => workshops.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  votes: jsonb('votes').notNull().default({}),
}, (t) => [uniqueIndex('goal_ballots_key').on(t.workshopId, t.userId)]);

export const agreements = pgTable('goal_agreements', {
  id: serial('id').primaryKey(),
  version: integer('version').notNull().default(1),
  previousVersionId: integer('previous_version_id'),
  state: text('state').notNull().default('draft'),
  areaId: integer('area_id').references(() => areas.id, { onDelete: 'restrict' }),
  coordinatorUserId: integer('coordinator_user_id').notNull().references(() => users.id, { onDelete: 'restrict' }),
  providerOrganisationId: integer('provider_organisation_id').notNull().references(() => organisations.id, { onDelete: 'restrict' }),
  signedCoordinatorAt: text('signed_coordinator_at'),
  signedProviderAt: text('signed_provider_at'),
  /** AgreementContent of src/core/goals/agreement.ts (title, period, goalIds, measures, …). */
  content: jsonb('content').notNull(),
  budgetScenarioId: integer('budget_scenario_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('goal_agreements_org').on(t.providerOrganisationId), index('goal_agreements_area').on(t.areaId)]);

export const providerReports = pgTable('goal_provider_reports', {
  id: serial('id').primaryKey(),
  agreementId: integer('agreement_id').notNull().references(() => agreements.id, { onDelete: 'restrict' }),
  due: text('due').notNull(),
  state: text('state').notNull().default('draft'),
  /** Money in integer cents. */
  fundingJugendamtCents: integer('funding_jugendamt_cents').notNull().default(0),
  ownFundsCents: integer('own_funds_cents').notNull().default(0),
  thirdPartyCents: integer('third_party_cents').notNull().default(0),
  offers: integer('offers').notNull().default(0),
  /** { "6-<10": 12, … } and { "<ortsteil code>": 7, … } */
  participantsByAge: jsonb('participants_by_age').notNull().default({}),
  participantsByArea: jsonb('participants_by_area').notNull().default({}),
  outcomes: jsonb('outcomes').notNull().default({}),
  outcomesText: text('outcomes_text').notNull().default(''),
  impactText: text('impact_text').notNull().default(''),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  reviewComment: text('review_comment'),
}, (t) => [uniqueIndex('goal_provider_reports_key').on(t.agreementId, t.due)]);

/** Files attached to a provider report (Sachbericht, Teilnehmendenlisten …), checked like coordination's documents. */
export const reportAttachments = pgTable('goal_report_attachments', {
  id: serial('id').primaryKey(),
  reportId: integer('report_id').notNull().references(() => providerReports.id, { onDelete: 'restrict' }),
  fileName: text('file_name').notNull(),
  mediaType: text('media_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('goal_report_attachments_report').on(t.reportId)]);

export const dialogues = pgTable('goal_dialogues', {
  id: serial('id').primaryKey(),
  year: integer('year').notNull(),
  agreementId: integer('agreement_id').references(() => agreements.id, { onDelete: 'restrict' }),
  areaId: integer('area_id').references(() => areas.id, { onDelete: 'restrict' }),
  title: text('title').notNull(),
  worked: text('worked').notNull().default(''),
  didNotWork: text('did_not_work').notNull().default(''),
  changes: text('changes').notNull().default(''),
  followUps: jsonb('follow_ups').notNull().default([]),
  finalisedAt: timestamp('finalised_at', { withTimezone: true }),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
});
