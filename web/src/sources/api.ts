import { getJson } from '../shared/api.ts';

export interface Source {
  title: string;
  attribution: string;
  licence: string;
  url?: string | null;
}

export const getSources = (signal?: AbortSignal) => getJson<Source[]>('/api/sources', signal);
