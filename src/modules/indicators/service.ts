import type { Database, Queryable } from '../../db/connection.ts';
import { notFound } from '../../core/errors.ts';
import { indicatorMetaSchema, type IndicatorMeta } from './schema.ts';
import * as repo from './repo.ts';

export type { IndicatorRow } from './repo.ts';

export const topicNames: Record<string, { de: string; en: string }> = {
  bevoelkerung: { de: 'Bevölkerung', en: 'Population' },
  soziale_lage: { de: 'Soziale Lage', en: 'Social situation' },
  arbeit: { de: 'Arbeit', en: 'Employment' },
  migration: { de: 'Migration', en: 'Migration' },
  bildung: { de: 'Bildung', en: 'Education' },
  jugend: { de: 'Jugend', en: 'Youth' },
  wohnen: { de: 'Wohnen', en: 'Housing' },
  gesundheit: { de: 'Gesundheit', en: 'Health' },
  sicherheit: { de: 'Sicherheit', en: 'Safety' },
  einkommen: { de: 'Einkommen', en: 'Income' },
  versorgung: { de: 'Versorgung', en: 'Supply' },
  sonstiges: { de: 'Sonstiges', en: 'Other' },
};

export const listIndicators = (q: Queryable) => repo.listIndicators(q);
export const listIndicatorIds = (q: Queryable) => repo.listIndicatorIds(q);
export const touchIndicators = (q: Queryable, ids: number[]) => repo.touchIndicators(q, ids);

/** The indicator's metadata (without its periods); throws NOT_FOUND. */
export async function requireIndicator(q: Queryable, key: string): Promise<repo.IndicatorRow> {
  const ind = await repo.findIndicatorMeta(q, key);
  if (!ind) throw notFound('Indikator / indicator', key);
  return ind;
}

/** The indicator with the periods it has data for. */
export async function requireIndicatorWithPeriods(q: Queryable, key: string): Promise<repo.IndicatorRow> {
  const ind = await repo.findIndicator(q, key);
  if (!ind) throw notFound('Indikator / indicator', key);
  return ind;
}

export async function saveIndicator(q: Queryable, meta: IndicatorMeta): Promise<number> {
  return repo.upsertIndicator(q, indicatorMetaSchema.parse(meta));
}

export function toApi(i: repo.IndicatorRow) {
  const topic = topicNames[i.topic] ?? { de: i.topic, en: i.topic };
  return {
    key: i.key,
    name: i.name_de,
    nameEn: i.name_en,
    description: i.description_de,
    descriptionEn: i.description_en,
    unit: i.unit,
    unitEn: i.unit_en,
    topic: i.topic,
    topicName: topic.de,
    topicNameEn: topic.en,
    polarity: i.polarity,
    kind: i.kind,
    numerator: i.numerator_key,
    denominator: i.denominator_key,
    scale: i.scale,
    decimals: i.decimals,
    source: i.source,
    sourceUrl: i.source_url,
    licence: i.licence,
    updatedAt: i.updated_at.toISOString(),
    periods: i.periods ?? [],
  };
}
