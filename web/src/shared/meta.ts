import { getJson } from './api.ts';

export interface Meta {
  city: { name: string };
  synthetic: boolean;
  recipe: string | null;
  /** The deployment's choice for the atlas's first map (recipe key `defaultIndicator`). */
  defaultIndicator?: string | null;
}

// Several parts of the page need the meta facts; they share one request.
let cached: Promise<Meta> | null = null;

export const getMeta = (signal?: AbortSignal): Promise<Meta> => {
  cached ??= getJson<Meta>('/api/meta', signal).catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
};
