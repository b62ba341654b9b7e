// Budgets (issue 10, METHODS.md §7): pots per service domain and fiscal year, last year's allocation
// per area (optionally per provider/grant), versioned allocation models, and scenarios with their
// inputs and per-area results. Money is integer cents (bigint). A frozen scenario (the committee's
// decision) is immutable: the service refuses changes and a trigger of the migration rejects any
// UPDATE/DELETE of it or of its rows in the database itself.
import { pgTable, serial, bigserial, integer, bigint, text, doublePrecision, timestamp, jsonb, uniqueIndex, index, primaryKey } from 'drizzle-orm/pg-core';

const cents = (name: string) => bigint(name, { mode: 'number' });

/** A pot (Haushaltstitel): money of one domain of the registry for one fiscal year and funding source. */
export const budgetPots = pgTable('budget_pots', {
  id: serial('id').primaryKey(),
  /** service_domains.key (the Vertiefungsgebiete and others). */
  domainKey: text('domain_key').notNull(),
  fiscalYear: integer('fiscal_year').notNull(),
  fundingSource: text('funding_source').notNull().default(''),
  name: text('name').notNull(),
  totalCents: cents('total_cents').notNull(),
  notes: text('notes'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('budget_pots_domain_year_source').on(t.domainKey, t.fiscalYear, t.fundingSource)]);

/** Last year's allocation of a pot per area (any layer), optionally split by provider and grant. */
export const budgetLastYear = pgTable('budget_last_year', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  potId: integer('pot_id').notNull().references(() => budgetPots.id, { onDelete: 'cascade' }),
  layerKey: text('layer_key').notNull(),
  areaId: integer('area_id').notNull(),
  /** organisations.id (Träger), when the amount is a grant to a provider. */
  organisationId: integer('organisation_id'),
  /** services.id (Angebot), when the amount funds one offer. */
  serviceId: integer('service_id'),
  amountCents: cents('amount_cents').notNull(),
  importId: integer('import_id'),
}, (t) => [index('budget_last_year_pot').on(t.potId)]);

/** A stored, versioned allocation model: the same body is the same version (as index definitions). */
export const budgetModels = pgTable('budget_models', {
  id: serial('id').primaryKey(),
  key: text('key').notNull(),
  version: integer('version').notNull(),
  name: text('name').notNull(),
  body: jsonb('body').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('budget_models_key_version').on(t.key, t.version)]);

/** A scenario: one computation of a model version for a pot, reproducible from its inputs. */
export const budgetScenarios = pgTable('budget_scenarios', {
  id: serial('id').primaryKey(),
  potId: integer('pot_id').notNull().references(() => budgetPots.id, { onDelete: 'cascade' }),
  modelId: integer('model_id').notNull().references(() => budgetModels.id),
  name: text('name').notNull(),
  layerKey: text('layer_key').notNull(),
  period: text('period').notNull(),
  /** Need source, target population, parameter overrides as requested. */
  parameters: jsonb('parameters').notNull().default({}),
  /** Snapshot of every input: values per area, data version, index run, last-year source, budget. */
  inputs: jsonb('inputs').notNull().default({}),
  inputHash: text('input_hash').notNull(),
  /** Damping iterations, objective, sensitivity. */
  summary: jsonb('summary').notNull().default({}),
  budgetCents: cents('budget_cents').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  frozenAt: timestamp('frozen_at', { withTimezone: true }),
  frozenBy: text('frozen_by'),
  /** The committee resolution (Beschluss) that made this scenario the decision. */
  decisionRef: text('decision_ref'),
}, (t) => [index('budget_scenarios_pot').on(t.potId)]);

/** One area's amount with every explanation term (cents; they add up to the amount). */
export const budgetScenarioRows = pgTable('budget_scenario_rows', {
  scenarioId: integer('scenario_id').notNull().references(() => budgetScenarios.id, { onDelete: 'cascade' }),
  areaId: integer('area_id').notNull(),
  code: text('code').notNull(),
  amountCents: cents('amount_cents').notNull(),
  /** Formula target T_i in cents, not rounded. */
  target: doublePrecision('target').notNull(),
  carriedForward: cents('carried_forward').notNull(),
  base: cents('base').notNull(),
  populationPart: cents('population_part').notNull(),
  needPart: cents('need_part').notNull(),
  damping: cents('damping').notNull(),
  optimisation: cents('optimisation').notNull(),
  rounding: cents('rounding').notNull(),
  distanceFromTarget: doublePrecision('distance_from_target'),
  bound: text('bound'),
  lastYearCents: cents('last_year_cents'),
  population: doublePrecision('population'),
  needValue: doublePrecision('need_value'),
}, (t) => [primaryKey({ columns: [t.scenarioId, t.areaId] })]);
