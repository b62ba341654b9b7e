// JSON files as text and values: decoding (UTF-8, BOM, Windows-1252 fallback) and parsing that keeps
// the line of every object, so that errors name file and line.
import type { Problem } from '../core/errors.ts';

/** Text of a file: UTF-8 (RFC 7946 demands it) with the BOM removed; Windows-1252 as a reported fallback. */
export function decodeJsonBytes(input: Uint8Array | string, file: string, warnings: Problem[], codePrefix: string): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    warnings.push({
      code: `${codePrefix}_ENCODING_NOT_UTF8`,
      de: 'Die Datei ist nicht in UTF-8 kodiert; sie wurde als Windows-1252 gelesen. Bitte Umlaute in Namen prüfen.',
      en: 'The file is not UTF-8 encoded; it was read as Windows-1252. Please check umlauts in names.',
      file,
    });
    return new TextDecoder('windows-1252').decode(input);
  }
}

/**
 * JSON.parse that also remembers the 1-based line on which every object and array starts
 * (RFC 8259 grammar; strings are handed to JSON.parse so escapes behave exactly as usual).
 */
export function parseJsonWithLines(text: string): { value: unknown; lines: WeakMap<object, number> } {
  const lines = new WeakMap<object, number>();
  let i = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at line ${line} (position ${i})`);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      i++;
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      lines.set(obj, line);
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expected a property name');
        const key = str();
        ws();
        if (text[i] !== ':') fail("Expected ':'");
        i++;
        const v = value();
        // JSON.parse semantics: "__proto__" becomes an own property, not the prototype.
        if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[key] = v;
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return obj;
        } else fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      lines.set(arr, line);
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return arr;
        } else fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '' || m[0] === '-') return fail(i >= text.length ? 'Unexpected end of JSON' : `Unexpected character ${JSON.stringify(c)}`);
    i += m[0].length;
    return Number(m[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) fail('Unterminated string');
      if (c === 34) break;
      if (c === 92) i++;
      else if (c < 32) fail('Control character in string');
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i < text.length) fail('Unexpected data after the JSON value');
  return { value: v, lines };
}

/**
 * JSON.parse with the error turned into a Problem that names the line (V8's message does not always
 * give a position, so the slower line-tracking parser is run once to find it).
 */
export function parseJsonText(text: string, file: string, code: string): { value?: unknown; error?: Problem } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    let msg = e instanceof Error ? e.message : String(e);
    try {
      parseJsonWithLines(text);
    } catch (e2) {
      if (e2 instanceof SyntaxError) msg = e2.message;
    }
    const found = /line (\d+)/.exec(msg);
    const line = found ? Number(found[1]) : undefined;
    return {
      error: {
        code,
        de: `Die Datei ist kein gültiges JSON: ${msg}`,
        en: `The file is not valid JSON: ${msg}`,
        file,
        ...(line !== undefined ? { line } : {}),
      },
    };
  }
}
