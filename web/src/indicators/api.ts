import { getJson, query } from '../shared/api.ts';

export type Polarity = 'neutral' | 'higher_is_worse' | 'higher_is_better';

export interface Indicator {
  key: string;
  name: string;
  nameEn?: string | null;
  unit: string;
  unitEn?: string | null;
  topic: string;
  topicName: string;
  topicNameEn?: string | null;
  polarity: Polarity;
  kind: 'count' | 'share' | 'rate' | 'mean' | 'index';
  decimals: number;
  periods: string[];
  source?: string | null;
  sourceUrl?: string | null;
  licence?: string | null;
  description?: string | null;
  descriptionEn?: string | null;
  updatedAt?: string;
  numerator?: string | null;
  denominator?: string | null;
  scale?: number;
}

export interface ObservationFlags {
  provisional: boolean;
  estimated: boolean;
  breakInSeries: boolean;
  suppressed: boolean;
  missing: boolean;
}

export interface Observation {
  areaCode: string;
  areaName: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  flags: Partial<ObservationFlags>;
  aggregated: boolean;
  /** Public mode: what may be shown ("." for a suppressed value). */
  display?: string;
}

export const getIndicators = (signal?: AbortSignal) => getJson<Indicator[]>('/api/indicators', signal);

export const getObservations = (indicator: string, period: string, layer: string, signal?: AbortSignal) =>
  getJson<Observation[]>(`/api/observations?${query({ indicator, period, layer })}`, signal);

export interface Topic {
  key: string;
  name: string;
  nameEn?: string | null;
  indicators: Indicator[];
}

/** Groups indicators by topic, keeping the server's order of first appearance. */
export function groupByTopic(indicators: Indicator[]): Topic[] {
  const topics = new Map<string, Topic>();
  for (const indicator of indicators) {
    let topic = topics.get(indicator.topic);
    if (!topic) {
      topic = { key: indicator.topic, name: indicator.topicName, nameEn: indicator.topicNameEn, indicators: [] };
      topics.set(indicator.topic, topic);
    }
    topic.indicators.push(indicator);
  }
  return [...topics.values()];
}
