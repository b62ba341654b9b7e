// Social index definitions (versioned), their runs with per-area results, and focus areas.
import { pgTable, serial, integer, text, doublePrecision, boolean, timestamp, date, jsonb, uniqueIndex, index, primaryKey } from 'drizzle-orm/pg-core';

/** A stored, versioned index definition; the body is the zod-validated JSON (see indices/schema.ts). */
export const indexDefinitions = pgTable('index_definitions', {
  id: serial('id').primaryKey(),
  key: text('key').notNull(),
  version: integer('version').notNull(),
  name: text('name').notNull(),
  body: jsonb('body').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('index_definitions_key_version').on(t.key, t.version)]);

/** One computation of a definition version for a layer and period; reproducible from inputHash. */
export const indexRuns = pgTable('index_runs', {
  id: serial('id').primaryKey(),
  definitionId: integer('definition_id').notNull().references(() => indexDefinitions.id),
  layerKey: text('layer_key').notNull(),
  period: text('period').notNull(),
  inputHash: text('input_hash').notNull(),
  /** Parameters actually used (reference mean/sd, sd of the index, cut points, sensitivity settings). */
  params: jsonb('params').notNull().default({}),
  summary: jsonb('summary').notNull().default({}),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('index_runs_definition').on(t.definitionId)]);

export const indexResults = pgTable('index_results', {
  runId: integer('run_id').notNull().references(() => indexRuns.id, { onDelete: 'cascade' }),
  areaId: integer('area_id').notNull(),
  score: doublePrecision('score'),
  rank: integer('rank'),
  class: integer('class'),
  dynamicsScore: doublePrecision('dynamics_score'),
  dynamicsClass: integer('dynamics_class'),
  focus: boolean('focus').notNull().default(false),
  /** Why the area was not rated (minimum population, manual exclusion, missing input). */
  excludedReason: text('excluded_reason'),
  /** z-values (or other standardised values) per indicator key. */
  components: jsonb('components').notNull().default({}),
  medianRank: doublePrecision('median_rank'),
  rankP05: doublePrecision('rank_p05'),
  rankP95: doublePrecision('rank_p95'),
  classFlipRate: doublePrecision('class_flip_rate'),
}, (t) => [primaryKey({ columns: [t.runId, t.areaId] })]);

/** Designated focus areas (Schwerpunktgebiete), by rule or by hand, with reason and decision. */
export const focusAreas = pgTable('focus_areas', {
  id: serial('id').primaryKey(),
  areaId: integer('area_id').notNull(),
  validFrom: date('valid_from').notNull(),
  validTo: date('valid_to'),
  reason: text('reason').notNull(),
  /** e.g. a council resolution number. */
  decisionRef: text('decision_ref'),
  sourceRunId: integer('source_run_id'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [index('focus_areas_area').on(t.areaId)]);
