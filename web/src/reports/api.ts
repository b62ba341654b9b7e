import { apiSend, getJson, query } from '../shared/api.ts';
import type { ObservationFlags } from '../indicators/api.ts';

export interface LocalText { de: string; en: string }
export interface ProfilePoint { period: string; value: number | null; flags: ObservationFlags }
export interface ProfileRef { layer: string; code: string; name: string; period: string | null; value: number | null }

export interface ProfileItem {
  slot: string;
  label: LocalText;
  available: boolean;
  indicator: { key: string; name: string; nameEn: string; unit: string; unitEn: string; decimals: number; kind: string; polarity: string; source: string | null; licence: string | null; updatedAt: string } | null;
  period: string | null;
  value: number | null;
  flags: ObservationFlags | null;
  previous: { period: string; value: number } | null;
  change: number | null;
  parent: ProfileRef | null;
  city: ProfileRef | null;
  comparison: { method: 'wilson' | 'byar'; lower: number; upper: number; vsCity: 'better' | 'similar' | 'worse' | 'higher' | 'lower' | null; unstable: boolean } | null;
  /** 'all-zero': every area of the layer has 0 in this period (a gap delivered as zeros). */
  implausible: 'all-zero' | null;
  series: ProfilePoint[];
  parentSeries: ProfilePoint[];
  citySeries: ProfilePoint[];
}

export interface Profile {
  area: { layer: string; layerName: string; layerNameEn: string; code: string; name: string };
  parent: { layer: string; layerName: string; layerNameEn: string; code: string; name: string } | null;
  city: { layer: string; code: string; name: string } | null;
  generatedAt: string;
  sections: { key: string; title: LocalText; note: LocalText | null; items: ProfileItem[] }[];
}

export interface AggregatePeriod {
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  complete: boolean;
  missingMembers: number;
  reason?: string;
  flags: ObservationFlags;
}

export interface Aggregate {
  indicator: string;
  layer: string;
  kind: string;
  members: { code: string; name: string }[];
  periods: AggregatePeriod[];
}

export interface NamedSelection { id: number; name: string; layer: string; codes: string[]; createdAt: string }

const areaPath = (layer: string, code: string) => `/api/areas/${encodeURIComponent(layer)}/${encodeURIComponent(code)}`;

export const getProfile = (layer: string, code: string, signal?: AbortSignal) => getJson<Profile>(`${areaPath(layer, code)}/profile`, signal);
export const profilePdfUrl = (layer: string, code: string, lang: string) => `${areaPath(layer, code)}/profile.pdf?${query({ lang })}`;

export const getAggregate = (indicator: string, layer: string, codes: string[], signal?: AbortSignal) =>
  getJson<Aggregate>(`/api/aggregate?${query({ indicator, layer, codes: codes.join(',') })}`, signal);

export type DownloadFormat = 'csv' | 'xlsx' | 'geojson';
export const downloadUrl = (format: DownloadFormat, p: { indicator: string; layer: string; period?: string; dialect?: 'de' | 'intl'; lang: string }) =>
  `/api/downloads/observations.${format}?${query({ indicator: p.indicator, layer: p.layer, period: p.period, dialect: format === 'csv' ? p.dialect : undefined, lang: p.lang })}`;

export const getSelections = (signal?: AbortSignal) => getJson<NamedSelection[]>('/api/selections', signal);
export const saveSelection = (s: { name: string; layer: string; codes: string[] }) => apiSend<NamedSelection>('POST', '/api/selections', s);
export const deleteSelection = (id: number) => apiSend<null>('DELETE', `/api/selections/${id}`);
