// API shapes of the uptake module: a city-wide service with its target population, the options of a
// participant import and the query of the rates.
import { z } from 'zod';
import { keySchema as sharedKeySchema, periodSchema, problemSchema } from '../../core/schemas.ts';

/** Keys here name indicators the module writes (`uptake_<key>_…`): the shared key, lower case, digits and _ only. */
export const keySchema = sharedKeySchema.regex(/^[a-z0-9_]+$/);

export const ageBandSchema = z.object({
  label: z.string().min(1).max(40),
  /** Inclusive ages in whole years. */
  min: z.number().int().min(0).max(120),
  max: z.number().int().min(0).max(120),
  /** Indicator with the residents of this age band per area (the band's target population). */
  populationIndicator: keySchema,
}).refine((b) => b.min <= b.max, { message: 'min must not exceed max', path: ['min'] });
export type AgeBandInput = z.infer<typeof ageBandSchema>;

export const uptakeServiceInput = z.object({
  name: z.string().min(1).max(300),
  nameEn: z.string().min(1).max(300),
  domain: keySchema.nullable().optional(),
  /** The offer of the registry this is (GET /api/services/:id), if any. */
  registryServiceId: z.number().int().positive().nullable().optional(),
  /** Indicator of the target population (e.g. children 6 to under 15); or give age bands. */
  targetIndicator: keySchema.nullable().optional(),
  /** Target population by age band (for the standardised uptake ratio); summed when no targetIndicator. */
  ageBands: z.array(ageBandSchema).max(20).default([]),
  /** Those entitled (e.g. SGB II children): when given, the rate's denominator. */
  eligibilityIndicator: keySchema.nullable().optional(),
  description: z.string().max(5000).nullable().optional(),
}).refine((s) => !!s.targetIndicator || s.ageBands.length > 0 || !!s.eligibilityIndicator, { message: 'targetIndicator, eligibilityIndicator or ageBands is required', path: ['targetIndicator'] })
  .refine((s) => new Set(s.ageBands.map((b) => b.label)).size === s.ageBands.length, { message: 'age band labels must be unique', path: ['ageBands'] });
export type UptakeServiceInput = z.infer<typeof uptakeServiceInput>;

export const participantImportOptions = z.object({
  /** Layer of the areas (counts: the areas named in the file; lists: the polygons points fall in). */
  layer: keySchema,
  /** Period of the participants (a "Zeitraum"/"Jahr" column of a count table overrides it per row). */
  period: periodSchema,
  /** 'counts' (aggregated table) or 'list' (one row per participant); detected from the header when absent. */
  source: z.enum(['counts', 'list']).optional(),
  /** 'postcode': postcodes go to areas by areal weights (METHODS §1) from a second upload "weights" or weightsPath. */
  weights: z.enum(['postcode']).optional(),
  /** A weights matrix inside the open-data directory, e.g. leipzig/raw/messy/matrixPLZtoORTSTEIL.csv. */
  weightsPath: z.string().max(300).optional(),
  dryRun: z.boolean().default(false),
});
export type ParticipantImportOptions = z.infer<typeof participantImportOptions>;

export const ratesQuery = z.object({
  layer: keySchema.optional(),
  period: periodSchema.optional(),
  /** An index run whose classes mark need (with highClasses, default: its highest class). */
  indexRun: z.coerce.number().int().positive().optional(),
  highClasses: z.string().regex(/^\d+(,\d+)*$/).optional(),
});
export type RatesQuery = z.infer<typeof ratesQuery>;

/** A service as the API answers it, with the keys of the indicators it writes. */
export const uptakeServiceSchema = z.object({
  key: z.string(), name: z.string(), nameEn: z.string(), domain: z.string().nullable(), registryServiceId: z.number().nullable(),
  targetIndicator: z.string().nullable(),
  ageBands: z.array(z.object({ label: z.string(), min: z.number(), max: z.number(), populationIndicator: z.string() })),
  eligibilityIndicator: z.string().nullable(), description: z.string().nullable(),
  indicators: z.object({ participants: z.string(), rate: z.string(), expected: z.string(), ratio: z.string(), target: z.string(), targetIsOwn: z.boolean() }),
});

/** A service with its participant imports (newest first) and the periods they cover. */
export const uptakeServiceDetailSchema = uptakeServiceSchema.extend({
  imports: z.array(z.object({
    id: z.number(), source: z.string(), assignment: z.string(), layer: z.string(), period: z.string(), recordsRead: z.number(), participants: z.number(),
    unassigned: z.record(z.string(), z.number()).describe('records not placed in an area, by reason'), observationImportId: z.number().nullable(), createdBy: z.string(), createdAt: z.string(),
  })),
  periods: z.array(z.string()),
});

/** The report of a participant import (service.ParticipantImportReport); counts only, never a person. */
export const participantImportReportSchema = z.object({
  status: z.enum(['committed', 'dry_run']), service: z.string(), layer: z.string(), periods: z.array(z.string()),
  source: z.enum(['counts', 'list']), assignment: z.enum(['point', 'postcode', 'aggregated', 'point+postcode']),
  recordsRead: z.number(), participants: z.number(), unassigned: z.object({ outsideAreas: z.number(), unknownPostcode: z.number() }),
  uptakeImportId: z.number().nullable(), observationImportIds: z.array(z.number()), indicators: z.array(z.string()), warnings: z.array(problemSchema),
});

const interval = z.object({ lower: z.number(), upper: z.number() });
const comparison = z.enum(['better', 'similar', 'worse']);
const trend = z.array(z.object({
  from: z.string(), to: z.string(), change: z.number().describe('rate_to − rate_from'), interval: interval.describe('Newcombe hybrid score interval'), direction: z.enum(['rising', 'stable', 'falling']),
}));
const ratio = z.object({ observed: z.number(), expected: z.number(), ratio: z.number().nullable(), interval: interval.nullable() });

/** Uptake per area (rates.uptakeRatesReport): rates with intervals, O/E ratios, under-served areas, trends. */
export const uptakeRatesSchema = z.object({
  service: uptakeServiceSchema, layer: z.string(), period: z.string(), periods: z.array(z.string()),
  city: z.object({ participants: z.number(), population: z.number(), rate: z.number().nullable(), interval: interval.nullable(), ratio: ratio.nullable(), trend }),
  areas: z.array(z.object({
    code: z.string(), name: z.string(), participants: z.number(), population: z.number(), rate: z.number().nullable(), interval: interval.nullable(),
    intervalMethod: z.enum(['wilson', 'byar']).nullable(), comparison: comparison.nullable(), unstable: z.array(z.enum(['SMALL_NUMERATOR', 'WIDE_INTERVAL'])),
    flags: z.array(z.enum(['ZERO_POPULATION', 'PARTICIPANTS_EXCEED_POPULATION'])),
    ratio: ratio.extend({ comparison: comparison.nullable() }).nullable(),
    need: z.object({ indexClass: z.number().nullable(), focusArea: z.boolean() }), trend,
  })),
  underServed: z.array(z.object({
    code: z.string(), name: z.string(), need: z.object({ indexClass: z.number().nullable(), focusArea: z.boolean() }),
    reasons: z.array(z.enum(['RATE_BELOW_CITY', 'SUR_BELOW_ONE'])), reason: z.object({ de: z.string(), en: z.string() }),
  })),
  highNeedClasses: z.array(z.number()),
  indicators: uptakeServiceSchema.shape.indicators,
});
