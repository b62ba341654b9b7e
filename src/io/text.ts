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
// windows-1252 is the superset of ISO-8859-1 that also knows €, „ “ and – in 0x80–0x9F (WHATWG maps
// the label iso-8859-1 to it too). Node 20's TextDecoder('windows-1252') decodes that range as
// latin1 control characters, so those 32 bytes are mapped by hand.
const latin1 = new TextDecoder('latin1');
const CP1252_HIGH =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const cp1252 = {
  decode(bytes: Uint8Array): string {
    const s = latin1.decode(bytes);
    return /[\u0080-\u009f]/.test(s) ? s.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : s;
  },
};

// UTF-8 bytes of umlauts read as windows-1252 ("SÃ¼d" for "Süd"): the file was converted twice.
const MOJIBAKE = /Ã[¤¶¼„–œŸ\u009f]|Ã\u009c/;

export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const { raw, encoding } = decodeBytes(bytes);
  const { text, lineEnding } = normaliseLineEndings(raw);
  return { text, encoding, lineEnding, warnings: mojibakeWarnings(text, file) };
}

/** Decode without touching line ends (the bulk CSV path splits on the file's own terminator). */
export function decodeBytes(bytes: Uint8Array): { raw: string; encoding: TextEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { raw: decodeUtf8OrLatin(bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { raw: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { raw: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { raw: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { raw: cp1252.decode(bytes), encoding: 'windows-1252' };
  }
}

export function mojibakeWarnings(text: string, file: string): Problem[] {
  const m = MOJIBAKE.exec(text);
  if (!m) return [];
  return [
    {
      code: 'TEXT_MOJIBAKE',
      de: `Die Datei enthält doppelt kodierte Umlaute (z. B. „${m[0]}“ statt „ü“): sie wurde vermutlich zweimal umkodiert.`,
      en: `The file contains doubly encoded umlauts (e.g. "${m[0]}" instead of "ü"): it was probably converted twice.`,
      file,
      line: countLines(text, m.index),
      value: m[0],
    },
  ];
}

// A BOM promises UTF-8; if the rest is not valid UTF-8 we still read it rather than fail.
function decodeUtf8OrLatin(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return cp1252.decode(bytes);
  }
}

export function detectLineEnding(raw: string): LineEnding {
  if (raw.indexOf('\r') === -1) return raw.indexOf('\n') === -1 ? 'none' : 'lf';
  let crlf = 0;
  let cr = 0;
  for (let i = raw.indexOf('\r'); i !== -1; i = raw.indexOf('\r', i + 1)) {
    if (raw.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  const lf = countChar(raw, '\n') - crlf;
  const kinds = (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0) + (lf > 0 ? 1 : 0);
  return kinds > 1 ? 'mixed' : crlf > 0 ? 'crlf' : 'cr';
}

export function normaliseLineEndings(raw: string): { text: string; lineEnding: LineEnding } {
  const lineEnding = detectLineEnding(raw);
  return { text: lineEnding === 'lf' || lineEnding === 'none' ? raw : raw.replace(/\r\n?/g, '\n'), lineEnding };
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
