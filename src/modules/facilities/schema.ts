// The API shapes of the registry (HSDS-style: organisation → service → location) in German planning
// terms, the import mapping, and the parameters of supply and accessibility runs.
import { z } from 'zod';
import { areaCodeSchema, featureCollectionSchema, geometrySchema, periodSchema, slugKeySchema as key } from '../../core/schemas.ts';
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
  serviceAreas: z.array(z.object({ layer: key, code: areaCodeSchema })).default([]),
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
  period: periodSchema.optional(),
}).refine((s) => s.type !== undefined || s.domain !== undefined, { message: 'type or domain is required', path: ['type'] });
export type SupplyInput = z.infer<typeof supplyInput>;

export const accessibilityInput = z.object({
  layer: key,
  type: key.optional(),
  domain: key.optional(),
  method: z.enum(['2sfca', 'e2sfca', 'bfca', 'gravity']),
  populationIndicator: key.default('einwohner'),
  period: periodSchema.optional(),
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

// ---- responses -----------------------------------------------------------------------------------

/** A facility as the API answers it (service.facilityToApi). */
export const facilitySchema = z.object({
  id: z.number(), name: z.string(), type: z.string(), organisationId: z.number().nullable(), organisation: z.string().nullable(),
  address: z.record(z.string(), z.string()), lon: z.number().nullable(), lat: z.number().nullable(), locationStatus: z.string(),
  accessibility: z.string().nullable(), status: z.string(), externalId: z.string().nullable(),
  capacity: z.number().nullable().describe('sum of the capacities of the active services here; null when none has one'),
  areas: z.record(z.string(), z.string()).describe('layer key → area code'), domains: z.array(z.string()),
});

/** An offer (Angebot) as the API answers it (service.serviceToApi). */
export const serviceSchema = z.object({
  id: z.number(), name: z.string(), description: z.string().nullable(), domain: z.string(), organisationId: z.number().nullable(), organisation: z.string().nullable(),
  ageMin: z.number().nullable(), ageMax: z.number().nullable(), capacity: z.number().nullable(), capacityUnit: z.string().nullable(), capacityAsOf: z.string().nullable(),
  schedule: z.unknown().describe('opening hours as saved: a list of {weekday, opens, closes, note?}'), fundingSource: z.string().nullable(), status: z.string(),
  facilityIds: z.array(z.number()), serviceAreas: z.array(z.object({ layer: z.string(), code: z.string(), name: z.string() })),
});

export const facilityWithServicesSchema = facilitySchema.extend({ services: z.array(serviceSchema) });

/** The facilities as GeoJSON: points (or geometry null when a facility has no coordinates). */
export const facilitiesGeoJsonSchema = featureCollectionSchema(facilitySchema, geometrySchema.nullable());

/** A facility type or a service domain (domains have a parent). */
export const taxonSchema = z.object({ key: z.string(), name: z.string(), nameEn: z.string(), sort: z.number(), parent: z.string().nullable().optional() });

export const normSchema = z.object({
  key: z.string(), name: z.string(), nameEn: z.string(), domain: z.string().nullable(), facilityType: z.string().nullable(), targetIndicator: z.string(),
  ratio: z.number(), unit: z.string(), description: z.string().nullable(), source: z.string().nullable(),
});

export const assignmentSummarySchema = z.object({
  engine: z.enum(['ts', 'postgis']), facilities: z.number(), located: z.number(), missing: z.number(), baseLayer: z.string().nullable(), insideBaseLayer: z.number(),
  outside: z.array(z.object({ id: z.number(), name: z.string(), type: z.string() })), perLayer: z.record(z.string(), z.number()),
});

export const supplyReportSchema = z.object({
  layer: z.string(), period: z.string(), subject: z.string(), indicators: z.array(z.object({ key: z.string(), values: z.number() })), importId: z.number().nullable(),
  rows: z.array(z.object({
    code: z.string(), name: z.string(), facilities: z.number(), places: z.number().nullable(), services: z.number(), perThousand: z.number().nullable(), placesPer100: z.number().nullable(),
    norms: z.record(z.string(), z.object({ required: z.number().nullable(), gap: z.number().nullable() })),
  })),
});

export const accessibilityReportSchema = z.object({
  indicator: z.string(), layer: z.string(), period: z.string(), method: z.string(), parameters: z.record(z.string(), z.unknown()), importId: z.number().nullable(),
  supplyIsCount: z.boolean(), unreachedFacilities: z.number(), invariant: z.object({ sumPA: z.number(), sumS: z.number() }),
  rows: z.array(z.object({ code: z.string(), name: z.string(), population: z.number().nullable(), access: z.number().nullable() })),
});

/** The registry as Open Referral HSDS JSON: open-ended HSDS objects (x_ fields are Lernort's). */
export const hsdsSchema = z.object({
  organizations: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  locations: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  services: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  service_at_locations: z.array(z.object({ id: z.string(), service_id: z.string(), location_id: z.string() })),
  schedules: z.array(z.looseObject({ id: z.string(), service_id: z.string() })),
});
