// API shapes of the reports module (profiles, aggregates of selections, downloads, named
// selections) and the profile template: which indicators fill which line of an area profile.
import { z } from 'zod';
import { areaCodeSchema, featureCollectionSchema, geometrySchema, keySchema, periodSchema } from '../../core/schemas.ts';
import { areaPropertiesSchema } from '../areas/schema.ts';

const text = z.object({ de: z.string(), en: z.string() });
export type Text = z.infer<typeof text>;

export const flagsSchema = z.object({ provisional: z.boolean(), estimated: z.boolean(), breakInSeries: z.boolean(), suppressed: z.boolean(), missing: z.boolean() });

/** "62,63,64" → ['62','63','64']; at most 2,000 codes. */
export const codesSchema = z.string().min(1).max(20_000).transform((s) => [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))])
  .pipe(z.array(areaCodeSchema).min(1).max(2000));

// ---- Profile template ------------------------------------------------------------------------

export interface ProfileSlot {
  key: string;
  label: Text;
  /** Indicator keys tried in order; the first one the installation has fills the line. */
  candidates: string[];
}

export interface ProfileSection {
  key: string;
  title: Text;
  slots: ProfileSlot[];
  /** Further indicators of these topics (share, rate, mean) are added after the slots. */
  topics?: string[];
  /** Said when the section has no data at all. */
  emptyNote?: Text;
}

/**
 * Modelled on Leipzig's planning-area profiles (Planungsraum-Steckbriefe): key figures, population
 * by the age bands of METHODS.md §9, social situation, youth, education. A line whose indicator the
 * city does not deliver is shown as "keine Daten", never invented.
 */
export const PROFILE_TEMPLATE: ProfileSection[] = [
  {
    key: 'key_figures', title: { de: 'Eckdaten', en: 'Key figures' },
    slots: [
      { key: 'residents', label: { de: 'Einwohnerinnen und Einwohner', en: 'Residents' }, candidates: ['einwohner'] },
      { key: 'under18_share', label: { de: 'Anteil der unter 18-Jährigen', en: 'Share of under-18s' }, candidates: ['anteil_unter18', 'unter18_anteil', 'einwohner_unter18_anteil'] },
      { key: 'forecast', label: { de: 'Bevölkerungsprognose', en: 'Population forecast' }, candidates: ['einwohner_prognose', 'prognose_einwohner', 'bevoelkerungsprognose'] },
      { key: 'mean_age', label: { de: 'Durchschnittsalter', en: 'Average age' }, candidates: ['durchschnittsalter'] },
    ],
  },
  {
    key: 'age_bands', title: { de: 'Bevölkerung nach Altersgruppen', en: 'Population by age band' },
    emptyNote: {
      de: 'Die Daten dieser Stadt enthalten keine Altersgruppen je Gebiet. Lernort zeigt deshalb „keine Daten“ statt geschätzter Werte.',
      en: 'This city’s data contain no age bands per area. Lernort therefore shows “no data” instead of estimates.',
    },
    slots: [
      { key: 'age_u6', label: { de: 'unter 6 Jahre', en: 'under 6' }, candidates: ['einwohner_u6', 'einwohner_unter6', 'alter_0_6', 'ew_0_6'] },
      { key: 'age_6_10', label: { de: '6 bis unter 10 Jahre', en: '6 to under 10' }, candidates: ['einwohner_6_10', 'alter_6_10', 'ew_6_10'] },
      { key: 'age_10_15', label: { de: '10 bis unter 15 Jahre', en: '10 to under 15' }, candidates: ['einwohner_10_15', 'alter_10_15', 'ew_10_15'] },
      { key: 'age_15_18', label: { de: '15 bis unter 18 Jahre', en: '15 to under 18' }, candidates: ['einwohner_15_18', 'alter_15_18', 'ew_15_18'] },
      { key: 'age_18_27', label: { de: '18 bis unter 27 Jahre', en: '18 to under 27' }, candidates: ['einwohner_18_27', 'alter_18_27', 'ew_18_27'] },
    ],
  },
  {
    key: 'social', title: { de: 'Soziale Lage', en: 'Social situation' },
    slots: [
      { key: 'sgb2', label: { de: 'SGB-II-Quote', en: 'SGB II rate (basic income support)' }, candidates: ['sgb2_quote'] },
      { key: 'child_poverty', label: { de: 'Kinderarmut (SGB-II-Quote unter 15 Jahren)', en: 'Child poverty (SGB II rate under 15)' }, candidates: ['sgb2_anteil_kinder', 'kinderarmut'] },
      { key: 'unemployment', label: { de: 'Arbeitslosenanteil', en: 'Unemployment share' }, candidates: ['alo_anteil'] },
      { key: 'migration', label: { de: 'Anteil mit Migrationshintergrund', en: 'Share with a migration background' }, candidates: ['migrantenanteil'] },
      { key: 'foreigners', label: { de: 'Ausländeranteil', en: 'Share of foreign nationals' }, candidates: ['auslaenderanteil'] },
    ],
  },
  {
    key: 'youth', title: { de: 'Jugend', en: 'Youth' },
    slots: [{ key: 'youth_ratio', label: { de: 'Jugendquote', en: 'Youth dependency ratio' }, candidates: ['jugendquote'] }],
    topics: ['jugend'],
  },
  {
    key: 'education', title: { de: 'Bildung', en: 'Education' },
    slots: [],
    topics: ['bildung'],
    emptyNote: {
      de: 'Für diese Stadt liegen noch keine Bildungsindikatoren je Gebiet vor.',
      en: 'No education indicators per area are available for this city yet.',
    },
  },
];

// ---- Responses --------------------------------------------------------------------------------

const pointSchema = z.object({ period: z.string(), value: z.number().nullable(), flags: flagsSchema });
const refSchema = z.object({ layer: z.string(), code: z.string(), name: z.string(), period: z.string().nullable(), value: z.number().nullable() }).nullable();

export const profileItemSchema = z.object({
  slot: z.string(),
  label: text,
  available: z.boolean(),
  indicator: z.object({
    key: z.string(), name: z.string(), nameEn: z.string(), unit: z.string(), unitEn: z.string(), decimals: z.number(),
    kind: z.string(), polarity: z.string(), source: z.string().nullable(), licence: z.string().nullable(), updatedAt: z.string(),
  }).nullable(),
  period: z.string().nullable(),
  value: z.number().nullable(),
  flags: flagsSchema.nullable(),
  previous: z.object({ period: z.string(), value: z.number() }).nullable(),
  /** Change since the previous period, in the indicator's unit (percentage points for shares). */
  change: z.number().nullable(),
  parent: refSchema,
  city: refSchema,
  /** Interval of the area's value (Wilson for shares, Byar for rates) and the verdict against the city. */
  comparison: z.object({
    method: z.enum(['wilson', 'byar']), lower: z.number(), upper: z.number(),
    vsCity: z.enum(['better', 'similar', 'worse', 'higher', 'lower']).nullable(), unstable: z.boolean(),
  }).nullable(),
  /** 'all-zero' when every area of the layer has 0 in the item's period (a gap delivered as zeros, issue 19 §3). */
  implausible: z.enum(['all-zero']).nullable(),
  series: z.array(pointSchema),
  parentSeries: z.array(pointSchema),
  citySeries: z.array(pointSchema),
});
export type ProfileItem = z.infer<typeof profileItemSchema>;

export const profileSchema = z.object({
  area: z.object({ layer: z.string(), layerName: z.string(), layerNameEn: z.string(), code: z.string(), name: z.string() }),
  parent: z.object({ layer: z.string(), layerName: z.string(), layerNameEn: z.string(), code: z.string(), name: z.string() }).nullable(),
  city: z.object({ layer: z.string(), code: z.string(), name: z.string() }).nullable(),
  generatedAt: z.string(),
  sections: z.array(z.object({ key: z.string(), title: text, note: text.nullable(), items: z.array(profileItemSchema) })),
});
export type Profile = z.infer<typeof profileSchema>;

export const aggregateSchema = z.object({
  indicator: z.string(),
  layer: z.string(),
  kind: z.string(),
  members: z.array(z.object({ code: z.string(), name: z.string() })),
  periods: z.array(z.object({
    period: z.string(), value: z.number().nullable(), numerator: z.number().nullable(), denominator: z.number().nullable(),
    complete: z.boolean(), missingMembers: z.number(), reason: z.string().optional(), flags: flagsSchema,
  })),
});
export type AggregateResponse = z.infer<typeof aggregateSchema>;

export const selectionSchema = z.object({ id: z.number(), name: z.string(), layer: z.string(), codes: z.array(z.string()), createdAt: z.string() });
export const selectionInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  layer: keySchema,
  codes: z.array(areaCodeSchema).min(1).max(2000),
});
export type SelectionInput = z.infer<typeof selectionInputSchema>;

export const downloadQuerySchema = z.object({
  indicator: keySchema,
  layer: keySchema,
  period: periodSchema.optional().describe('omit for every period'),
  dialect: z.enum(['de', 'intl']).default('de'),
  lang: z.enum(['de', 'en']).default('de'),
});

/** The GeoJSON download: the layer's areas with the values of one period and the source's metadata. */
export const observationsGeoJsonSchema = featureCollectionSchema(areaPropertiesSchema.extend({
  indicator: z.string(), indicatorName: z.string(), unit: z.string(), period: z.string().nullable(),
  value: z.number().nullable(), display: z.string().nullable().describe('"." when the value is suppressed'),
  numerator: z.number().nullable(), denominator: z.number().nullable(), notes: z.string(),
}), geometrySchema.nullable()).extend({
  tolerance: z.number(),
  metadata: z.object({ source: z.string().nullable(), licence: z.string().nullable(), generated: z.string() }),
});
