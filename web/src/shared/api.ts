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

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
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
