// What an indicator is: its names, unit, topic, polarity and how it aggregates (METHODS.md §1).
import { z } from 'zod';

export const polaritySchema = z.enum(['higher_is_worse', 'higher_is_better', 'neutral']);
export const indicatorKindSchema = z.enum(['count', 'share', 'rate', 'mean', 'index']);

export const indicatorMetaSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]+$/),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  description: z.string().optional(),
  descriptionEn: z.string().optional(),
  unit: z.string().default(''),
  unitEn: z.string().default(''),
  topic: z.string().default('sonstiges'),
  polarity: polaritySchema.default('neutral'),
  kind: indicatorKindSchema.default('count'),
  /** share/rate: the indicators whose aggregated values give numerator and denominator. */
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  /** 100 for percent, 1000 for per mille. */
  scale: z.number().positive().default(1),
  /** mean: the indicator that weights it (e.g. einwohner). */
  weight: z.string().optional(),
  decimals: z.number().int().min(0).max(6).default(0),
  source: z.string().optional(),
  sourceUrl: z.string().optional(),
  licence: z.string().optional(),
  suppressionK: z.number().int().min(0).default(2),
});
export type IndicatorMeta = z.infer<typeof indicatorMetaSchema>;

/** An indicator as the API answers it (service.toApi). */
export const indicatorSchema = z.object({
  key: z.string(), name: z.string(), nameEn: z.string(), description: z.string().nullable(), descriptionEn: z.string().nullable(),
  unit: z.string(), unitEn: z.string(), topic: z.string(), topicName: z.string(), topicNameEn: z.string(),
  polarity: z.string(), kind: z.string(), numerator: z.string().nullable(), denominator: z.string().nullable(), scale: z.number(),
  decimals: z.number(), source: z.string().nullable(), sourceUrl: z.string().nullable(), licence: z.string().nullable(),
  updatedAt: z.string(), periods: z.array(z.string()),
});
