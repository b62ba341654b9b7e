// zod types of the budget API (the model file itself is schema.ts). Money in the API is integer
// cents, named *Cents, so that nothing is ever rounded on the way.
import { z } from 'zod';
import { areaCodeSchema, keySchema, periodSchema } from '../../core/schemas.ts';
import { budgetModelSchema } from './schema.ts';

export const idSchema = z.coerce.number().int().positive();
const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const potInputSchema = z.object({
  domain: keySchema.describe('service domain key of the registry (e.g. offene_jugendarbeit)'),
  fiscalYear: z.number().int().min(1990).max(2200),
  fundingSource: z.string().max(200).default('').describe('e.g. "Kommune", "Land (Jugendpauschale)"'),
  name: z.string().min(1).max(200),
  totalCents: cents.refine((c) => c > 0, 'the total must be positive'),
  notes: z.string().max(4000).nullable().optional(),
});
export type PotInput = z.infer<typeof potInputSchema>;

export const potSchema = z.object({
  id: z.number(), domain: z.string(), domainName: z.string().nullable(), domainNameEn: z.string().nullable(), fiscalYear: z.number(), fundingSource: z.string(),
  name: z.string(), totalCents: z.number(), notes: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
  lastYear: z.object({ layer: z.string().nullable(), rows: z.number(), totalCents: z.number() }),
  scenarios: z.number(), frozenScenarioId: z.number().nullable(),
});

export const lastYearInputSchema = z.object({
  layer: keySchema,
  rows: z.array(z.object({
    code: areaCodeSchema,
    amountCents: cents,
    organisationId: z.number().int().positive().nullable().optional(),
    serviceId: z.number().int().positive().nullable().optional(),
  })).max(20000),
});
export type LastYearInput = z.infer<typeof lastYearInputSchema>;

export const modelInputSchema = z.object({
  key: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'key: lower-case letters, digits, _ and -'),
  model: z.unknown().describe('allocation model (docs/budget-model.md, docs/budget-model.schema.json)'),
});

export const needSourceSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('index-run'),
    runId: z.number().int().positive(),
    field: z.enum(['class-indicator', 'score', 'rank-score']).describe('class-indicator: f = 1 where class ≥ minClass (or the focus flag); score/rank-score: the run score'),
    minClass: z.number().int().min(1).optional().describe('default: the highest class of the run'),
    focus: z.boolean().optional().describe('class-indicator from the focus flag instead of the class'),
  }),
  z.object({ source: z.literal('indicator'), key: keySchema, period: periodSchema.optional() }),
]);
export type NeedSource = z.infer<typeof needSourceSchema>;

export const scenarioInputSchema = z.object({
  potId: z.number().int().positive(),
  model: z.object({ key: keySchema, version: z.number().int().positive().optional() }),
  name: z.string().min(1).max(200),
  layer: keySchema,
  period: periodSchema.describe('data period of the target population and of indicator-based need'),
  population: keySchema.describe('indicator key of the target population P (e.g. under-18s)'),
  need: needSourceSchema.optional(),
  columns: z.record(z.string(), keySchema).optional().describe('further model columns bound to indicator keys (optimisation inputs)'),
  parameters: z.object({
    alpha: z.number().min(0).max(1).optional(),
    w: z.number().min(0).max(1).optional(),
    floor: z.number().min(-1).max(10).optional(),
    cap: z.number().min(-1).max(10).optional(),
  }).default({}).describe('overrides of the model: α, w, damping floor and cap (damping is added when the model has none)'),
});
export type ScenarioInput = z.infer<typeof scenarioInputSchema>;

export const termSchema = z.object({ key: z.string(), de: z.string(), en: z.string(), cents: z.number() });

export const scenarioRowSchema = z.object({
  code: z.string(), name: z.string(), amountCents: z.number(), targetCents: z.number(), lastYearCents: z.number().nullable(),
  population: z.number().nullable(), needValue: z.number().nullable(),
  carriedForward: z.number(), base: z.number(), populationPart: z.number(), needPart: z.number(), damping: z.number(), optimisation: z.number(), rounding: z.number(),
  distanceFromTarget: z.number().nullable(), bound: z.string().nullable(), perPerson: z.number().nullable(),
});

export const scenarioSchema = z.object({
  id: z.number(), potId: z.number(), name: z.string(), layer: z.string(), period: z.string(),
  model: z.object({ id: z.number(), key: z.string(), version: z.number(), name: z.string() }),
  parameters: z.unknown(), inputs: z.unknown(), inputHash: z.string(), summary: z.unknown(), budgetCents: z.number(),
  createdBy: z.string(), createdAt: z.string(), frozenAt: z.string().nullable(), frozenBy: z.string().nullable(), decisionRef: z.string().nullable(),
  rows: z.array(scenarioRowSchema),
});

// ---- responses -----------------------------------------------------------------------------------

/** One row of a pot's last-year allocation (pots.lastYear). */
export const lastYearRowSchema = z.object({
  layer: z.string(), code: z.string(), name: z.string(), organisationId: z.number().nullable(), serviceId: z.number().nullable(), amountCents: z.number(),
});

/** What entering last year's allocation stored (pots.saveLastYear). */
export const lastYearSavedSchema = z.object({ rows: z.number(), totalCents: z.number() });

/** What importing last year's allocation stored (pots.importLastYear): with its import record and the total in €. */
export const lastYearImportedSchema = lastYearSavedSchema.extend({ importId: z.number(), total: z.string().describe('the total in €, e.g. "12345.67"') });

/** A shipped model template (service.listTemplates). */
export const templateSchema = z.object({ file: z.string(), model: budgetModelSchema });

/** A stored version of an allocation model (models.ModelVersion); the body as stored (docs/budget-model.schema.json). */
export const modelVersionSchema = z.object({
  id: z.number(), key: z.string(), version: z.number(), name: z.string(),
  body: z.unknown().describe('the allocation model as saved (docs/budget-model.md, docs/budget-model.schema.json)'), createdBy: z.string(), createdAt: z.string(),
});

/** A scenario in the list (scenarios.listScenarios): without rows and inputs. */
export const scenarioListItemSchema = z.object({
  id: z.number(), potId: z.number(), name: z.string(), layer: z.string(), period: z.string(), modelId: z.number(), budgetCents: z.number(),
  createdBy: z.string(), createdAt: z.string(), frozenAt: z.string().nullable(), decisionRef: z.string().nullable(),
});

const scenarioHead = z.object({
  id: z.number(), name: z.string(), model: z.object({ id: z.number(), key: z.string(), version: z.number(), name: z.string() }),
  budgetCents: z.number(), frozenAt: z.string().nullable(), decisionRef: z.string().nullable(),
});

/** Two scenarios area by area, b − a (scenarios.compareScenarios). */
export const comparisonSchema = z.object({
  a: scenarioHead, b: scenarioHead, layer: z.string(),
  areas: z.array(z.object({
    code: z.string(), name: z.string(), amountA: z.number(), amountB: z.number().nullable(), differenceCents: z.number().nullable(),
    relative: z.number().nullable().describe('(b − a) / a'), lastYearCents: z.number().nullable(),
  })),
  totalA: z.number(), totalB: z.number(),
});

/** Why an area gets its amount (scenarios.explainArea): the terms in cents that add up to it. */
export const explanationSchema = z.object({
  scenario: z.object({ id: z.number(), name: z.string(), frozenAt: z.string().nullable(), decisionRef: z.string().nullable() }), area: z.object({ code: z.string(), name: z.string() }),
  amountCents: z.number(), amount: z.string().describe('in €'), targetCents: z.number(), lastYearCents: z.number().nullable(),
  population: z.number().nullable(), needValue: z.number().nullable(), perPerson: z.number().nullable(), bound: z.string().nullable(), distanceFromTarget: z.number().nullable(),
  terms: z.array(termSchema), sumOfTermsCents: z.number(), addsUp: z.boolean(),
  sensitivity: z.array(z.object({ parameter: z.string(), value: z.number(), eurPerStep: z.number().nullable(), problem: z.string().nullable() })),
  model: z.unknown().describe('the effective allocation model of the scenario (stored with it)'), indexRunId: z.number().nullable(), dataVersion: z.string(),
});

/** The sensitivity of each amount to α, w, floor and cap (scenarios.scenarioSensitivity), as stored with the scenario. */
export const sensitivitySchema = z.object({
  scenarioId: z.number(), step: z.number(), unit: z.string(),
  parameters: z.unknown().describe('per parameter: { parameter, value, perArea: {code: € per +0.01} | null, problem? } as computed when the scenario was stored'),
});

/** The amounts written as indicators (output.writeIndicators). */
export const indicatorsWrittenSchema = z.object({ indicators: z.array(z.string()), period: z.string(), layer: z.string(), importId: z.number().nullable(), published: z.boolean() });
