import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

// Hash routing: "#/" is the atlas, "#/quellen" the data sources, "#/gebiet/{layer}/{code}" an area
// profile, "#/indikator/{key}" an indicator page, "#/oeffentlich" the atlas in public mode. The
// atlas keeps its selection in the query part ("#/?indicator=einwohner&layer=ortsteil").
// "#/daten/…" (import, history, catalogue, publication) is routed in datadesk/DataDesk.tsx.
//
// This file is the client's one router: it alone reads and writes window.location.hash. Pages
// read the address with useHash/useHashParts/useHashQuery (or currentHash/hashQuery outside
// React), move with navigate/replaceHash, and build links with hashHref/hrefFor.

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
  const [route, setRoute] = useState(() => parseHash(currentHash()));

  useEffect(() => subscribeHash(() => setRoute(parseHash(currentHash()))), []);

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
  const [parts, setParts] = useState(() => hashParts());
  useEffect(() => subscribeHash(() => setParts(hashParts())), []);
  return parts;
}

/** The current hash address ("#/…", or "" on the start page). */
export function currentHash(): string {
  return typeof window === 'undefined' ? '' : window.location.hash;
}

/** The query part of the hash address ("#/x?a=1" → a=1). */
export function hashQuery(hash: string = currentHash()): URLSearchParams {
  return new URLSearchParams(hash.split('?')[1] ?? '');
}

/** Percent-decoded path segments of a hash address. */
export function hashParts(hash: string = currentHash()): string[] {
  return hash.replace(/^#/, '').split('?')[0].split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
}

/** A link to a hash address from its segments (encoded) and optional query: hashHref('einrichtungen', 12). */
export function hashHref(segments: (string | number)[], params?: Record<string, string | undefined>): string {
  const path = `#/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined) search.set(key, value);
  const q = search.toString();
  return q ? `${path}?${q}` : path;
}

/** Goes to a hash address ("#/…"), with a history entry. */
export function navigate(href: string): void {
  window.location.hash = href.startsWith('#') ? href : `#${href}`;
}

/** Goes to an address (hash or full URL) without a history entry. */
export function replaceLocation(href: string): void {
  window.location.replace(href);
}

function subscribeHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The hash address, re-rendering on every change. */
export function useHash(): string {
  return useSyncExternalStore(subscribeHash, currentHash, () => '');
}

/** The query part of the hash address, re-rendering on every change. */
export function useHashQuery(): URLSearchParams {
  const hash = useHash();
  return hashQuery(hash);
}
