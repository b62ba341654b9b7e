// The one error type for problems a user must see: a code, a message in German and English, and
// where it happened (file, line, field) when it concerns input. Services throw it; the one HTTP
// handler and the CLI print it. Anything else is an internal error and is masked. The HTTP status
// of a code comes from the one catalogue (error-catalogue.ts).
import { catalogueEntry } from './error-catalogue.ts';

export interface Location {
  file?: string;
  line?: number;
  field?: string;
}

export interface Problem extends Location {
  /** Stable machine-readable code, e.g. CSV_FOOTNOTE_ROW. */
  code: string;
  de: string;
  en: string;
  /** The offending raw value, when there is one. */
  value?: string;
}

export class LernortError extends Error {
  readonly code: string;
  readonly de: string;
  readonly en: string;
  readonly status: number;
  readonly location: Location | undefined;
  readonly details: unknown;

  constructor(code: string, de: string, en: string, opts: { status?: number; location?: Location; details?: unknown } = {}) {
    super(en);
    this.name = 'LernortError';
    this.code = code;
    this.de = de;
    this.en = en;
    this.status = opts.status ?? catalogueEntry(code)?.status ?? 400;
    this.location = opts.location;
    this.details = opts.details;
  }

  static fromProblem(p: Problem, status = 400, details?: unknown): LernortError {
    const { code, de, en, file, line, field } = p;
    return new LernortError(code, de, en, { status, location: { file, line, field }, details });
  }
}

/** What was not found, in both languages; the string form is "Deutsch / English", e.g. "Ebene / layer". */
export type Thing = { de: string; en: string } | string;

function bilingual(what: Thing): { de: string; en: string } {
  if (typeof what !== 'string') return what;
  const i = what.indexOf(' / ');
  return i === -1 ? { de: what, en: what } : { de: what.slice(0, i), en: what.slice(i + 3) };
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** 404 for a named thing: `notFound('Ebene / layer', 'ortsteil')` → Ebene „ortsteil“ … / Layer "ortsteil" was not found. */
export function notFound(what: Thing, id: string): LernortError {
  const { de, en } = bilingual(what);
  return new LernortError('NOT_FOUND', `${de} „${id}“ wurde nicht gefunden.`, `${capitalised(en)} "${id}" was not found.`, { status: 404 });
}

/** "file:line field" prefix for messages. */
export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  const parts = [loc.file, loc.line !== undefined ? `Zeile/line ${loc.line}` : undefined, loc.field ? `Feld/field „${loc.field}“` : undefined];
  return parts.filter(Boolean).join(', ');
}
