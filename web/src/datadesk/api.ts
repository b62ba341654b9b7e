import { ApiError, apiSend, errorFromBody, getJson, NETWORK, query, writeHeaders, type LocalisedText } from '../shared/api.ts';
import type { Indicator } from '../indicators/api.ts';

// Client shapes of the import, indicator and publication routes (src/modules/imports, indicators,
// publication) and the calls the data desk makes.

export interface Problem {
  code: string;
  de: string;
  en: string;
  file?: string;
  line?: number;
  field?: string;
  value?: string;
}

export interface Suggestion { code: string; name: string; layer: string; score: number }

export interface UnmatchedName {
  name: string;
  lines: number[];
  status: 'suggested' | 'ambiguous' | 'unmatched' | string;
  suggestions: Suggestion[];
}

export interface ImportReport {
  id: number | null;
  status: 'dry_run' | 'committed' | 'rejected' | string;
  file: string;
  fileHash: string;
  format: string;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  errors: Problem[];
  warnings: Problem[];
  unmatched: UnmatchedName[];
  mapped: { name: string; code: string; layer: string; how: string }[];
  indicators: { key: string; values: number }[];
  periods: string[];
  areas: number;
}

export interface ImportRecord {
  id: number;
  actor: string;
  kind: string;
  fileName: string;
  fileHash: string;
  recipe: string | null;
  status: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  warnings: Problem[] | null;
  errors: Problem[] | null;
  report: Partial<Pick<ImportReport, 'unmatched' | 'mapped' | 'indicators' | 'periods' | 'areas' | 'format'>> | null;
}

export interface ImportOptions {
  kind: 'observations' | 'areas';
  format?: string;
  layer?: string;
  indicator?: string;
  createIndicators?: boolean;
  decimal?: ',' | '.';
  nameMapping?: Record<string, string>;
  codeProperty?: string;
  nameProperty?: string;
  sourceCrs?: string;
  swapAxes?: boolean;
}

/** What the upload is doing, for the progress bar: sending bytes, then waiting for the server. */
export type UploadProgress = { phase: 'sending'; sent: number; total: number } | { phase: 'processing' };

/**
 * POST /api/imports as multipart/form-data. XMLHttpRequest rather than fetch because only it
 * reports upload progress. A rejected file (422) is a report, not an exception.
 */
export function uploadImport(file: File, options: ImportOptions, dryRun: boolean, onProgress?: (p: UploadProgress) => void): Promise<ImportReport> {
  const form = new FormData();
  form.append('dryRun', String(dryRun));
  form.append('kind', options.kind);
  const fields: [string, string | undefined][] = [
    ['format', options.format], ['layer', options.layer], ['indicator', options.indicator],
    ['createIndicators', options.createIndicators ? 'true' : undefined], ['decimal', options.decimal],
    ['nameMapping', options.nameMapping && Object.keys(options.nameMapping).length > 0 ? JSON.stringify(options.nameMapping) : undefined],
    ['codeProperty', options.codeProperty], ['nameProperty', options.nameProperty], ['sourceCrs', options.sourceCrs],
    ['swapAxes', options.swapAxes ? 'true' : undefined],
  ];
  for (const [name, value] of fields) if (value) form.append(name, value);
  // The server reads the fields that come before the file part.
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader('accept', 'application/json');
    // The same headers as every other write of the fetch layer (shared/api.ts).
    for (const [name, value] of Object.entries(writeHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress?.({ phase: 'sending', sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => onProgress?.({ phase: 'processing' });
    xhr.onerror = () => reject(new ApiError('network', 0, NETWORK));
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* handled below */ }
      if ((xhr.status === 200 || xhr.status === 422) && body && typeof body === 'object' && 'status' in body) resolve(body as ImportReport);
      else reject(errorFromBody(xhr.status, body));
    };
    xhr.send(form);
  });
}

export const listImports = (signal?: AbortSignal) => getJson<ImportRecord[]>('/api/imports', signal);
export const getImport = (id: number, signal?: AbortSignal) => getJson<ImportRecord>(`/api/imports/${id}`, signal);

/**
 * Whether the server offers undo of a committed import (POST /api/imports/:id/undo, built
 * separately): read from the OpenAPI document, so that checking writes nothing.
 */
export async function undoAvailable(signal?: AbortSignal): Promise<boolean> {
  try {
    const doc = await getJson<{ paths?: Record<string, unknown> }>('/api/docs/json', signal);
    return Object.keys(doc.paths ?? {}).some((p) => /^\/api\/imports\/\{id\}\/undo$/.test(p));
  } catch {
    return false;
  }
}

export const undoImport = (id: number) => apiSend<unknown>('POST', `/api/imports/${id}/undo`, {});

export interface IndicatorInput {
  name: string;
  nameEn: string;
  description?: string;
  descriptionEn?: string;
  unit: string;
  unitEn: string;
  topic: string;
  polarity: string;
  kind: string;
  numerator?: string;
  denominator?: string;
  scale: number;
  decimals: number;
  source?: string;
  sourceUrl?: string;
  licence?: string;
  suppressionK: number;
}

export interface CatalogueIndicator extends Indicator {
  suppressionK?: number;
}

export const saveIndicator = (key: string, input: IndicatorInput) => apiSend<Indicator>('PUT', `/api/indicators/${encodeURIComponent(key)}`, input);

export interface Publication { id: number; indicator: string; layer: string; period: string; ruleVersion: string; publishedBy: string; publishedAt: string }

export const listPublications = (signal?: AbortSignal) => getJson<Publication[]>('/api/publications', signal);
export const publish = (indicator: string, layers: string[], period?: string) =>
  apiSend<{ ids: number[]; ruleVersion: string }>('POST', '/api/publications', { indicator, layers, ...(period ? { period } : {}) });
export const withdraw = (id: number) => apiSend<{ ok: boolean }>('DELETE', `/api/publications/${id}`);

export interface PreviewRow {
  areaCode: string;
  areaName: string;
  period: string;
  value: number | null;
  display: string;
  suppressed: boolean;
  reason: 'primary' | 'secondary' | 'withheld' | 'unpublished' | null;
}

export interface PublicationPreview {
  indicator: string;
  layer: string;
  period: string;
  alreadyPublished: boolean;
  rows: PreviewRow[];
  counts: { cells: number; shown: number; suppressed: number; primary: number; secondary: number; withheld: number; missing: number };
  /** Already published cells (related counts, other layers) whose display the publication changes. */
  otherChanges: { indicator: string; layer: string; areaCode: string; period: string; change: 'hidden' | 'shown' }[];
}

export const previewPublication = (indicator: string, layer: string, period: string | undefined, signal?: AbortSignal) =>
  getJson<PublicationPreview>(`/api/publications/preview?${query({ indicator, layer, period })}`, signal);

export const getThresholds = (signal?: AbortSignal) => getJson<{ indicator: string; k: number }[]>('/api/publications/thresholds', signal);
