// The API shapes of the registry (HSDS-style: organisation → service → location) in German planning
// terms, the import mapping, and the parameters of supply and accessibility runs.
import { z } from 'zod';

const key = z.string().regex(/^[a-z0-9_]+$/).max(64);
export const statusSchema = z.enum(['active', 'inactive', 'closed']);

export const facilityInput = z.object({
  name: z.string().min(1).max(300),
  type: key,
  organisationId: z.number().int().positive().nullable().optional(),
  address: z.record(z.string(), z.string()).default({}),
  lon: z.number().min(-180).max(180).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  accessibility: z.string().max(2000).nullable().optional().describe('Barrierefreiheit / accessibility notes'),
  status: statusSchema.default('active'),
  externalId: z.string().max(200).nullable().optional(),
});
export type FacilityInput = z.infer<typeof facilityInput>;

export const scheduleEntry = z.object({
  /** ISO weekday 1 = Monday … 7 = Sunday */
  weekday: z.number().int().min(1).max(7),
  opens: z.string().regex(/^\d{2}:\d{2}$/),
  closes: z.string().regex(/^\d{2}:\d{2}$/),
  note: z.string().max(200).optional(),
});

export const serviceInput = z.object({
  name: z.string().min(1).max(300),
  domain: key,
  organisationId: z.number().int().positive().nullable().optional(),
  description: z.string().max(5000).nullable().optional(),
  ageMin: z.number().min(0).max(120).nullable().optional(),
  ageMax: z.number().min(0).max(120).nullable().optional(),
  capacity: z.number().min(0).nullable().optional(),
  capacityUnit: z.string().max(50).nullable().optional(),
  capacityAsOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
  schedule: z.array(scheduleEntry).default([]),
  fundingSource: z.string().max(300).nullable().optional(),
  status: statusSchema.default('active'),
  /** Standorte (service_at_location) */
  facilityIds: z.array(z.number().int().positive()).default([]),
  /** Versorgungsgebiet: the areas the offer serves */
  serviceAreas: z.array(z.object({ layer: key, code: z.string().min(1).max(64) })).default([]),
}).refine((s) => s.ageMin == null || s.ageMax == null || s.ageMin <= s.ageMax, { message: 'ageMin must not exceed ageMax', path: ['ageMin'] });
export type ServiceInput = z.infer<typeof serviceInput>;

export const taxonInput = z.object({ name: z.string().min(1).max(200), nameEn: z.string().min(1).max(200), sort: z.number().int().default(0), parent: key.nullable().optional() });

export const normInput = z.object({
  name: z.string().min(1).max(300),
  nameEn: z.string().min(1).max(300),
  domain: key.nullable().optional(),
  facilityType: key.nullable().optional(),
  /** Indicator of the target population, e.g. residents aged 6 to under 25. */
  targetIndicator: key,
  /** Places per person of the target population: 0.114 for 11.4 %. */
  ratio: z.number().positive(),
  unit: z.string().max(50).default('Plätze'),
  description: z.string().max(2000).nullable().optional(),
  source: z.string().max(500).nullable().optional(),
});
export type NormInput = z.infer<typeof normInput>;

export const facilityMappingSchema = z.object({
  name: z.string().min(1),
  type: z.string().optional(),
  typeMap: z.record(z.string(), z.string()).optional(),
  externalId: z.string().optional(),
  lon: z.string().optional(),
  lat: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  crs: z.string().optional(),
  swapAxes: z.boolean().optional(),
  capacity: z.string().optional(),
  address: z.string().optional(),
  street: z.string().optional(),
  houseNumber: z.string().optional(),
  postcode: z.string().optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  organisation: z.string().optional(),
  accessibility: z.string().optional(),
  status: z.string().optional(),
  ageMin: z.string().optional(),
  ageMax: z.string().optional(),
  domain: z.string().optional(),
  decimal: z.enum([',', '.']).optional(),
  rowTypes: z.array(z.string()).optional(),
});

export const facilityImportOptions = z.object({
  format: z.enum(['csv', 'xlsx', 'json', 'geojson', 'turtle']).optional(),
  mapping: facilityMappingSchema,
  /** Type key for every record (when the file has no type column). */
  facilityType: key.optional(),
  /** Domain of the service created for a record's capacity; default from the type (kita → kindertagesbetreuung). */
  domain: key.optional(),
  capacityUnit: z.string().max(50).optional(),
  capacityAsOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Create unknown type keys (a warning each) instead of rejecting. */
  createTypes: z.boolean().default(false),
});
export type FacilityImportOptions = z.infer<typeof facilityImportOptions>;

export const supplyInput = z.object({
  layer: key,
  type: key.optional(),
  domain: key.optional(),
  /** Indicator with the residents (facilities per 1,000 residents). */
  populationIndicator: key.default('einwohner'),
  /** Indicator with the target population (places per 100 of it), e.g. children aged 1 to under 6. */
  targetIndicator: key.optional(),
  /** Period of the population; default its latest. */
  period: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).optional(),
}).refine((s) => s.type !== undefined || s.domain !== undefined, { message: 'type or domain is required', path: ['type'] });
export type SupplyInput = z.infer<typeof supplyInput>;

export const accessibilityInput = z.object({
  layer: key,
  type: key.optional(),
  domain: key.optional(),
  method: z.enum(['2sfca', 'e2sfca', 'bfca', 'gravity']),
  populationIndicator: key.default('einwohner'),
  period: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).optional(),
  /** Catchment in minutes (2SFCA, BFCA; Gaussian E2SFCA; optional for gravity). */
  cutoff: z.number().positive().max(600).optional(),
  /** E2SFCA weights: 'steps' (default 10/20/30 min → 1/0.68/0.22) or 'gaussian' with cutoff. */
  decay: z.enum(['steps', 'gaussian']).default('steps'),
  steps: z.array(z.object({ upTo: z.number().positive(), weight: z.number().min(0).max(1) })).min(1).max(20).optional(),
  beta: z.number().positive().max(5).optional(),
  speedKmh: z.number().positive().max(200).default(4.8),
  detour: z.number().min(1).max(5).default(1.3),
  demandPoints: z.enum(['centroid', 'surface']).default('centroid'),
}).refine((s) => s.type !== undefined || s.domain !== undefined, { message: 'type or domain is required', path: ['type'] });
export type AccessibilityInput = z.infer<typeof accessibilityInput>;
