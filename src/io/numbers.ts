// THE number parser of the project. German statistics write "1.374,5" (dot = thousands, comma =
// decimal), "53,40%", "1 374" (also with NBSP or narrow NBSP), and use placeholders instead of a
// value: "." (Zahlenwert unbekannt oder geheim), "-" (nichts vorhanden), "x" (Tabellenfach gesperrt),
// "n.e." (nicht erhoben), "*" (aus Datenschutzgründen unkenntlich). A placeholder is never a 0.

export type DecimalSeparator = ',' | '.';

export type ParsedNumber =
  | { kind: 'number'; value: number; percent: boolean }
  | { kind: 'missing'; symbol: string; suppressed: boolean }
  | { kind: 'invalid' };

export interface NumberOptions {
  /** The file's decimal separator; the other one is then the thousands separator. Default ','. */
  decimal?: DecimalSeparator;
  /** Replaces the default placeholder list. */
  placeholders?: readonly string[];
}

/** Cell contents that stand for "no value" (compared after trimming). */
export const DEFAULT_PLACEHOLDERS: readonly string[] = [
  '', '.', '..', '...', '-', '–', '—', '−', 'x', 'X', '/', '*',
  'n.e.', 'n. e.', 'n.v.', 'n. v.', 'k.A.', 'k. A.', 'NA', 'N/A', 'n/a',
];
/** Placeholders that mean "withheld for confidentiality" rather than "unknown". */
const SUPPRESSED = new Set(['*', 'x', 'X']);
const DEFAULT_SET = new Set(DEFAULT_PLACEHOLDERS);

const PLAIN_INT = /^-?\d+$/;
const PLAIN_COMMA = /^-?\d+,\d+$/;
const PLAIN_POINT = /^-?\d+\.\d+$/;
// After sign, percent and group spaces are removed. Exponents are allowed for machine-written files.
const COMMA_DECIMAL = /^(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?(?:[eE][+-]?\d+)?$/;
const POINT_DECIMAL = /^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// Spaces as thousands separators only between groups of exactly three digits ("1 374", "12 345 678").
const SPACE_GROUPS = /^\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?$/;

export function parseGermanNumber(raw: string, opts: NumberOptions = {}): ParsedNumber {
  // Fast paths: most cells of big files are plain integers or plain decimals.
  if (PLAIN_INT.test(raw)) return { kind: 'number', value: Number(raw), percent: false };
  if (opts.decimal === '.' ? PLAIN_POINT.test(raw) : PLAIN_COMMA.test(raw))
    return { kind: 'number', value: Number(opts.decimal === '.' ? raw : raw.replace(',', '.')), percent: false };
  const s = raw.trim(); // String#trim also removes NBSP and narrow NBSP (Unicode Zs)
  const placeholders = opts.placeholders ? new Set(opts.placeholders) : DEFAULT_SET;
  if (placeholders.has(s)) return { kind: 'missing', symbol: s, suppressed: SUPPRESSED.has(s) };

  let body = s;
  let percent = false;
  if (body.endsWith('%')) {
    percent = true;
    body = body.slice(0, -1).trimEnd();
  }
  let sign = 1;
  const first = body.charAt(0);
  if (first === '-' || first === '−' || first === '+') {
    if (first !== '+') sign = -1;
    body = body.slice(1).trimStart();
  }
  if (body === '' || !/\d/.test(body)) return { kind: 'invalid' };
  if (/[ \u00a0\u202f\u2009]/.test(body)) {
    if (!SPACE_GROUPS.test(body)) return { kind: 'invalid' };
    body = body.replace(/[ \u00a0\u202f\u2009]/g, '');
  }

  const decimal = opts.decimal ?? ',';
  let normalised: string;
  if (decimal === ',') {
    if (!COMMA_DECIMAL.test(body)) return { kind: 'invalid' };
    normalised = body.replace(/\./g, '').replace(',', '.');
  } else {
    if (!POINT_DECIMAL.test(body)) return { kind: 'invalid' };
    normalised = body.replace(/,/g, '');
  }
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { kind: 'invalid' };
  return { kind: 'number', value: sign * value, percent };
}

/**
 * Decide a file's decimal separator from all its value cells at once, because a single cell can be
 * ambiguous: "1.374" is 1374 in a German table but "14.1" in kinderarmut.csv is fourteen point one.
 *
 * The rule, cell by cell (after removing sign, % and spaces), then over the whole set:
 * - comma evidence: a comma followed by 1–2 or ≥4 digits ("9,6", "6,743421053"), a comma after a
 *   dot ("1.374,5"), or two or more dots ("1.234.567");
 * - point evidence: a dot followed by 1–2 or ≥4 digits ("14.1", "0.257"), a dot after a comma
 *   ("1,374.5"), or two or more commas ("1,234,567");
 * - "d.ddd" and "d,ddd" (one separator, 1–3 leading digits not starting with 0, exactly three digits
 *   after it) are ambiguous and give no evidence.
 * Only comma evidence → ','; only point evidence → '.'; both → the side with more cells; none (plain
 * integers, or only "1.374"-style cells) → ',', the German convention, which reads "1.374" as
 * thousands.
 */
export function detectDecimalSeparator(cells: Iterable<string>): DecimalSeparator {
  let comma = 0;
  let point = 0;
  for (const raw of cells) {
    const s = raw.trim().replace(/%$/, '').replace(/^[-−+]/, '').replace(/[ \u00a0\u202f\u2009]/g, '');
    if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) continue;
    const lastComma = s.lastIndexOf(',');
    const lastDot = s.lastIndexOf('.');
    if (lastComma === -1 && lastDot === -1) continue;
    const commas = s.split(',').length - 1;
    const dots = s.split('.').length - 1;
    if (commas > 0 && dots > 0) {
      if (lastComma > lastDot) comma++;
      else point++;
    } else if (dots > 1) comma++;
    else if (commas > 1) point++;
    else {
      const at = Math.max(lastComma, lastDot);
      const digitsAfter = s.length - 1 - at;
      // "1.374" could be a thousands group; "0.374" or "12345.678" could not.
      if (digitsAfter === 3 && at >= 1 && at <= 3 && s.charAt(0) !== '0') continue;
      if (lastComma !== -1) comma++;
      else point++;
    }
  }
  if (point > comma) return '.';
  return ',';
}
