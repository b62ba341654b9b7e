import { useEffect, useState } from 'react';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'ready'; data: T };

/**
 * Runs `load` whenever `key` changes and aborts the previous request, so a quick change of
 * selection never lets an old answer overwrite a newer one. `key === null` means "nothing to load".
 */
export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loadable<T> {
  const [result, setResult] = useState<{ key: string | null; value: Loadable<T> }>({ key: null, value: { state: 'loading' } });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setResult({ key, value: { state: 'loading' } });
    load(controller.signal).then(
      (data) => { if (!controller.signal.aborted) setResult({ key, value: { state: 'ready', data } }); },
      (error: unknown) => { if (!controller.signal.aborted) setResult({ key, value: { state: 'error', error } }); },
    );
    return () => controller.abort();
    // `load` is deliberately not a dependency: callers pass a fresh closure each render and `key`
    // names everything the request depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // A result for an older key is stale: report loading until the new one arrives.
  return result.key === key ? result.value : { state: 'loading' };
}
