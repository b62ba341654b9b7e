import { useRef } from 'react';
import { QueryClient, useQuery } from '@tanstack/react-query';
import { isPublicMode } from './api.ts';

// Server state lives in one TanStack Query cache (the provider is in main.tsx). A query key is an
// array whose first element names the resource ('layers', 'facility', 'areas', …); the old string
// keys of useApi ("facility|12") are split at '|'. A write invalidates the resources it changed
// (`invalidate('facility', 'facilities')`) instead of bumping a refresh counter in the key.

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  /** `updatedAt`: when the answer last changed (ms), e.g. to redraw a map after a write; a reload
   * with the same answer keeps it (the cache shares unchanged data), so nothing redraws for nothing. */
  | { state: 'ready'; data: T; updatedAt?: number };

export type ApiKey = string | readonly (string | number | boolean | null | undefined)[];

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The server's refusals (403, 404, 422) do not get better by asking again, and pages show
      // them at once; nor should switching windows reload a form's data under the user's hands.
      retry: false,
      refetchOnWindowFocus: false,
    },
  },
});

export function queryKeyOf(key: ApiKey): readonly unknown[] {
  return typeof key === 'string' ? key.split('|') : key;
}

// Public mode reads other answers (/api/public/…) under the same keys: keep them apart.
const cacheKey = (key: ApiKey) => (isPublicMode() ? [...queryKeyOf(key), 'public'] : queryKeyOf(key));

/**
 * Loads `key` through the query cache: requests for the same key share one answer, a change of
 * key aborts nothing it still needs and never lets an old answer stand for the new key.
 * `key === null` means "nothing to load". `load` gets the query's AbortSignal.
 */
export function useApi<T>(key: ApiKey | null, load: (signal: AbortSignal) => Promise<T>): Loadable<T> {
  const query = useQuery({
    queryKey: key === null ? ['none'] : cacheKey(key),
    queryFn: ({ signal }) => load(signal),
    enabled: key !== null,
  });
  const changed = useRef<{ data: unknown; at: number }>({ data: undefined, at: 0 });
  if (query.data !== undefined && query.data !== changed.current.data) changed.current = { data: query.data, at: query.dataUpdatedAt };
  if (key === null || query.status === 'pending') return { state: 'loading' };
  if (query.status === 'error') return { state: 'error', error: query.error };
  return { state: 'ready', data: query.data as T, updatedAt: changed.current.at };
}

/** Marks the named resources stale: mounted pages showing them load them again. */
export function invalidate(...resources: ApiKey[]): Promise<void> {
  return Promise.all(resources.map((resource) => queryClient.invalidateQueries({ queryKey: queryKeyOf(resource) }))).then(() => undefined);
}

/** Puts a write's answer into the cache at once (e.g. the meeting a write returned). */
export function setApiData<T>(key: ApiKey, data: T): void {
  queryClient.setQueryData(cacheKey(key), data);
}
