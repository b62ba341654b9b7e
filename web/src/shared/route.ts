import { useCallback, useEffect, useState } from 'react';

// Hash routing: "#/" is the atlas, "#/quellen" the data sources, "#/gebiet/{layer}/{code}" an area
// profile, "#/indikator/{key}" an indicator page, "#/oeffentlich" the atlas in public mode. The
// atlas keeps its selection in the query part ("#/?indicator=einwohner&layer=ortsteil").
// "#/daten/…" (import, history, catalogue, publication) is routed in datadesk/DataDesk.tsx.

export type Page = 'atlas' | 'sources' | 'profile' | 'indicator';

export interface Route {
  page: Page;
  params: URLSearchParams;
  /** Path segments after the page name (layer and code of a profile, key of an indicator). */
  args: string[];
  /** The path prefix the atlas lives under ('/' or '/oeffentlich'). */
  base: string;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  const params = new URLSearchParams(search);
  if (parts[0] === 'quellen') return { page: 'sources', params, args: [], base: '/' };
  if (parts[0] === 'gebiet' && parts.length >= 3) return { page: 'profile', params, args: parts.slice(1, 3), base: '/' };
  if (parts[0] === 'indikator' && parts.length >= 2) return { page: 'indicator', params, args: parts.slice(1, 2), base: '/' };
  return { page: 'atlas', params, args: [], base: parts[0] === 'oeffentlich' ? '/oeffentlich' : '/' };
}

export function hrefFor(page: Page, params?: URLSearchParams, args: string[] = [], base = '/'): string {
  const enc = args.map(encodeURIComponent).join('/');
  const path = page === 'sources' ? '#/quellen' : page === 'profile' ? `#/gebiet/${enc}` : page === 'indicator' ? `#/indikator/${enc}` : `#${base}`;
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
      const next = { ...current, params };
      window.history.replaceState(null, '', hrefFor(next.page, params, next.args, next.base));
      return next;
    });
  }, []);

  return [route, setParams];
}

/** The path segments of the hash address (percent-decoded), updated on every hash change. */
export function useHashParts(): string[] {
  const read = () => window.location.hash.replace(/^#/, '').split('?')[0].split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const onChange = () => setParts(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parts;
}
