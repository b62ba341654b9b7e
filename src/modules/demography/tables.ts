// Demography (issue 14): published projections as imported (city totals by edition, variant and
// count basis) and the module's runs (projections, typologies), stored reproducibly like index runs:
// the parameters and seed actually used, a hash of the inputs, the import ids the inputs came from,
// and the full result, so a run can be repeated and compared.
import { pgTable, serial, integer, text, doublePrecision, timestamp, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';

/** One published forecast value: a publisher's edition, variant and target year, on its basis. */
export const publishedProjections = pgTable('demography_published', {
  id: serial('id').primaryKey(),
  /** Area key the value belongs to: layer and code of the city (or of a district for the RBV). */
  layerKey: text('layer_key').notNull(),
  areaCode: text('area_code').notNull(),
  edition: integer('edition').notNull(),
  publisher: text('publisher').notNull(),
  /** 'register' (municipal register) or 'official' (the statistical office's count). */
  basis: text('basis').notNull(),
  /** main / lower / upper, or a publisher's variant (V1, V2). */
  variant: text('variant').notNull(),
  targetYear: integer('target_year').notNull(),
  population: doublePrecision('population').notNull(),
  /** Where the figure was reported (press report, PDF table). */
  source: text('source'),
  fileName: text('file_name').notNull(),
  fileHash: text('file_hash').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('demography_published_key').on(t.layerKey, t.areaCode, t.publisher, t.edition, t.variant, t.targetYear)]);

/** A projection or typology run: parameters, seed, inputs version and the whole result. */
export const demographyRuns = pgTable('demography_runs', {
  id: serial('id').primaryKey(),
  /** 'projection' | 'typology'. */
  kind: text('kind').notNull(),
  layerKey: text('layer_key').notNull(),
  params: jsonb('params').notNull().default({}),
  seed: integer('seed'),
  /** SHA-256 over the input series (area, indicator, period, value) in a fixed order. */
  inputHash: text('input_hash').notNull(),
  /** Which stored data the inputs came from: the newest import id per indicator, counts. */
  inputsVersion: jsonb('inputs_version').notNull().default({}),
  summary: jsonb('summary').notNull().default({}),
  results: jsonb('results').notNull().default({}),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('demography_runs_kind_layer').on(t.kind, t.layerKey)]);
