import { getJson, query } from '../shared/api.ts';
import { apiSend } from '../shared/api.ts';

// Client shapes of src/modules/indices/schema.ts (index definition, run, focus areas).

export type Direction = 'higher-is-worse' | 'higher-is-better';

export type Standardisation =
  | { method: 'z-score'; mean?: 'unweighted' | 'population-weighted'; sdDivisor?: 'N' | 'N-1' }
  | { method: 'percentile-rank'; decimals?: number; rounding?: 'round' | 'truncate' }
  | { method: 'min-max'; scale?: number }
  | { method: 'goalposts'; lower: number; upper: number }
  | { method: 'imd-exponential' };

export type ClassScheme =
  | { kind: 'sd'; cuts: { at: number; side: 'lower' | 'upper' }[]; center?: 'mean' | number; sdDivisor?: 'N' | 'N-1'; labels?: string[] }
  | { kind: 'mss-status' }
  | { kind: 'mss-dynamics' }
  | { kind: 'quantiles'; k: number; weightIndicator?: string; labels?: string[] }
  | { kind: 'ckmeans'; k: number; labels?: string[] }
  | { kind: 'equal-interval'; k: number; labels?: string[] }
  | { kind: 'fixed'; thresholds: number[]; side?: 'lower' | 'upper'; labels?: string[] }
  | { kind: 'hybrid'; topShare?: number; levels?: number; labels?: string[] };

export type Aggregation = { method: 'weighted-sum' } | { method: 'mean' } | { method: 'geometric-mean'; offset?: number };

export interface IndexIndicator {
  key: string;
  direction: Direction;
  weight: number;
  standardisation?: Standardisation;
}

export interface SensitivitySettings {
  draws?: number;
  weightPerturbation?: number;
  normalisations?: ('z' | 'minmax' | 'percentile')[];
  leaveOneOut?: boolean;
  seed?: number;
  flipThreshold?: number;
}

export interface IndexDefinition {
  schemaVersion?: 1;
  key: string;
  name: string;
  nameEn?: string;
  description?: string;
  indicators: IndexIndicator[];
  standardisation?: Standardisation;
  reference?: { mode: 'per-period' } | { mode: 'fixed'; period: string };
  aggregation?: Aggregation;
  population?: string;
  exclusions?: { minPopulation?: { indicator: string; threshold: number }; manual?: { code: string; reason: string }[] };
  classification: ClassScheme;
  dynamics?: { periods?: number; basePeriod?: string; standardisation?: Standardisation; classification: ClassScheme };
  focusRule?: string;
  sensitivity?: SensitivitySettings;
}

export interface DefinitionVersion {
  id: number;
  key: string;
  version: number;
  name: string;
  body: IndexDefinition;
  createdBy: string;
  createdAt: string;
  versions?: number;
  created?: boolean;
}

export interface Component {
  value?: number | null;
  change?: number | null;
  standardised?: number | null;
  changeStandardised?: number | null;
}

export interface RunResult {
  areaCode: string;
  areaName: string;
  score: number | null;
  rank: number | null;
  class: number | null;
  classLabel: string | null;
  dynamicsScore: number | null;
  dynamicsClass: number | null;
  dynamicsClassLabel: string | null;
  focus: boolean;
  excludedReason: string | null;
  components: Record<string, Component | undefined>;
  medianRank: number | null;
  rankP05: number | null;
  rankP95: number | null;
  classFlipRate: number | null;
  unstable: boolean;
}

export interface RunSummary {
  areas?: number;
  rated?: number;
  excluded?: number;
  focus?: number;
  unstable?: number;
  classCounts?: number[];
  classLabels?: string[] | null;
  dynamicsClassCounts?: number[];
  dynamicsClassLabels?: string[] | null;
  meanAbsRankShift?: number;
}

export interface Run {
  id: number | null;
  definition: { key: string; version: number | null; name: string };
  layer: string;
  period: string;
  inputHash: string;
  params: Record<string, unknown>;
  summary: RunSummary;
  createdAt: string | null;
  createdBy: string | null;
  results: RunResult[];
}

export type RunListEntry = Omit<Run, 'results' | 'params'>;

export interface Comparison {
  a: { id: number; definition: Run['definition']; layer: string; period: string };
  b: { id: number; definition: Run['definition']; layer: string; period: string };
  transitions: { from: number | null; to: number | null; count: number }[];
  areas: { areaCode: string; areaName: string; classA: number | null; classB: number | null; rankA: number | null; rankB: number | null; change: 'up' | 'down' | 'same' }[];
}

export interface FocusArea {
  id: number;
  layer: string;
  areaCode: string;
  areaName: string;
  validFrom: string;
  validTo: string | null;
  reason: string;
  decisionRef: string | null;
  sourceRunId: number | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export const getTemplates = (signal?: AbortSignal) => getJson<IndexDefinition[]>('/api/index-templates', signal);
export const getDefinitions = (signal?: AbortSignal) => getJson<DefinitionVersion[]>('/api/index-definitions', signal);
export const getRuns = (signal?: AbortSignal) => getJson<RunListEntry[]>('/api/index-runs', signal);
export const getRun = (id: number, signal?: AbortSignal) => getJson<Run>(`/api/index-runs/${id}`, signal);
export const compareRuns = (a: number, b: number, signal?: AbortSignal) => getJson<Comparison>(`/api/index-runs/${a}/compare/${b}`, signal);
export const getFocusAreas = (layer: string | undefined, all: boolean, signal?: AbortSignal) =>
  getJson<FocusArea[]>(`/api/focus-areas?${query({ layer, all: all ? 'true' : undefined })}`, signal);

export const saveDefinition = (definition: IndexDefinition) => apiSend<DefinitionVersion>('POST', '/api/index-definitions', definition);
export const createRun = (body: { definition: string | IndexDefinition; version?: number; layer: string; period: string; sensitivity?: boolean | SensitivitySettings }) =>
  apiSend<Run>('POST', '/api/index-runs', body);
export const designateFocusAreas = (body: { layer: string; codes: string[]; reason: string; validFrom: string; validTo?: string; decisionRef?: string } | { runId: number; reason: string; validFrom: string; validTo?: string; decisionRef?: string }) =>
  apiSend<FocusArea[]>('POST', '/api/focus-areas', body);
export const revokeFocusArea = (id: number) => apiSend<FocusArea>('DELETE', `/api/focus-areas/${id}`);

export const exportUrl = (id: number, format: 'csv' | 'csv-intl' | 'json') => `/api/index-runs/${id}/export?${query({ format })}`;
