// Request and response shapes of the demography routes (zod; the OpenAPI description is built from them).
import { z } from 'zod';
import { keySchema } from '../../core/schemas.ts';

const text = z.object({ de: z.string(), en: z.string() });
const point = z.object({ year: z.number(), value: z.number() });
const warning = z.object({ code: z.string(), de: z.string(), en: z.string() });
const year = z.coerce.number().int().min(1900).max(2100);

export const projectionRequestSchema = z.object({
  layer: keySchema,
  indicator: keySchema.optional(),
  launchYear: year.optional().describe('Datenstand / data cut-off (default: the last year with a city value)'),
  horizon: year.optional().describe('bis / up to (default and maximum 2040)'),
  areaMethod: z.enum(['constant', 'linear', 'exponential', 'constant-share', 'shift-share', 'share-of-growth']).optional(),
  basePeriod: z.number().int().min(1).max(20).optional(),
  from: year.optional().describe('relative Entwicklung von / relative development from'),
  to: year.optional().describe('relative Entwicklung bis / relative development to'),
  importedControls: z.boolean().optional().describe('importierte Reihen (z. B. 7. RBV V1/V2) als weitere Kontrollsummen / imported series as further controls'),
  basis: z.enum(['register', 'official']).optional(),
});

export const typologyRequestSchema = z.object({
  layer: keySchema,
  indicators: z.array(keySchema).min(2).max(20).optional().describe('Indikatoren (entwicklung_5j = Einwohnerentwicklung über 5 Jahre) / indicators'),
  period: year.optional(),
  k: z.number().int().min(2).max(12).optional(),
  kMax: z.number().int().min(2).max(12).optional(),
  restarts: z.number().int().min(1).max(500).optional(),
  bootstrap: z.number().int().min(0).max(500).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});

const targetBandsSchema = z.array(z.object({ key: z.string(), from: z.number(), to: z.number().nullable(), label: text, estimated: z.boolean(), how: text }));
const targetAreaSchema = z.object({
  layer: z.string(), code: z.string(), name: z.string(),
  bands: z.array(z.object({ key: z.string(), estimated: z.boolean(), shareYear: z.number(), share: z.number().nullable(), scenarios: z.array(z.object({ scenario: z.string(), values: z.array(point) })) })),
});
const targetGroupsSchema = z.object({ bands: targetBandsSchema, areas: z.array(targetAreaSchema), planningLayers: z.array(z.object({ key: z.string(), name: text })), notes: z.array(text) })
  .describe('Planungszielgruppen je Gebiet und Planungsraum (geschätzt, wo abgeleitet) / planning target groups per area and planning area (estimated where derived)');

export const projectionResultSchema = z.object({
  params: z.record(z.string(), z.unknown()),
  city: z.object({ layer: z.string(), code: z.string(), name: z.string(), actual: z.array(point), scenarios: z.array(z.object({ scenario: z.string(), control: z.enum(['own', 'imported']), values: z.array(point), relative: z.number().nullable() })) }),
  areas: z.array(z.object({ code: z.string(), name: z.string(), actual: z.array(point), scenarios: z.array(z.object({ scenario: z.string(), values: z.array(point), relative: z.number().nullable() })) })),
  warnings: z.array(warning),
  inputHash: z.string(),
  inputsVersion: z.record(z.string(), z.unknown()),
  method: text,
  targetGroups: targetGroupsSchema,
});

export const typologyResultSchema = z.object({
  params: z.record(z.string(), z.unknown()),
  indicators: z.array(z.object({ key: z.string(), de: z.string(), en: z.string() })),
  areas: z.array(z.object({ code: z.string(), name: z.string(), cluster: z.number().nullable(), values: z.record(z.string(), z.number().nullable()) })),
  k: z.number(),
  kChoice: z.array(z.object({ k: z.number(), gap: z.number(), silhouette: z.number() })),
  silhouette: z.number(),
  withinSS: z.number(),
  stability: z.object({ meanAri: z.number(), minAri: z.number().nullable(), resamples: z.number() }),
  start: z.string(),
  profiles: z.array(z.object({ label: z.number(), size: z.number(), meanZ: z.record(z.string(), z.number()), de: z.string(), en: z.string() })),
  excluded: z.array(z.object({ code: z.string(), name: z.string() })),
  inputHash: z.string(),
  inputsVersion: z.record(z.string(), z.unknown()),
});

export const runSummarySchema = z.object({
  id: z.number(), kind: z.string(), layer: z.string(), params: z.record(z.string(), z.unknown()), seed: z.number().nullable(), inputHash: z.string(),
  inputsVersion: z.record(z.string(), z.unknown()), summary: z.record(z.string(), z.unknown()), createdBy: z.string(), createdAt: z.string(),
});

export const runSchema = runSummarySchema.extend({ results: z.unknown() });

const band = z.object({ from: z.number(), to: z.number().nullable(), label: text, value: z.number(), estimated: z.boolean(), min: z.number().optional(), max: z.number().optional(), indicator: z.string().nullable() });

export const ageStructureSchema = z.object({
  area: z.object({ layer: z.string(), code: z.string(), name: z.string() }),
  source: z.enum(['counted', 'derived', 'none']),
  year: z.number().nullable(),
  bands: z.array(band),
  nested: z.array(band),
  history: z.array(z.object({ year: z.number(), bands: z.array(z.object({ label: text, value: z.number() })) })),
  ratios: z.array(z.object({ key: z.string(), label: text, definition: text, year: z.number(), value: z.number(), estimated: z.boolean() })),
  sex: z.object({ year: z.number(), male: z.number(), female: z.number(), unit: z.enum(['persons', 'percent']) }).nullable(),
  cannotShow: z.array(text),
  notes: z.array(text),
  pyramid: z.object({ year: z.number(), bands: z.array(z.object({ from: z.number(), to: z.number().nullable(), label: text, male: z.number(), female: z.number() })) }).nullable(),
});

export const publishedSchema = z.object({
  id: z.number(), layer: z.string(), code: z.string(), edition: z.number(), publisher: z.string(), basis: z.enum(['register', 'official']), variant: z.string(),
  targetYear: z.number(), population: z.number(), source: z.string().nullable(), file: z.string(),
});

const backtestRow = z.object({
  launchYear: z.number(), target: z.number(), horizon: z.number(),
  city: z.object({ chosen: z.number().nullable(), naiveConstant: z.number().nullable(), naiveTrend: z.number().nullable() }),
  areas: z.object({ chosenMape: z.number().nullable(), chosenMalpe: z.number().nullable(), naiveMape: z.number().nullable(), naiveMalpe: z.number().nullable() }),
  area: z.object({ chosen: z.number().nullable(), naive: z.number().nullable() }).nullable(),
  published: z.array(z.object({ edition: z.number(), publisher: z.string(), variant: z.string(), basis: z.string(), population: z.number(), pe: z.number(), peBridged: z.number().nullable(), bandMiss: z.number().nullable(), warning: warning.nullable() })),
});

export const backtestSchema = z.object({
  layer: z.string(),
  runs: z.array(z.object({ launchYear: z.number(), targets: z.array(z.number()) })),
  chosen: z.object({ city: z.string(), areas: z.string() }),
  summary: z.array(backtestRow),
  city: z.array(z.object({ method: z.string(), launchYear: z.number(), target: z.number(), horizon: z.number(), forecast: z.number(), actual: z.number(), pe: z.number() })),
  areas: z.array(z.object({ method: z.string(), launchYear: z.number(), target: z.number(), horizon: z.number(), summary: z.object({ n: z.number(), mape: z.number(), malpe: z.number(), medape: z.number(), maxApe: z.number() }) })),
  published: z.array(z.unknown()),
  notYetCheckable: z.array(z.unknown()),
  text: z.string(),
  warnings: z.array(warning).describe('BASIS_MISMATCH für jede Reihe anderer Zählbasis als die Ist-Werte / one per series of another count basis than the actuals'),
});

export const areaDemographySchema = z.object({
  age: ageStructureSchema,
  projection: z.object({
    area: projectionResultSchema.shape.areas.element,
    city: projectionResultSchema.shape.city,
    params: z.record(z.string(), z.unknown()),
    warnings: z.array(warning),
    method: text,
    runId: z.number().nullable(),
  }).nullable(),
  projectionNote: text.nullable(),
  backtest: z.object({ summary: z.array(backtestRow), chosen: z.object({ city: z.string(), areas: z.string() }) }).nullable(),
  targetGroups: z.object({ bands: targetBandsSchema, area: targetAreaSchema.nullable(), notes: z.array(text) }).nullable(),
  published: z.array(publishedSchema),
  basisWarnings: z.array(warning).describe('BASIS_MISMATCH: veröffentlichte Prognosen anderer Zählbasis als die gezeigten Ist-Werte / published forecasts of another basis than the actuals shown'),
});
