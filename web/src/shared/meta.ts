import { getJson } from './api.ts';

export interface Meta {
  city: { name: string };
  synthetic: boolean;
  recipe: string | null;
}

export const getMeta = (signal?: AbortSignal) => getJson<Meta>('/api/meta', signal);
