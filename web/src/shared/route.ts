import { useCallback, useEffect, useState } from 'react';

// Hash routing: "#/" is the atlas, "#/quellen" the data sources. The atlas keeps its selection in
// the query part ("#/?indicator=einwohner&layer=ortsteil") so that a view can be bookmarked.

export type Page = 'atlas' | 'sources';

export interface Route {
  page: Page;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?', 2);
  const page: Page = path === '/quellen' ? 'sources' : 'atlas';
  return { page, params: new URLSearchParams(search) };
}

export function hrefFor(page: Page, params?: URLSearchParams): string {
  const path = page === 'sources' ? '#/quellen' : '#/';
  const search = params?.toString();
  return search ? `${path}?${search}` : path;
}

export function useRoute(): [Route, (params: Record<string, string | undefined>) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));

  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);

  // Selection changes replace the history entry: the back button should leave the page, not undo
  // every click in a select box.
  const setParams = useCallback((changes: Record<string, string | undefined>) => {
    setRoute((current) => {
      const params = new URLSearchParams(current.params);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) params.delete(key);
        else params.set(key, value);
      }
      const next = { page: current.page, params };
      window.history.replaceState(null, '', hrefFor(next.page, params));
      return next;
    });
  }, []);

  return [route, setParams];
}
