// Coordination in the planning areas: who coordinates an area, working groups and networks with
// their members, meetings (single or from a series) with agenda, attendance, minutes, decisions
// and tasks, documents, calendar-feed tokens and in-app notifications.
//
// Times of meetings are wall-clock local datetimes plus an IANA zone (what the group agreed on:
// "16:00 in Leipzig"); starts_at is the derived instant, kept for ordering and reminders.
import { pgTable, serial, integer, text, boolean, timestamp, date, primaryKey, index, uniqueIndex, customType, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { areas, users } from '../../db/schema.ts';
import { facilities } from '../facilities/tables.ts';
import { organisations } from '../organisations/tables.ts';

/** Raw bytes (documents live in the database, so the logical backup carries them). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return 'bytea';
  },
});

/** The managing provider (Träger mit Managementfunktion) of an area of any layer. */
export const planningAreaProviders = pgTable('planning_area_providers', {
  areaId: integer('area_id').primaryKey().references(() => areas.id, { onDelete: 'cascade' }),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
});

/** Coordinators of an area (besides the scope stored with the user). */
export const planningAreaCoordinators = pgTable('planning_area_coordinators', {
  areaId: integer('area_id').notNull().references(() => areas.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.areaId, t.userId] })]);

/** Kinds of working group (Planungsraumarbeitskreis, Netzwerk, …), configurable. */
export const workingGroupTypes = pgTable('working_group_types', {
  key: text('key').primaryKey(),
  nameDe: text('name_de').notNull(),
  nameEn: text('name_en').notNull(),
  sort: integer('sort').notNull().default(0),
});

export const workingGroups = pgTable('working_groups', {
  id: serial('id').primaryKey(),
  typeKey: text('type_key').notNull().references(() => workingGroupTypes.key, { onDelete: 'restrict' }),
  name: text('name').notNull(),
  description: text('description'),
  /** The planning area (or other area) the group belongs to; null for city-wide groups. */
  areaId: integer('area_id').references(() => areas.id, { onDelete: 'set null' }),
  /** For Facharbeitskreise: the service domain. */
  domainKey: text('domain_key'),
  zone: text('zone').notNull().default('Europe/Berlin'),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('working_groups_area').on(t.areaId)]);

/** A member: a person (with an account, or name and e-mail), an organisation, or a facility. */
export const groupMembers = pgTable('group_members', {
  id: serial('id').primaryKey(),
  groupId: integer('group_id').notNull().references(() => workingGroups.id, { onDelete: 'cascade' }),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  name: text('name'),
  email: text('email'),
  organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
  facilityId: integer('facility_id').references(() => facilities.id, { onDelete: 'cascade' }),
  /** chair | member | guest */
  role: text('role').notNull().default('member'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('group_members_group').on(t.groupId),
  index('group_members_user').on(t.userId),
  check('group_members_role', sql`${t.role} IN ('chair', 'member', 'guest')`),
]);

/** A recurring series (RRULE of RFC 5545); its occurrences are rows of `meetings`. */
export const meetingSeries = pgTable('meeting_series', {
  id: serial('id').primaryKey(),
  groupId: integer('group_id').notNull().references(() => workingGroups.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  startLocal: text('start_local').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  zone: text('zone').notNull(),
  rrule: text('rrule').notNull(),
  place: text('place'),
  onlineUrl: text('online_url'),
  sequence: integer('sequence').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const meetings = pgTable('meetings', {
  id: serial('id').primaryKey(),
  groupId: integer('group_id').notNull().references(() => workingGroups.id, { onDelete: 'cascade' }),
  seriesId: integer('series_id').references(() => meetingSeries.id, { onDelete: 'set null' }),
  /** The occurrence's original start in its series (RECURRENCE-ID), a local datetime. */
  occurrenceLocal: text('occurrence_local'),
  title: text('title').notNull(),
  /** Wall-clock start and end, "2026-03-10T16:00:00", in `zone`. */
  startLocal: text('start_local').notNull(),
  endLocal: text('end_local').notNull(),
  zone: text('zone').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  place: text('place'),
  onlineUrl: text('online_url'),
  /** planned | held | minutes-draft | finalised | cancelled (core/meetings/lifecycle.ts) */
  status: text('status').notNull().default('planned'),
  /** General minutes (sanitised HTML); minutes per item live with the item. */
  minutesHtml: text('minutes_html'),
  finalisedAt: timestamp('finalised_at', { withTimezone: true }),
  finalisedBy: integer('finalised_by').references(() => users.id, { onDelete: 'set null' }),
  /** Raised on changes attendees should see (iCalendar SEQUENCE). */
  sequence: integer('sequence').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('meetings_group_start').on(t.groupId, t.startsAt), index('meetings_series').on(t.seriesId)]);

export const agendaItems = pgTable('agenda_items', {
  id: serial('id').primaryKey(),
  meetingId: integer('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  confidential: boolean('confidential').notNull().default(false),
  standing: boolean('standing').notNull().default(false),
  /** done | open | deferred; null = done (carried only when the minutes say so). */
  outcome: text('outcome'),
  minutesHtml: text('minutes_html'),
  carriedFromItemId: integer('carried_from_item_id'),
  carriedFromMeetingId: integer('carried_from_meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
  firstRaisedIn: integer('first_raised_in').references(() => meetings.id, { onDelete: 'set null' }),
}, (t) => [index('agenda_items_meeting').on(t.meetingId, t.position)]);

export const attendance = pgTable('attendance', {
  meetingId: integer('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
  memberId: integer('member_id').notNull().references(() => groupMembers.id, { onDelete: 'cascade' }),
  /** present | excused | absent */
  status: text('status').notNull(),
}, (t) => [primaryKey({ columns: [t.meetingId, t.memberId] })]);

export const decisions = pgTable('decisions', {
  id: serial('id').primaryKey(),
  meetingId: integer('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
  itemId: integer('item_id').notNull().references(() => agendaItems.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
  reviewAtNextMeeting: boolean('review_at_next_meeting').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const coordinationTasks = pgTable('coordination_tasks', {
  id: serial('id').primaryKey(),
  groupId: integer('group_id').notNull().references(() => workingGroups.id, { onDelete: 'cascade' }),
  meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
  decisionId: integer('decision_id').references(() => decisions.id, { onDelete: 'set null' }),
  title: text('title').notNull(),
  ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
  ownerMemberId: integer('owner_member_id').references(() => groupMembers.id, { onDelete: 'set null' }),
  due: date('due', { mode: 'string' }),
  /** open | in-progress | done | dropped (core/meetings/tasks.ts) */
  status: text('status').notNull().default('open'),
  closedOn: date('closed_on', { mode: 'string' }),
  dropReason: text('drop_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('coordination_tasks_group').on(t.groupId), index('coordination_tasks_owner').on(t.ownerUserId)]);

/** Attached files, stored in PostgreSQL (and so in the backup); limits in the service. */
export const coordinationDocuments = pgTable('coordination_documents', {
  id: serial('id').primaryKey(),
  groupId: integer('group_id').notNull().references(() => workingGroups.id, { onDelete: 'cascade' }),
  meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  mediaType: text('media_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('coordination_documents_group').on(t.groupId)]);

/** Secret calendar-feed URLs: the token is shown once, only its SHA-256 is kept. group null = personal feed. */
export const calendarTokens = pgTable('calendar_tokens', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  groupId: integer('group_id').references(() => workingGroups.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
}, (t) => [uniqueIndex('calendar_tokens_hash').on(t.tokenHash), index('calendar_tokens_user').on(t.userId)]);

/** In-app notifications; `key` is the reminder's stable key, so a repeated run adds nothing. */
export const notifications = pgTable('notifications', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  kind: text('kind').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectId: integer('subject_id').notNull(),
  textDe: text('text_de').notNull(),
  textEn: text('text_en').notNull(),
  emailedAt: timestamp('emailed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
}, (t) => [uniqueIndex('notifications_key').on(t.key), index('notifications_user').on(t.userId, t.createdAt)]);
