import { getJson, query } from '../shared/api.ts';

export interface LocalText { de: string; en: string }
export interface YearPoint { year: number; value: number }
export interface AgeBand { from: number; to: number | null; label: LocalText; value: number; estimated: boolean; min?: number; max?: number; indicator: string | null }
export interface AgeStructure {
  area: { layer: string; code: string; name: string };
  source: 'counted' | 'derived' | 'none';
  year: number | null;
  bands: AgeBand[];
  nested: AgeBand[];
  history: Array<{ year: number; bands: Array<{ label: LocalText; value: number }> }>;
  ratios: Array<{ key: string; label: LocalText; definition: LocalText; year: number; value: number; estimated: boolean }>;
  sex: { year: number; male: number; female: number; unit: 'persons' | 'percent' } | null;
  cannotShow: LocalText[];
  notes: LocalText[];
  pyramid: { year: number; bands: Array<{ from: number; to: number | null; label: LocalText; male: number; female: number }> } | null;
}
export interface TargetBand { key: string; from: number; to: number | null; label: LocalText; estimated: boolean; how: LocalText }
export interface TargetArea {
  layer: string; code: string; name: string;
  bands: Array<{ key: string; estimated: boolean; shareYear: number; share: number | null; scenarios: Array<{ scenario: string; values: YearPoint[] }> }>;
}
export interface Warning { code: string; de: string; en: string }
export interface ScenarioSeries { scenario: string; values: YearPoint[]; relative: number | null; control?: 'own' | 'imported' }
export interface Published { id: number; layer: string; code: string; edition: number; publisher: string; basis: 'register' | 'official'; variant: string; targetYear: number; population: number; source: string | null; file: string }
export interface BacktestRow {
  launchYear: number; target: number; horizon: number;
  city: { chosen: number | null; naiveConstant: number | null; naiveTrend: number | null };
  areas: { chosenMape: number | null; chosenMalpe: number | null; naiveMape: number | null; naiveMalpe: number | null };
  area: { chosen: number | null; naive: number | null } | null;
  published: Array<{ edition: number; publisher: string; variant: string; basis: string; population: number; pe: number; peBridged: number | null; bandMiss: number | null; warning: { code: string; de: string; en: string } | null }>;
}
export interface AreaDemography {
  age: AgeStructure;
  projection: null | {
    area: { code: string; name: string; actual: YearPoint[]; scenarios: ScenarioSeries[] };
    city: { layer: string; code: string; name: string; actual: YearPoint[]; scenarios: ScenarioSeries[] };
    params: Record<string, unknown> & { launchYear?: number; horizon?: number; from?: number; to?: number };
    warnings: Array<{ code: string; de: string; en: string }>;
    method: LocalText;
    runId: number | null;
  };
  projectionNote: LocalText | null;
  backtest: null | { summary: BacktestRow[]; chosen: { city: string; areas: string } };
  targetGroups: null | { bands: TargetBand[]; area: TargetArea | null; notes: LocalText[] };
  published: Published[];
  basisWarnings: Warning[];
}
export interface TypologyResult {
  params: Record<string, unknown> & { period?: number; seed?: number; restarts?: number; bootstrap?: number };
  indicators: Array<{ key: string; de: string; en: string }>;
  areas: Array<{ code: string; name: string; cluster: number | null; values: Record<string, number | null> }>;
  k: number;
  kChoice: Array<{ k: number; gap: number; silhouette: number }>;
  silhouette: number;
  withinSS: number;
  stability: { meanAri: number; minAri: number | null; resamples: number };
  start: string;
  profiles: Array<{ label: number; size: number; meanZ: Record<string, number>; de: string; en: string }>;
  excluded: Array<{ code: string; name: string }>;
}

const areaPath = (layer: string, code: string) => `/api/demography/areas/${encodeURIComponent(layer)}/${encodeURIComponent(code)}`;
export const getAreaDemography = (layer: string, code: string, signal?: AbortSignal) => getJson<AreaDemography>(areaPath(layer, code), signal);
export const getTypology = (layer: string, signal?: AbortSignal) => getJson<{ stored: boolean; runId: number | null; result: TypologyResult }>(`/api/demography/typology?${query({ layer })}`, signal);
