// One fetch wrapper for the whole client: JSON in, JSON out, and the server's bilingual error
// envelope turned into an ApiError that pages can show in the current language.

export interface LocalisedText {
  de: string;
  en: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly text: LocalisedText;

  constructor(code: string, status: number, text: LocalisedText) {
    super(text.en);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.text = text;
  }
}

const NETWORK: LocalisedText = {
  de: 'Der Server ist nicht erreichbar.',
  en: 'The server cannot be reached.',
};

function isLocalisedText(value: unknown): value is LocalisedText {
  return typeof value === 'object' && value !== null
    && typeof (value as LocalisedText).de === 'string' && typeof (value as LocalisedText).en === 'string';
}

/**
 * Public mode (`?public=1` or `#/oeffentlich`): the atlas reads the published, confidentiality-
 * checked data under /api/public (same shapes, plus `display` and `flags.suppressed`).
 */
export function isPublicMode(): boolean {
  if (typeof window === 'undefined') return false;
  return new URLSearchParams(window.location.search).get('public') === '1'
    || /^#\/oeffentlich(\/|\?|$)/.test(window.location.hash)
    || new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('public') === '1';
}

const PUBLIC_ROUTES = /^\/api\/(indicators|layers|areas|observations)(\?|$)/;

/** The address to fetch: internal routes, or their /api/public twins in public mode. */
export function apiUrl(path: string, publicMode = isPublicMode()): string {
  return publicMode && PUBLIC_ROUTES.test(path) ? path.replace(/^\/api\//, '/api/public/') : path;
}

// Requests started before React mounts (see prefetchAtlas), taken over once by the first getJson.
const prefetched = new Map<string, Promise<Response>>();

/** Starts a GET now; the next getJson of the same path uses its response instead of asking again. */
export function prefetch(path: string): void {
  const url = apiUrl(path);
  if (!prefetched.has(url)) prefetched.set(url, fetch(url, { headers: { accept: 'application/json' } }));
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  path = apiUrl(path);
  const early = prefetched.get(path);
  prefetched.delete(path);
  try {
    response = early ? await early : await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('network', 0, NETWORK);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const text = isLocalisedText(error?.message)
      ? error.message
      : { de: `Fehler ${response.status} vom Server.`, en: `Error ${response.status} from the server.` };
    throw new ApiError(typeof error?.code === 'string' ? error.code : `http_${response.status}`, response.status, text);
  }
  if (body === null) {
    throw new ApiError('bad_response', response.status, {
      de: 'Unerwartete Antwort des Servers.',
      en: 'Unexpected answer from the server.',
    });
  }
  return body as T;
}

/** Builds a query string, leaving out undefined parameters. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  return search.toString();
}

export function errorText(err: unknown, lang: 'de' | 'en'): string {
  if (err instanceof ApiError) return err.text[lang];
  return lang === 'de' ? 'Unerwarteter Fehler.' : 'Unexpected error.';
}

/** POST/DELETE with the session's CSRF token (GET /api/auth/me gives it to signed-in users). */
export async function sendJson<T>(method: 'POST' | 'DELETE', path: string, body: unknown, csrfToken: string): Promise<T | null> {
  const response = await fetch(path, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new ApiError('network', 0, NETWORK);
  });
  const data: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const text = isLocalisedText(error?.message) ? error.message : { de: `Fehler ${response.status} vom Server.`, en: `Error ${response.status} from the server.` };
    throw new ApiError(typeof error?.code === 'string' ? error.code : `http_${response.status}`, response.status, text);
  }
  return data as T | null;
}
