// The data model. Observations are stored long (area, indicator, period, variant) in
// modules/observations/tables.ts; geometry in EPSG:4326.
// Later modules (facilities, index runs, budget, goals, uptake) add their own tables in their own
// migrations and reference areas/indicators by id.
import {
  pgTable, serial, bigserial, integer, text, doublePrecision, boolean, timestamp, date, jsonb, uniqueIndex, index, primaryKey,
} from 'drizzle-orm/pg-core';
import { multiPolygon4326 } from './types.ts';

export const layers = pgTable('layers', {
  id: serial('id').primaryKey(),
  key: text('key').notNull().unique(),
  nameDe: text('name_de').notNull(),
  nameEn: text('name_en').notNull(),
  /** 'geometry': areas have their own polygons; 'grouping': areas are sets of member areas. */
  kind: text('kind').notNull().default('geometry'),
  /** The layer whose areas contain this layer's areas (Ortsteil → Stadtbezirk). */
  parentLayerId: integer('parent_layer_id'),
  /** For groupings: the layer of the member areas. */
  memberLayerId: integer('member_layer_id'),
  sort: integer('sort').notNull().default(0),
  description: text('description'),
});

export const areas = pgTable('areas', {
  id: serial('id').primaryKey(),
  layerId: integer('layer_id').notNull().references(() => layers.id, { onDelete: 'cascade' }),
  code: text('code').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  parentId: integer('parent_id'),
  validFrom: date('valid_from').notNull().default('1900-01-01'),
  validTo: date('valid_to'),
  geom: multiPolygon4326('geom'),
  /** Area in m², computed in the deployment's projected CRS. */
  areaM2: doublePrecision('area_m2'),
  importId: integer('import_id'),
}, (t) => [
  uniqueIndex('areas_layer_code_from').on(t.layerId, t.code, t.validFrom),
  index('areas_parent').on(t.parentId),
]);

/** Explicit groupings and crosswalks: a planning area is a set of Ortsteile (weight 1). */
export const areaMembers = pgTable('area_members', {
  groupId: integer('group_id').notNull().references(() => areas.id, { onDelete: 'cascade' }),
  memberId: integer('member_id').notNull().references(() => areas.id, { onDelete: 'cascade' }),
  weight: doublePrecision('weight').notNull().default(1),
}, (t) => [primaryKey({ columns: [t.groupId, t.memberId] }), index('area_members_member').on(t.memberId)]);

export const indicators = pgTable('indicators', {
  id: serial('id').primaryKey(),
  key: text('key').notNull().unique(),
  nameDe: text('name_de').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionDe: text('description_de'),
  descriptionEn: text('description_en'),
  unit: text('unit').notNull().default(''),
  unitEn: text('unit_en').notNull().default(''),
  topic: text('topic').notNull().default('sonstiges'),
  /** 'higher_is_worse' (more need), 'higher_is_better', 'neutral'. */
  polarity: text('polarity').notNull().default('neutral'),
  /** count | share | rate | mean | index — decides how the value aggregates (METHODS §1). */
  kind: text('kind').notNull().default('count'),
  numeratorKey: text('numerator_key'),
  denominatorKey: text('denominator_key'),
  /** Multiplier for share/rate: 100 for percent, 1000 for per mille. */
  scale: doublePrecision('scale').notNull().default(1),
  /** For 'mean': the indicator whose values weight the mean (e.g. residents). */
  weightKey: text('weight_key'),
  decimals: integer('decimals').notNull().default(0),
  source: text('source'),
  sourceUrl: text('source_url'),
  licence: text('licence'),
  /** Primary suppression threshold for public outputs (counts 1..k hidden). */
  suppressionK: integer('suppression_k').notNull().default(2),
  published: boolean('published').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const imports = pgTable('imports', {
  id: serial('id').primaryKey(),
  userId: integer('user_id'),
  actor: text('actor').notNull(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  fileHash: text('file_hash').notNull(),
  recipe: text('recipe'),
  status: text('status').notNull(),
  dryRun: boolean('dry_run').notNull().default(false),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  rowsRead: integer('rows_read').notNull().default(0),
  rowsWritten: integer('rows_written').notNull().default(0),
  rowsRejected: integer('rows_rejected').notNull().default(0),
  warnings: jsonb('warnings').notNull().default([]),
  errors: jsonb('errors').notNull().default([]),
  report: jsonb('report').notNull().default({}),
});

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  // Scope: user_organisations (providers) and user_planning_areas (coordinators), modules/users/tables.ts.
  disabled: boolean('disabled').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions (stateless app servers); the cookie holds a token, we store its hash. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sessions_expires').on(t.expiresAt)]);

export const loginAttempts = pgTable('login_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  username: text('username').notNull(),
  ip: text('ip').notNull(),
  success: boolean('success').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('login_attempts_user_at').on(t.username, t.at)]);

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  userId: integer('user_id'),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
});

/** Key/value facts about this installation (which recipe was loaded, synthetic demo or not). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// The capability modules' tables live beside their code (src/modules/*/tables.ts); drizzle.config.ts
// collects them from there for the migrations, so this file points at no module (no circle).
