import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { getJson, query } from '../shared/api.ts';
import type { ObservationFlags } from '../indicators/api.ts';

export interface Layer {
  key: string;
  name: string;
  nameEn?: string | null;
  areaCount: number;
  kind: 'geometry' | 'grouping';
  /** The layer whose areas contain this layer's areas (Ortsteil → Stadtbezirk). */
  parent: string | null;
  /** Groupings: the layer of the member areas. */
  members?: string | null;
}

export interface AreaProperties {
  code: string;
  name: string;
  layer: string;
  parentCode: string | null;
  areaKm2?: number | null;
  /** A point inside the area for its label (ST_PointOnSurface, lon/lat). */
  labelPoint?: [number, number] | null;
}

/** `tolerance`: the metres per pixel the server simplified for (it answers "auto" with a number). */
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties> & { tolerance?: number };

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

/** `simplify` is the tolerance in metres the server uses to thin the outlines ("auto": for the whole layer on screen). */
export const getAreas = (layer: string, signal?: AbortSignal, simplify: number | 'auto' = 20) =>
  getJson<AreaCollection>(`/api/areas?${query({ layer, simplify })}`, signal);

export const getSeries = (layer: string, code: string, indicator: string, signal?: AbortSignal) =>
  getJson<Series>(
    `/api/areas/${encodeURIComponent(layer)}/${encodeURIComponent(code)}/series?${query({ indicator })}`,
    signal,
  );
