import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { getJson, query } from '../shared/api.ts';
import type { ObservationFlags } from '../indicators/api.ts';

export interface Layer {
  key: string;
  name: string;
  nameEn?: string | null;
  areaCount: number;
  kind: 'geometry' | 'grouping';
  parent: string | null;
}

export interface AreaProperties {
  code: string;
  name: string;
  layer: string;
  parentCode: string | null;
}

export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties>;

export interface SeriesPoint {
  period: string;
  value: number | null;
  flags?: Partial<ObservationFlags>;
}

export interface Series {
  area: { code: string; name: string; layer: string };
  indicator: string;
  points: SeriesPoint[];
}

export const getLayers = (signal?: AbortSignal) => getJson<Layer[]>('/api/layers', signal);

/** `simplify` is the tolerance in metres the server uses to thin the outlines. */
export const getAreas = (layer: string, signal?: AbortSignal, simplify = 20) =>
  getJson<AreaCollection>(`/api/areas?${query({ layer, simplify })}`, signal);

export const getSeries = (layer: string, code: string, indicator: string, signal?: AbortSignal) =>
  getJson<Series>(
    `/api/areas/${encodeURIComponent(layer)}/${encodeURIComponent(code)}/series?${query({ indicator })}`,
    signal,
  );
