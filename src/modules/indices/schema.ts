// The index definition (METHODS.md §2–§3) as a zod schema: the one source of truth for the API,
// the CLI (`lernort index run --definition FILE.json`) and docs/index-definition.schema.json.
// Stored versioned in index_definitions.body; schemaVersion lets later formats migrate old bodies.
import { z } from 'zod';
import { areaCodeSchema, keySchema, periodSchema } from '../../core/schemas.ts';

const indicatorKey = z.string().min(1).max(64).regex(/^[a-z0-9_]+$/, 'indicator key: a-z, 0-9, _');

export const directionSchema = z.enum(['higher-is-worse', 'higher-is-better'])
  .describe('Does a higher value mean more need (higher-is-worse) or less? Reversed before combining.');

export const standardisationSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('z-score'),
    mean: z.enum(['unweighted', 'population-weighted']).default('unweighted'),
    sdDivisor: z.enum(['N', 'N-1']).default('N').describe("'N' = population sd (Berlin MSS), 'N-1' = sample sd"),
  }),
  z.object({
    method: z.literal('percentile-rank'),
    decimals: z.number().int().min(0).max(10).default(4).describe('CDC SVI: 4'),
    rounding: z.enum(['round', 'truncate']).default('round').describe("'truncate' with decimals 3 = Excel PERCENTRANK.INC"),
  }),
  z.object({ method: z.literal('min-max'), scale: z.number().positive().default(1).describe('e.g. 100') }),
  z.object({ method: z.literal('goalposts'), lower: z.number(), upper: z.number() })
    .refine((g) => g.upper !== g.lower, { message: 'goalposts: upper and lower must differ', path: ['upper'] }),
  z.object({ method: z.literal('imd-exponential').describe('English IMD: rank R = rank/N (1 = most deprived), X = −23·ln(1 − R(1 − e^(−100/23)))') }),
]);
export type Standardisation = z.infer<typeof standardisationSchema>;

const sideSchema = z.enum(['lower', 'upper']).describe("class of a value exactly on a break: 'lower' = the class below, 'upper' = the class above");
const labelsSchema = z.array(z.string().max(100)).max(20).optional();

export const classSchemeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sd'),
    cuts: z.array(z.object({ at: z.number(), side: sideSchema })).min(1).max(19).describe('cut points in multiples of the index sd from its centre'),
    center: z.union([z.literal('mean'), z.number()]).default('mean'),
    sdDivisor: z.enum(['N', 'N-1']).default('N'),
    labels: labelsSchema,
  }),
  z.object({ kind: z.literal('mss-status').describe('Berlin MSS status: hoch < −1σ ≤ mittel ≤ +1σ < niedrig ≤ +1.5σ < sehr niedrig') }),
  z.object({ kind: z.literal('mss-dynamics').describe('Berlin MSS dynamics: positiv < −1σ ≤ stabil ≤ +1σ < negativ') }),
  z.object({
    kind: z.literal('quantiles'), k: z.number().int().min(1).max(20),
    weightIndicator: indicatorKey.optional().describe('target population (e.g. children) so that each class holds a k-th of it'),
    labels: labelsSchema,
  }),
  z.object({ kind: z.literal('ckmeans'), k: z.number().int().min(1).max(20), labels: labelsSchema }),
  z.object({ kind: z.literal('equal-interval'), k: z.number().int().min(1).max(20), labels: labelsSchema }),
  z.object({ kind: z.literal('fixed'), thresholds: z.array(z.number()).min(1).max(19), side: sideSchema.default('upper'), labels: labelsSchema }),
  z.object({
    kind: z.literal('hybrid').describe('NRW school index: the top share straight to the highest level, the rest in equal-width levels'),
    topShare: z.number().min(0).lt(1).default(0.05), levels: z.number().int().min(2).max(20).default(9), labels: labelsSchema,
  }),
]);
export type ClassSchemeDef = z.infer<typeof classSchemeSchema>;

export const aggregationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('weighted-sum').describe('S = Σ w_k z_k (MSS: all weights 1)') }),
  z.object({ method: z.literal('mean').describe('Σ w_k z_k / Σ w_k') }),
  z.object({
    method: z.literal('geometric-mean'),
    offset: z.number().min(0).default(0).describe('added to every standardised value first (min–max scores contain 0)'),
  }),
]);

const roleKey = z.string().min(1).max(64).regex(/^[a-z0-9_]+$/, 'role: a-z, 0-9, _');
const groupKey = z.string().min(1).max(64).regex(/^[a-z0-9_]+$/, 'group key: a-z, 0-9, _');
const columnName = z.string().min(1).max(64).regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'column: a letter, then letters, digits, _');

export const roleSchema = z.object({
  description: z.string().min(1).max(500).describe('what the indicator must measure, in German'),
  descriptionEn: z.string().max(500).optional(),
  default: indicatorKey.optional().describe('indicator used when a run binds nothing and the indicator exists'),
  optional: z.boolean().optional().describe('true = left out when nobody binds it (a binding "-" leaves out any role)'),
});
export type RoleDef = z.infer<typeof roleSchema>;

export const groupSchema = z.object({
  key: groupKey,
  name: z.string().max(200).optional(),
  nameEn: z.string().max(200).optional(),
  group: groupKey.optional().describe('parent group; none = combined directly into the index'),
  weight: z.number().min(0).default(1).describe('weight within its parent'),
  aggregation: aggregationSchema.default({ method: 'weighted-sum' }),
  round: z.number().int().min(0).max(10).optional().describe('round the combined value to this many decimals before it is standardised or passed up (CDC SVI: 4)'),
  standardisation: standardisationSchema.optional().describe('standardise the combined value over the rated areas (CDC SVI: percentile rank = RPL_THEMEn; IMD: imd-exponential)'),
  passUp: z.enum(['sum', 'standardised']).optional()
    .describe("what the parent combines: the rounded sum (CDC SVI: SPL_THEMES sums the SPL_THEMEn) or the standardised value (IMD); default: standardised when a standardisation is given"),
  columns: z.object({ sum: columnName.optional(), standardised: columnName.optional(), flags: columnName.optional() }).optional()
    .describe('names of its export columns, e.g. SPL_THEME1, RPL_THEME1, F_THEME1'),
});
export type GroupDef = z.infer<typeof groupSchema>;

export const indexDefinitionSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  key: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'key: a-z, 0-9, _ and -'),
  name: z.string().min(1).max(200),
  nameEn: z.string().max(200).optional(),
  description: z.string().max(4000).optional(),
  roles: z.record(roleKey, roleSchema).optional()
    .describe('what a template needs, named by meaning; a run binds each role to one of the city\'s indicators (CLI --bind role=key, API bindings)'),
  indicators: z.array(z.object({
    key: indicatorKey.optional().describe('the indicator, named directly'),
    role: roleKey.optional().describe('or a role of `roles`, bound to an indicator at run time; with a key as well, the key is its binding unless the run binds the role otherwise'),
    direction: directionSchema.default('higher-is-worse'),
    weight: z.number().min(0).default(1).describe('weight within its group (or in the index when it has no group)'),
    standardisation: standardisationSchema.optional().describe('overrides the definition-wide standardisation'),
    group: groupKey.optional().describe('key of the group (theme, domain) it belongs to; none = combined directly into the index'),
    columns: z.object({ value: columnName.optional(), standardised: columnName.optional(), flag: columnName.optional() }).optional()
      .describe('names of its export columns, e.g. CDC SVI: EP_POV150, EPL_POV150, F_POV150'),
  }).refine((i) => i.key !== undefined || i.role !== undefined, { message: 'give a key or a role', path: ['key'] })).min(1).max(50),
  groups: z.array(groupSchema).max(50).optional()
    .describe('sub-indices (CDC SVI themes, IMD domains): their members are combined, optionally rounded and standardised, and passed up to their own group or to the index'),
  overall: z.object({
    round: z.number().int().min(0).max(10).optional().describe('round the combined sum to this many decimals first (CDC SVI: 4)'),
    standardisation: standardisationSchema.optional().describe('the score is this standardisation of the combined sum (CDC SVI: percentile rank = RPL_THEMES); none = the sum itself'),
    columns: z.object({ sum: columnName.optional(), score: columnName.optional(), flags: columnName.optional() }).optional().describe('CDC SVI: SPL_THEMES, RPL_THEMES (a copy of score), F_TOTAL'),
  }).optional(),
  flags: z.object({
    atLeast: z.number().default(0.9).describe('an indicator is flagged when its standardised value is at least this (CDC SVI: percentile ≥ 0.90)'),
  }).optional().describe('flag counts per group and in total (CDC SVI: F_THEME1..4, F_TOTAL)'),
  decimals: z.number().int().min(0).max(10).optional()
    .describe('decimals of scores, sums and standardised values in CSV/JSON exports (default 4 when percentile ranks are used, else 3); full precision on request'),
  standardisation: standardisationSchema.default({ method: 'z-score', mean: 'unweighted', sdDivisor: 'N' }),
  reference: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('per-period').describe("each period standardised on its own: shows relative position only") }),
    z.object({ mode: z.literal('fixed'), period: periodSchema.describe('base period whose mean and sd (or min and max) are applied to every period') }),
  ]).default({ mode: 'per-period' }),
  aggregation: aggregationSchema.default({ method: 'weighted-sum' }),
  population: indicatorKey.optional().describe('population indicator for population-weighted means (default: the minimum-population indicator)'),
  exclusions: z.object({
    minPopulation: z.object({ indicator: indicatorKey.optional(), role: roleKey.optional(), threshold: z.number().min(0) })
      .refine((m) => (m.indicator === undefined) !== (m.role === undefined), { message: 'give either indicator or role', path: ['indicator'] }).optional()
      .describe('areas below this population are not rated (Berlin, Hamburg: 300 residents)'),
    manual: z.array(z.object({ code: areaCodeSchema, reason: z.string().min(1).max(500) })).max(10_000).default([]),
  }).default({ manual: [] }),
  classification: classSchemeSchema,
  dynamics: z.object({
    periods: z.number().int().min(1).max(50).default(2).describe('change over k periods (years), in percentage points'),
    basePeriod: periodSchema.optional().describe('compare with this period instead of period − k'),
    standardisation: standardisationSchema.default({ method: 'z-score', mean: 'unweighted', sdDivisor: 'N' }),
    classification: classSchemeSchema,
  }).optional(),
  focusRule: z.string().min(1).max(2000).optional()
    .describe('expression over the columns status, dynamics (classes) and rank, e.g. "status = 4 or (status = 3 and dynamics = 3)"'),
  sensitivity: z.object({
    draws: z.number().int().min(10).max(10_000).default(1000),
    weightPerturbation: z.number().min(0).max(1).default(0.2),
    normalisations: z.array(z.enum(['z', 'minmax', 'percentile'])).min(1).default(['z']),
    leaveOneOut: z.boolean().default(false),
    seed: z.number().int().default(1),
    flipThreshold: z.number().min(0).max(1).default(0.1).describe('areas whose class flips in more than this share of draws are flagged'),
  }).optional().describe('Monte Carlo defaults for runs that ask for sensitivity'),
});
export type IndexDefinition = z.infer<typeof indexDefinitionSchema>;
export type IndexDefinitionInput = z.input<typeof indexDefinitionSchema>;
export type SensitivitySettings = NonNullable<IndexDefinition['sensitivity']>;
export const sensitivitySettingsSchema = indexDefinitionSchema.shape.sensitivity.unwrap();

/** The JSON Schema of a definition file, for docs/index-definition.schema.json. */
export function definitionJsonSchema(): unknown {
  return z.toJSONSchema(indexDefinitionSchema, { io: 'input', target: 'draft-2020-12' });
}

// ---- API shapes ----

export const bindingsSchema = z.record(roleKey, z.union([indicatorKey, z.literal('-')]))
  .describe('role → indicator key of this city, or "-" to leave the role out, for definitions that name roles (see GET /api/index-templates)');

export const runRequestSchema = z.object({
  definition: z.union([z.string().min(1).max(64), z.record(z.string(), z.unknown())])
    .describe('key of a stored definition, or an inline definition (stored as a new version when it differs)'),
  version: z.number().int().positive().optional().describe('version of a stored definition (default: latest)'),
  layer: keySchema,
  period: periodSchema,
  sensitivity: z.union([z.boolean(), sensitivitySettingsSchema.partial()]).optional()
    .describe('true = with the definition defaults; an object overrides them'),
  bindings: bindingsSchema.optional(),
});

const componentSchema = z.object({
  value: z.number().nullable().optional(), standardised: z.number().nullable().optional(),
  change: z.number().nullable().optional(), changeStandardised: z.number().nullable().optional(), flag: z.number().nullable().optional(),
  sum: z.number().nullable().optional(), flags: z.number().nullable().optional(),
});

export const resultSchema = z.object({
  areaCode: z.string(), areaName: z.string(),
  score: z.number().nullable(), rank: z.number().nullable(), class: z.number().nullable(), classLabel: z.string().nullable(),
  dynamicsScore: z.number().nullable(), dynamicsClass: z.number().nullable(), dynamicsClassLabel: z.string().nullable(),
  focus: z.boolean(), excludedReason: z.string().nullable(),
  components: z.record(z.string(), componentSchema)
    .describe('per indicator key: value, standardised (CDC EPL), flag; per group key: sum (SPL), standardised (RPL), flags; "$index": sum and flags of the whole index'),
  medianRank: z.number().nullable(), rankP05: z.number().nullable(), rankP95: z.number().nullable(), classFlipRate: z.number().nullable(),
  unstable: z.boolean(),
});

export const runSchema = z.object({
  id: z.number().nullable(),
  definition: z.object({ key: z.string(), version: z.number().nullable(), name: z.string() }),
  layer: z.string(), period: z.string(), inputHash: z.string(),
  params: z.record(z.string(), z.unknown()), summary: z.record(z.string(), z.unknown()),
  createdAt: z.string().nullable(), createdBy: z.string().nullable(),
  results: z.array(resultSchema),
});

export const focusAreaRequestSchema = z.union([
  z.object({
    runId: z.number().int().positive().describe('designate every area the run flags by its focus rule'),
    reason: z.string().min(1).max(2000), validFrom: z.iso.date(), validTo: z.iso.date().optional(), decisionRef: z.string().max(200).optional(),
  }),
  z.object({
    layer: keySchema, codes: z.array(areaCodeSchema).min(1).max(10_000),
    reason: z.string().min(1).max(2000), validFrom: z.iso.date(), validTo: z.iso.date().optional(), decisionRef: z.string().max(200).optional(),
  }),
]);
export type FocusAreaRequest = z.infer<typeof focusAreaRequestSchema>;

export const focusAreaSchema = z.object({
  id: z.number(), layer: z.string(), areaCode: z.string(), areaName: z.string(), validFrom: z.string(), validTo: z.string().nullable(),
  reason: z.string(), decisionRef: z.string().nullable(), sourceRunId: z.number().nullable(), createdBy: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(),
});

const runRefSchema = z.object({ id: z.number(), definition: runSchema.shape.definition, layer: z.string(), period: z.string() });

/** Two runs area by area: class transitions a → b (null = not rated) and each area's change. */
export const comparisonSchema = z.object({
  a: runRefSchema,
  b: runRefSchema,
  transitions: z.array(z.object({ from: z.number().nullable(), to: z.number().nullable(), count: z.number() })),
  areas: z.array(z.object({
    areaCode: z.string(), areaName: z.string(), classA: z.number().nullable(), classB: z.number().nullable(),
    rankA: z.number().nullable(), rankB: z.number().nullable(), scoreA: z.number().nullable(), scoreB: z.number().nullable(),
    focusA: z.boolean(), focusB: z.boolean(), change: z.enum(['up', 'down', 'same']),
  })),
});

export const uncertaintyRowSchema = z.object({
  areaCode: z.string(), areaName: z.string(), value: z.number().nullable(), numerator: z.number().nullable(), denominator: z.number().nullable(),
  method: z.enum(['wilson', 'byar']).nullable(), lower: z.number().nullable(), upper: z.number().nullable(),
  comparison: z.enum(['better', 'similar', 'worse', 'higher', 'lower']).nullable(),
  unstable: z.array(z.string()).describe('SMALL_NUMERATOR, WIDE_INTERVAL'),
});

export const uncertaintySchema = z.object({
  indicator: z.string(), layer: z.string(), period: z.string(), level: z.enum(['95', '99.8']), z: z.number(), kind: z.string(),
  cityValue: z.number().nullable(), areas: z.array(uncertaintyRowSchema),
});

export const inequalityPointSchema = z.object({
  period: z.string(), areas: z.number(), quintileRatio: z.number().nullable(), cv: z.number().nullable(), gini: z.number().nullable(), theil: z.number().nullable(),
});

const trendSchema = z.object({ slopePerYear: z.number().nullable(), change: z.number().nullable() });
export const inequalitySchema = z.object({
  indicator: z.string(), layer: z.string(), weightedBy: z.string().nullable(), series: z.array(inequalityPointSchema),
  trend: z.object({ quintileRatio: trendSchema, cv: trendSchema, gini: trendSchema, theil: trendSchema }),
});

/** A run in the list of recent runs (service.listRuns): without params and results. */
export const runListItemSchema = runSchema.omit({ params: true, results: true }).extend({ id: z.number(), createdAt: z.string(), createdBy: z.string() });

/** The JSON export of a run (export.exportRun, format json): one flat row per area, named by the export columns. */
export const runExportSchema = runSchema.omit({ createdAt: true, createdBy: true, results: true }).extend({
  results: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).describe('per area: the CSV export\'s columns (code, name, score, rank, class, …, component columns)'),
});
