// The declarative recipe format: which file becomes which layer, grouping or indicator. A recipe is
// JSON (recipes/<key>/recipe.json), validated by this schema; the format is documented in
// recipes/README.md. Paths are relative to the recipe's data directory.
import { z } from 'zod';
import { periodSchema } from '../../core/schemas.ts';

import { indicatorMetaSchema } from '../indicators/schema.ts';
import { facilityMappingSchema } from '../facilities/schema.ts';

export { indicatorMetaSchema, type IndicatorMeta } from '../indicators/schema.ts';

export const layerSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]+$/),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(['geometry', 'grouping']).default('geometry'),
  /** Layer whose areas contain this layer's areas. */
  parent: z.string().optional(),
  /** For groupings: the layer of the member areas. */
  members: z.string().optional(),
  sort: z.number().int().default(0),
});

/** Derive a code from a property: e.g. the first digit of the Ortsteil code is its Stadtbezirk. */
const codeFromSchema = z.object({
  field: z.string(),
  slice: z.tuple([z.number().int(), z.number().int()]).optional(),
  pattern: z.string().optional(),
});

const areasStep = z.object({
  type: z.literal('areas'),
  layer: z.string(),
  file: z.string(),
  format: z.enum(['geojson', 'shapefile']).default('geojson'),
  code: z.string(),
  name: z.string(),
  /** Regex on the name property: named groups `code`/`name`, or two groups (code, name), or one (name); e.g. "03 Nordstadt". */
  namePattern: z.string().optional(),
  parentCode: codeFromSchema.optional(),
  sourceCrs: z.string().optional(),
  swapAxes: z.boolean().optional(),
});

/** An area that is the union of all areas of another layer (e.g. the city from its boroughs). */
const dissolveStep = z.object({
  type: z.literal('dissolve'),
  layer: z.string(),
  code: z.string(),
  name: z.string(),
  from: z.string(),
});

const groupingStep = z.object({
  type: z.literal('grouping'),
  layer: z.string(),
  file: z.string(),
  groupCode: z.string(),
  groupName: z.string(),
  memberCode: z.string(),
});

const observationsStep = z.object({
  type: z.literal('observations'),
  file: z.string(),
  format: z.enum(['leipzig-population', 'kdvalues', 'portal', 'wide', 'long', 'table']),
  /** Layer of the rows when the file does not say it (kdvalues: Ortsteile). */
  layer: z.string().optional(),
  /** Source label (Merkmal, column) → indicator key. Labels not listed are reported, not skipped silently. */
  indicators: z.record(z.string(), z.string()).optional(),
  /** For 'wide': the one indicator of the file. */
  indicator: z.string().optional(),
  /** Labels deliberately not imported, with the reason shown in the import report. */
  ignore: z.record(z.string(), z.string()).optional(),
  /** Confirmed name mapping for names that do not match exactly (e.g. "Volksmarsdorf": "Volkmarsdorf"). */
  nameMapping: z.record(z.string(), z.string()).optional(),
  /** For 'table': the column specification (see src/io/table.ts). */
  table: z.record(z.string(), z.unknown()).optional(),
  decimal: z.enum([',', '.']).optional(),
});

/** Indicators computed from others per area and period, stored with numerator and denominator. */
const derivedStep = z.object({
  type: z.literal('derived'),
  indicator: z.string(),
  numerator: z.string(),
  denominator: z.string(),
  scale: z.number().positive().default(100),
});

/** Facilities (Kitas, schools, playgrounds …) from CSV/XLSX/JSON/GeoJSON/Turtle with a column mapping. */
const facilitiesStep = z.object({
  type: z.literal('facilities'),
  file: z.string(),
  format: z.enum(['csv', 'xlsx', 'json', 'geojson', 'turtle']).optional(),
  facilityType: z.string().regex(/^[a-z0-9_]+$/).optional(),
  domain: z.string().regex(/^[a-z0-9_]+$/).optional(),
  mapping: facilityMappingSchema,
  createTypes: z.boolean().optional(),
  capacityUnit: z.string().optional(),
  capacityAsOf: z.string().optional(),
});

export const recipeStepSchema = z.discriminatedUnion('type', [areasStep, dissolveStep, groupingStep, observationsStep, derivedStep, facilitiesStep]);
export type RecipeStep = z.infer<typeof recipeStepSchema>;

export const sourceSchema = z.object({
  title: z.string(),
  attribution: z.string(),
  licence: z.string(),
  url: z.string().optional(),
});

export const recipeSchema = z.object({
  key: z.string().regex(/^[a-z0-9_-]+$/),
  name: z.string(),
  description: z.string().optional(),
  /** Folder under the shared data directory that holds the files. */
  dataDir: z.string(),
  city: z.object({ name: z.string(), projectedCrs: z.string().default('EPSG:25833') }),
  synthetic: z.boolean().default(false),
  sources: z.array(sourceSchema).default([]),
  /** The indicator the atlas opens with (its latest period); without it the client picks a share of the social situation. */
  defaultIndicator: z.string().regex(/^[a-z0-9_]+$/).optional(),
  layers: z.array(layerSchema).min(1),
  indicators: z.array(indicatorMetaSchema).default([]),
  /** Additive relations between count indicators (total = Σ parts), used to protect public tables. */
  relations: z.array(z.object({ total: z.string(), parts: z.array(z.string()).min(2) })).default([]),
  steps: z.array(recipeStepSchema).min(1),
  /**
   * What the public atlas shows out of the box (the data are open data already): indicator keys
   * (or "*" = every indicator the recipe declares), layers (default: all) and periods (default: all,
   * also future ones). Suppression uses each indicator's `suppressionK`. Indicators computed later
   * (supply, access, budget, uptake) stay unpublished until someone publishes them.
   */
  publish: z.array(z.object({
    indicators: z.union([z.literal('*'), z.array(z.string()).min(1)]),
    layers: z.array(z.string()).min(1).optional(),
    periods: z.array(periodSchema).min(1).optional(),
  })).default([]),
});
export type Recipe = z.infer<typeof recipeSchema>;
