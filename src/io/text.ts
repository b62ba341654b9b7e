// Bytes → text. German statistics files come as UTF-8 (with or without BOM), Excel's UTF-16 or, most
// often, windows-1252/ISO-8859-1; and with LF, CRLF or bare CR line ends, sometimes mixed in one
// file. Everything downstream sees one string with '\n' line ends, so that line numbers are the
// physical lines a user sees in an editor.
import type { Problem } from '../core/errors.ts';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';

export interface DecodedText {
  /** The text with every CRLF and bare CR replaced by LF; BOM removed. */
  text: string;
  encoding: TextEncoding;
  lineEnding: LineEnding;
  warnings: Problem[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// WHATWG maps the label iso-8859-1 to windows-1252 as well: a superset that also knows €, „ “ and –.
const cp1252 = new TextDecoder('windows-1252');

// UTF-8 bytes of umlauts read as windows-1252 ("SÃ¼d" for "Süd"): the file was converted twice.
const MOJIBAKE = /Ã[¤¶¼„–œŸ\u009f]|Ã\u009c/;

export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  let encoding: TextEncoding;
  let raw: string;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8-bom';
    raw = decodeUtf8OrLatin(bytes.subarray(3));
  } else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    raw = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    raw = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    try {
      raw = utf8.decode(bytes);
      encoding = 'utf-8';
    } catch {
      raw = cp1252.decode(bytes);
      encoding = 'windows-1252';
    }
  }
  const { text, lineEnding } = normaliseLineEndings(raw);
  const warnings: Problem[] = [];
  const m = MOJIBAKE.exec(text);
  if (m) {
    const line = countLines(text, m.index);
    warnings.push({
      code: 'TEXT_MOJIBAKE',
      de: `Die Datei enthält doppelt kodierte Umlaute (z. B. „${m[0]}“ statt „ü“): sie wurde vermutlich zweimal umkodiert.`,
      en: `The file contains doubly encoded umlauts (e.g. "${m[0]}" instead of "ü"): it was probably converted twice.`,
      file,
      line,
      value: m[0],
    });
  }
  return { text, encoding, lineEnding, warnings };
}

// A BOM promises UTF-8; if the rest is not valid UTF-8 we still read it rather than fail.
function decodeUtf8OrLatin(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return cp1252.decode(bytes);
  }
}

export function normaliseLineEndings(raw: string): { text: string; lineEnding: LineEnding } {
  if (raw.indexOf('\r') === -1) return { text: raw, lineEnding: raw.indexOf('\n') === -1 ? 'none' : 'lf' };
  let crlf = 0;
  let cr = 0;
  for (let i = raw.indexOf('\r'); i !== -1; i = raw.indexOf('\r', i + 1)) {
    if (raw.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  const lf = countChar(raw, '\n') - crlf;
  const kinds = (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0) + (lf > 0 ? 1 : 0);
  const lineEnding: LineEnding = kinds > 1 ? 'mixed' : crlf > 0 ? 'crlf' : 'cr';
  return { text: raw.replace(/\r\n?/g, '\n'), lineEnding };
}

function countChar(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i !== -1; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/** 1-based line number of a character offset in LF-normalised text. */
export function countLines(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
