// Observations: the values of indicators per area and period, in series variants (what was counted,
// or a projection/scenario of a model), with optional breakdowns by age band, sex and nationality.
// This module owns these tables; others read and write them through observations/service.ts.
import { pgTable, serial, bigserial, integer, text, doublePrecision, boolean, timestamp, uniqueIndex, index, unique, bigint } from 'drizzle-orm/pg-core';
// the central schema re-exports every module's tables (areas and indicators among them)
import { areas, indicators } from '../../db/schema.ts';

/**
 * A series variant. Id 1 is the observed variant (inserted by the migration): every actual value
 * belongs to it. Projections and scenarios name the model, the scenario (a publisher's 'V1' or
 * 'mittel'), the vintage (base year) and the basis of the counts ('register' or 'official').
 */
export const seriesVariants = pgTable('series_variants', {
  id: serial('id').primaryKey(),
  /** 'observed' | 'projection' | 'scenario' (core/flags.ts VARIANT_KINDS). */
  kind: text('kind').notNull(),
  model: text('model'),
  scenario: text('scenario'),
  /** Base year of a projection (the last year of data it starts from). */
  vintage: integer('vintage'),
  /** 'register' (Melderegister) | 'official' (Fortschreibung of the statistical office) | another named basis. */
  basis: text('basis'),
  label: text('label'),
  /** The scenario served when a caller asks for projected values without naming one. */
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('series_variants_identity').on(t.kind, t.model, t.scenario, t.vintage, t.basis).nullsNotDistinct()]);

export const observations = pgTable('observations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  areaId: integer('area_id').notNull().references(() => areas.id, { onDelete: 'cascade' }),
  indicatorId: integer('indicator_id').notNull().references(() => indicators.id, { onDelete: 'cascade' }),
  period: text('period').notNull(),
  value: doublePrecision('value'),
  numerator: doublePrecision('numerator'),
  denominator: doublePrecision('denominator'),
  provisional: boolean('provisional').notNull().default(false),
  estimated: boolean('estimated').notNull().default(false),
  breakInSeries: boolean('break_in_series').notNull().default(false),
  suppressed: boolean('suppressed').notNull().default(false),
  missing: boolean('missing').notNull().default(false),
  missingSymbol: text('missing_symbol'),
  importId: integer('import_id'),
  /** The series variant; 1 = observed (the actuals). */
  variantId: integer('variant_id').notNull().default(1).references(() => seriesVariants.id),
  /** The model run that wrote a projected value (demography runs; null for imports). */
  runId: integer('run_id'),
}, (t) => [
  uniqueIndex('observations_key').on(t.indicatorId, t.period, t.areaId, t.variantId),
  index('observations_area').on(t.areaId, t.indicatorId),
  index('observations_variant').on(t.variantId, t.indicatorId),
]);

/**
 * Counts of an observation by category: an age band [age_from, age_to) (age_to null = open band,
 * both null = all ages), a sex ('w' | 'm' | 'd', null = all) and a nationality (null = all). The
 * observation holds the total; the categories of one dimension sum to it (within the publisher's
 * rounding, checked on write).
 */
export const observationBreakdowns = pgTable('observation_breakdowns', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  observationId: bigint('observation_id', { mode: 'number' }).notNull().references(() => observations.id, { onDelete: 'cascade' }),
  ageFrom: integer('age_from'),
  ageTo: integer('age_to'),
  sex: text('sex'),
  nationality: text('nationality'),
  value: doublePrecision('value'),
  provisional: boolean('provisional').notNull().default(false),
  estimated: boolean('estimated').notNull().default(false),
  breakInSeries: boolean('break_in_series').notNull().default(false),
  suppressed: boolean('suppressed').notNull().default(false),
  missing: boolean('missing').notNull().default(false),
}, (t) => [
  unique('observation_breakdowns_key').on(t.observationId, t.ageFrom, t.ageTo, t.sex, t.nationality).nullsNotDistinct(),
]);
