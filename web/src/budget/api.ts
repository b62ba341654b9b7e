import { ApiError, apiSend, getJson, upload } from '../shared/api.ts';

// Client shapes of src/modules/budget/api.ts. Money is integer cents.

export interface Pot { id: number; domain: string; domainName: string | null; domainNameEn: string | null; fiscalYear: number; fundingSource: string; name: string; totalCents: number; lastYear: { layer: string | null; rows: number; totalCents: number }; scenarios: number; frozenScenarioId: number | null }
export interface ScenarioHead { id: number; potId: number; name: string; layer: string; period: string; budgetCents: number; frozenAt: string | null; decisionRef: string | null }
export interface ModelVersion { id: number; key: string; version: number; name: string; body: Record<string, unknown> }
export interface Template { file: string; model: Record<string, unknown> & { name: string; formula: { kind: string; alpha?: number; w?: number } } }
export interface Comparison { a: ScenarioHead; b: ScenarioHead; areas: { code: string; name: string; amountA: number; amountB: number | null; differenceCents: number | null }[] }
export interface Explanation { area: { code: string; name: string }; amountCents: number; terms: { key: string; de: string; en: string; cents: number }[]; addsUp: boolean; sensitivity: { parameter: string; eurPerStep: number | null }[] }

export const budgetApi = {
  pots: () => getJson<Pot[]>('/api/budget/pots'),
  domains: () => getJson<{ key: string; name: string; nameEn: string }[]>('/api/service-domains'),
  templates: () => getJson<Template[]>('/api/budget/templates'),
  models: () => getJson<ModelVersion[]>('/api/budget/models'),
  runs: () => getJson<{ id: number; definition: { name: string }; layer: string; period: string }[]>('/api/index-runs'),
  scenarios: (pot: number) => getJson<ScenarioHead[]>(`/api/budget/scenarios?pot=${pot}`),
  compare: (a: number, b: number) => getJson<Comparison>(`/api/budget/scenarios/compare?a=${a}&b=${b}`),
  explain: (id: number, code: string) => getJson<Explanation>(`/api/budget/scenarios/${id}/areas/${encodeURIComponent(code)}`),
  createPot: (body: unknown) => apiSend<Pot>('POST', '/api/budget/pots', body),
  saveModel: (key: string, model: unknown) => apiSend<ModelVersion>('POST', '/api/budget/models', { key, model }),
  createScenario: (body: unknown) => apiSend<ScenarioHead>('POST', '/api/budget/scenarios', body),
  freeze: (id: number, decisionRef: string) => apiSend<ScenarioHead>('POST', `/api/budget/scenarios/${id}/freeze`, { decisionRef }),
  indicators: (id: number) => apiSend<{ indicators: string[] }>('POST', `/api/budget/scenarios/${id}/indicators`),
};

export interface LastYearError { line?: number; field?: string; de: string; en: string }

/** Uploads last year's amounts (CSV/XLSX) for a pot; the server takes all rows or none. */
export async function uploadLastYear(potId: number, file: File, layer: string): Promise<{ rows: number; totalCents: number }> {
  const form = new FormData();
  form.append('layer', layer);
  form.append('file', file);
  try {
    return await upload<{ rows: number; totalCents: number }>(`/api/budget/pots/${potId}/last-year/import`, form);
  } catch (err) {
    // The rows the server refused, for the form's problem list.
    const problems = err instanceof ApiError ? (err.details as { errors?: LastYearError[] } | undefined)?.errors ?? [] : [];
    throw Object.assign(err as object, { problems });
  }
}

/** "1.234,56" or "1234.56" → cents; null when it is not an amount with at most two decimals. */
export function euroToCents(text: string): number | null {
  const t = text.trim().replace(/\s|€/g, '');
  const normal = /,\d{1,2}$/.test(t) || /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return null;
  const [whole, frac = ''] = normal.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
