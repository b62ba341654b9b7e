// The allocation model (METHODS.md §7) as a zod schema: the one source of truth for the CLI
// (`lernort budget allocate --model FILE.json`), later the API, and docs/budget-model.schema.json
// (regenerate with `npx lernort budget schema > docs/budget-model.schema.json`; a test checks drift).
// The parsed model is the core's AllocationModel. Money in the model is in € (numbers).
import { z } from 'zod';
import type { AllocationModel } from '../../core/allocation/index.ts';

const column = z.string().min(1).max(128).describe('column name in the input table');
const fraction = z.number().min(-1).max(10);

export const needWeightSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('population-in-need'), column })
    .describe('the column holds P_i·f_i already, e.g. under-18s living in low-status areas (Hamburg JEW)'),
  z.object({ kind: z.literal('class-indicator'), column })
    .describe('f_i ∈ {0, 1}, e.g. the focus-area flag or "low status" class of an index run'),
  z.object({ kind: z.literal('score'), column })
    .describe('f_i = the column (≥ 0, higher = more need), e.g. an index score'),
  z.object({ kind: z.literal('rank-score'), column, direction: z.enum(['higher-is-needier', 'lower-is-needier']).default('higher-is-needier') })
    .describe('f_i = SP_i, the 0–100 min–max score of the rank on the column (neediest 100, least needy 0; ties share their mean rank)'),
]);

export const formulaSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('share'),
    alpha: z.number().min(0).max(1).default(0).describe('α: base share, split equally among the areas'),
    w: z.number().min(0).max(1).default(1).describe('w: weight of the target-population share; 1 − w goes by need'),
    population: column.describe('target population P_i, e.g. "u18"'),
    need: needWeightSchema.optional().describe('need weight f_i; required when w < 1'),
  }).describe('share_i = α/n + (1 − α)·(w·P_i/ΣP + (1 − w)·P_i f_i/Σ P f)')
    .refine((f) => f.w === 1 || f.alpha === 1 || f.need !== undefined, { message: 'w < 1 needs a need weight (formula.need)', path: ['need'] }),
  z.object({
    kind: z.literal('jew-rank'),
    population: column.describe('target population P_i'),
    need: needWeightSchema.refine((n) => n.kind === 'rank-score' || n.kind === 'score', { message: 'the JEW rank variant needs a rank-score (or a 0–100 score)' }),
  }).describe('JEW_i = P_i·(1 + SP_i/100), share_i = JEW_i/Σ JEW (older rank variant, ISA)'),
]);

const boundsSchema = z.object({
  floor: fraction.describe('f: each area gets at least (1 + f)·A⁰, e.g. −0.05'),
  cap: fraction.describe('c: each area gets at most (1 + c)·A⁰, e.g. 0.10'),
});

export const dampingSchema = boundsSchema.extend({
  overrides: z.record(z.string().min(1), boundsSchema.partial()).optional().describe('per-area floor/cap by area code'),
}).refine((d) => d.floor <= d.cap, { message: 'floor must not exceed cap', path: ['floor'] })
  .describe('damping against last year A⁰: bounds [(1 + f)·A⁰, (1 + c)·A⁰], the rest redistributed pro rata to the target; an area without last year is not damped');

export const optimisationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).describe('the formula (damped if damping is set), rounded'),
  z.object({ kind: z.literal('l1-closest') }).describe('min Σ|x_i − T_i| under the damping bounds and Σx = budget'),
  z.object({ kind: z.literal('maximin'), need: z.union([z.literal('target'), z.object({ column })]).default('target') })
    .describe('max t with x_i ≥ t·need_i (need scaled to the budget), then the closest to the target with t held'),
  z.object({
    kind: z.literal('max-need-coverage'),
    need: z.object({ column }).describe('weight of an area\'s coverage, e.g. children in need'),
    requirement: z.object({ column }).describe('€ an area needs for full coverage'),
    minimum: z.union([z.object({ column }), z.object({ fractionOfTarget: z.number().min(0).max(1) })]).optional().describe('per-area minimum in € (column) or as a fraction of the target'),
  }).describe('max Σ need_i·c_i with c_i ≤ 1, c_i ≤ x_i/requirement_i, x_i ≥ minimum_i, then the closest to the target with coverage held'),
  z.object({
    kind: z.literal('integer-units'),
    unitCost: z.number().positive().describe('€ per unit, e.g. one post (Stelle) or one place'),
    maxUnitsPerArea: z.number().int().positive().optional().describe('1 = a yes/no decision per area'),
  }).describe('MIP: whole units per area closest to the target; the rest below one unit goes pro rata to the remaining distance below target'),
]);

export const budgetModelSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).optional(),
  formula: formulaSchema,
  mode: z.enum(['full', 'top-up']).default('full').describe("'top-up': last year's amounts are carried forward; only the increment goes by the formula"),
  lastYear: column.optional().describe("column with last year's allocation A⁰ in € (an empty cell = a new area)"),
  damping: dampingSchema.optional(),
  optimisation: optimisationSchema.default({ kind: 'none' }),
  rounding: z.object({
    unit: z.number().positive().default(0.01).refine((u) => Math.abs(Math.round(u * 100) - u * 100) < 1e-9, { message: 'the rounding unit must be whole cents' })
      .describe('amounts are multiples of this many €, e.g. 100; the budget rest below one unit goes to one area'),
  }).default({ unit: 0.01 }),
}).refine((m) => m.mode !== 'top-up' || m.lastYear !== undefined, { message: "top-up needs lastYear (the column of last year's allocation)", path: ['lastYear'] })
  .refine((m) => m.damping === undefined || m.lastYear !== undefined, { message: "damping needs lastYear (the column of last year's allocation)", path: ['lastYear'] });

export type BudgetModel = z.infer<typeof budgetModelSchema>;
export type BudgetModelInput = z.input<typeof budgetModelSchema>;

// The parsed model is exactly what the core computes with.
const _assignable = (m: BudgetModel): AllocationModel => m;
void _assignable;

/** The JSON Schema of a model file, for docs/budget-model.schema.json. */
export function modelJsonSchema(): unknown {
  return z.toJSONSchema(budgetModelSchema, { io: 'input', target: 'draft-2020-12' });
}
