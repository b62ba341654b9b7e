import { getJson, query, upload } from '../shared/api.ts';

// Client shapes of src/modules/uptake.

export type Comparison = 'better' | 'similar' | 'worse';
export interface Interval { lower: number; upper: number }

export interface UptakeService {
  key: string;
  name: string;
  nameEn: string;
  domain: string | null;
  targetIndicator: string | null;
  ageBands: { label: string; min: number; max: number; populationIndicator: string }[];
  eligibilityIndicator: string | null;
  indicators: { participants: string; rate: string; ratio: string; target: string };
}

export interface ServiceDetail extends UptakeService {
  imports: { id: number; layer: string; period: string; participants: number; source: string; assignment: string; createdAt: string }[];
  periods: string[];
}

export interface Ratio { observed: number; expected: number; ratio: number | null; interval: Interval | null; comparison?: Comparison | null }
export interface TrendStep { from: string; to: string; change: number; interval: Interval; direction: 'rising' | 'stable' | 'falling' }

export interface AreaRate {
  code: string;
  name: string;
  participants: number;
  population: number;
  rate: number | null;
  interval: Interval | null;
  comparison: Comparison | null;
  unstable: string[];
  ratio: Ratio | null;
  need: { indexClass: number | null; focusArea: boolean };
  trend: TrendStep[];
}

export interface RatesReport {
  layer: string;
  period: string;
  periods: string[];
  city: { participants: number; population: number; rate: number | null; interval: Interval | null; ratio: Ratio | null; trend: TrendStep[] };
  areas: AreaRate[];
  underServed: { code: string; name: string; reasons: string[]; reason: { de: string; en: string } }[];
}

export interface ImportReport {
  participants: number;
  recordsRead: number;
  assignment: string;
  unassigned: { outsideAreas: number; unknownPostcode: number };
  status: string;
}

export const listServices = (signal?: AbortSignal) => getJson<UptakeService[]>('/api/uptake/services', signal);
export const getService = (key: string, signal?: AbortSignal) => getJson<ServiceDetail>(`/api/uptake/services/${encodeURIComponent(key)}`, signal);
export const getRates = (key: string, params: { layer?: string; period?: string }, signal?: AbortSignal) =>
  getJson<RatesReport>(`/api/uptake/services/${encodeURIComponent(key)}/rates?${query(params)}`, signal);

/** Multipart upload of a participant file (and optional weights) with the session's CSRF token. */
export const uploadParticipants = (key: string, form: FormData) =>
  upload<ImportReport>(`/api/uptake/services/${encodeURIComponent(key)}/participants`, form);
