// The one CSV reader: bytes → header + rows with their physical line numbers, plus the rows it had to
// reject and why. It knows nothing about what the cells mean; the layout readers (wide, portal, long,
// table, crosswalk) build on it. Unquoted files (the big ones) go through a tight split on '\n' and
// the delimiter; files with quotes go through csv-parse.
import { parse } from 'csv-parse/sync';
import type { Options as CsvParseOptions } from 'csv-parse/sync';
import type { Problem } from '../core/errors.ts';
import { decodeBytes, detectLineEnding, mojibakeWarnings } from './text.ts';
import type { LineEnding, TextEncoding } from './text.ts';

export type Delimiter = ';' | ',' | '|' | '\t';
const CANDIDATES: readonly Delimiter[] = [';', '\t', '|', ','];

export interface CsvRow {
  /** Physical 1-based line in the file where the row starts (after CR/CRLF → LF). */
  line: number;
  cells: string[];
}

export interface CsvOptions {
  /** Force a delimiter instead of detecting it. */
  delimiter?: Delimiter;
  /** The first non-empty line is the header (default true). */
  hasHeader?: boolean;
}


/**
 * Pick the delimiter whose count per record (outside quotes) is the most consistent over the first
 * records; a decimal comma in a ';' file varies from row to row, the real delimiter does not.
 * Ties go to ';', then tab, '|', ',' (German files use ';' precisely because ',' is the decimal).
 */
export function detectDelimiter(text: string, maxRecords = 30): Delimiter {
  const counts: number[][] = CANDIDATES.map(() => []);
  const current = CANDIDATES.map(() => 0);
  let inQuotes = false;
  let records = 0;
  let nonEmpty = false;
  const end = Math.min(text.length, 1 << 18);
  for (let i = 0; i <= end && records < maxRecords; i++) {
    const c = i === end ? '\n' : text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === '\n') {
      if (nonEmpty) {
        for (let k = 0; k < CANDIDATES.length; k++) counts[k].push(current[k]);
        records++;
      }
      current.fill(0);
      nonEmpty = false;
    } else {
      if (c !== '\u0000' && c !== ' ') nonEmpty = true;
      const k = CANDIDATES.indexOf(c as Delimiter);
      if (k !== -1) current[k]++;
    }
  }
  let best: Delimiter | undefined;
  let bestScore = 0;
  CANDIDATES.forEach((d, k) => {
    const cs = counts[k];
    const freq = new Map<number, number>();
    for (const n of cs) if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    let modeHits = 0;
    for (const hits of freq.values()) modeHits = Math.max(modeHits, hits);
    const score = cs.length ? modeHits / cs.length : 0;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  });
  return best ?? ';';
}

// A first cell that reads like a note under a table rather than an area.
const FOOTNOTE_START =
  /^(?:\*|¹|²|³|\(?\d{1,2}\)|quelle|quellen|source|stand\b|anmerkung|hinweis|fu(?:ß|ss)note|erl(?:ä|ae)uterung|legende|zeichenerkl|note\b|notes\b|alle angaben|angaben\b|[^:;]{1,60}:\s)/i;
const NUMERIC_LIKE = /^[\s\d.,%+\-−]*$/;

export interface CsvScan {
  /** Header cells, trimmed; [] when hasHeader is false. */
  header: string[];
  /** Line of the header (0 when there is none). */
  headerLine: number;
  delimiter: Delimiter;
  encoding: TextEncoding;
  lineEnding: LineEnding;
  /** The number of cells a data row must have. */
  width: number;
  /** Rejected rows: footnotes, NUL padding, wrong cell count, unparseable quoting. */
  errors: Problem[];
  warnings: Problem[];
  /** Non-empty records after the header, accepted or not. */
  rowsRead: number;
}

export interface CsvResult extends CsvScan {
  /** Accepted data rows; cells are raw (untrimmed). */
  rows: CsvRow[];
}

export interface CsvVisitor {
  /**
   * Called once before the first row with the header and the first `sampleRows` accepted rows (which
   * are then passed to `row` as well), e.g. to detect the decimal separator before parsing values.
   */
  start?(header: string[], sample: CsvRow[], headerLine: number): void;
  row(line: number, cells: string[]): void;
}

export function readCsv(bytes: Uint8Array, file: string, opts: CsvOptions = {}): CsvResult {
  const rows: CsvRow[] = [];
  const scan = scanCsv(bytes, file, opts, { row: (line, cells) => rows.push({ line, cells }) });
  return { ...scan, rows };
}

/**
 * The streaming core of readCsv: accepted rows go to the visitor as they are read, so a million-row
 * file is never held twice (as cells and as records).
 */
export function scanCsv(bytes: Uint8Array, file: string, opts: CsvOptions & { sampleRows?: number }, visitor: CsvVisitor): CsvScan {
  const { raw, encoding } = decodeBytes(bytes);
  const lineEnding = detectLineEnding(raw);
  const quoted = raw.indexOf('"') !== -1;
  // Split on the file's own terminator when it has one kind; normalise only mixed files and
  // quoted ones (csv-parse is told '\n').
  const text = quoted || lineEnding === 'mixed' || lineEnding === 'cr' ? raw.replace(/\r\n?/g, '\n') : raw;
  const terminator = !quoted && lineEnding === 'crlf' ? '\r\n' : '\n';
  const delimiter = opts.delimiter ?? detectDelimiter(terminator === '\n' ? text : text.slice(0, 1 << 18).replace(/\r\n/g, '\n'));
  const errors: Problem[] = [];
  const warnings: Problem[] = mojibakeWarnings(text, file);
  const hasNul = text.indexOf('\u0000') !== -1;
  const hasHeader = opts.hasHeader ?? true;
  const sampleSize = opts.sampleRows ?? 0;

  let header: string[] = [];
  let headerLine = 0;
  let width = -1;
  let rowsRead = 0;
  let started = false;
  const sample: CsvRow[] = [];
  // Rows with text in the first cell only are footnotes at the end of a table, but may be areas
  // without any value in the middle of it: keep them until the next real data row decides.
  let pending: CsvRow[] = [];
  // Without a header the expected width is the most common one, so rows wait until it is known.
  const headerless: CsvRow[] = [];

  const emit = (line: number, cells: string[]) => {
    if (started) return visitor.row(line, cells);
    sample.push({ line, cells });
    if (sample.length >= sampleSize) flushSample();
  };
  const flushSample = () => {
    started = true;
    visitor.start?.(header, sample, headerLine);
    for (const r of sample) visitor.row(r.line, r.cells);
    sample.length = 0;
  };

  const classify = (line: number, cells: string[]) => {
    // Fast path: the right width and a value in the second cell is an ordinary data row.
    if (cells.length === width && width >= 2 && !hasNul && hasContent(cells[1])) {
      rowsRead++;
      if (pending.length) flushPending();
      return emit(line, cells);
    }
    if (isBlank(cells)) {
      warnings.push(problem('CSV_EMPTY_ROW', `Zeile ${line} ist leer und wird übersprungen.`, `Line ${line} is empty and is skipped.`, { file, line }));
      return;
    }
    rowsRead++;
    const nulAt = hasNul ? cells.findIndex((c) => c.includes('\u0000')) : -1;
    if (nulAt !== -1) {
      errors.push(
        problem(
          'CSV_NUL_ROW',
          `Zeile ${line} enthält NUL-Zeichen (Datei aufgefüllt oder beschädigt) und wird abgewiesen.`,
          `Line ${line} contains NUL characters (padded or damaged file) and is rejected.`,
          { file, line, field: fieldName(header, nulAt), value: shown(cells[nulAt]) },
        ),
      );
      return;
    }
    const first = cells[0].trim();
    const restEmpty = cells.every((c, i) => i === 0 || c.trim() === '');
    const farFewer = cells.length <= width / 2;
    if (width >= 2 && first !== '' && !NUMERIC_LIKE.test(first) && (restEmpty || farFewer)) {
      if (FOOTNOTE_START.test(first) || farFewer) {
        errors.push(footnote(file, line, first, cells.length, width));
        return;
      }
      if (cells.length === width) {
        pending.push({ line, cells });
        return;
      }
    }
    if (cells.length > width && cells.slice(width).every((c) => c.trim() === '')) {
      // "a;1;2;" under "x;y;z": a trailing delimiter, not a shifted row.
      warnings.push(
        problem(
          'CSV_TRAILING_EMPTY_CELLS',
          `Zeile ${line} hat ${cells.length - width} leere Felder mehr als die Kopfzeile; sie werden ignoriert.`,
          `Line ${line} has ${cells.length - width} more empty cells than the header; they are ignored.`,
          { file, line },
        ),
      );
      cells = cells.slice(0, width);
    } else if (cells.length !== width) {
      errors.push(cellCount(file, line, cells.length, width));
      return;
    }
    if (pending.length) flushPending();
    emit(line, cells);
  };
  const flushPending = () => {
    const p = pending;
    pending = [];
    for (const r of p) emit(r.line, r.cells);
  };
  const onRow = (line: number, cells: string[]) => {
    if (width === -1) {
      if (hasHeader) {
        if (isBlank(cells)) return;
        header = cells.map((c) => c.trim());
        headerLine = line;
        width = header.length;
        return;
      }
      headerless.push({ line, cells });
      return;
    }
    classify(line, cells);
  };

  if (quoted) splitQuoted(text, delimiter, file, errors, onRow);
  else splitPlain(text, terminator, delimiter, onRow);

  if (!hasHeader) {
    width = modalWidth(headerless);
    for (const r of headerless) classify(r.line, r.cells);
  }
  for (const p of pending) errors.push(footnote(file, p.line, p.cells[0].trim(), p.cells.length, width));
  pending = [];
  if (!started) flushSample();
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { header, headerLine, delimiter, encoding, lineEnding, width: Math.max(width, 0), errors, warnings, rowsRead };
}

function hasContent(s: string | undefined): boolean {
  if (s === undefined || s.length === 0) return false;
  const c = s.charCodeAt(0);
  return (c > 32 && c !== 160) || s.trim() !== '';
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

function fieldName(header: string[], i: number): string {
  return header[i] || `#${i + 1}`;
}

function modalWidth(records: CsvRow[]): number {
  const freq = new Map<number, number>();
  for (const { cells } of records) {
    if (isBlank(cells) || cells.some((c) => c.includes('\u0000'))) continue;
    freq.set(cells.length, (freq.get(cells.length) ?? 0) + 1);
  }
  let width = 0;
  let hits = 0;
  for (const [w, n] of freq) if (n > hits || (n === hits && w > width)) [width, hits] = [w, n];
  return width;
}

// Unquoted text: slice line by line and String#split, the fastest splitter V8 has (several times
// faster than csv-parse on a million rows).
function splitPlain(text: string, terminator: string, delimiter: Delimiter, onRow: (line: number, cells: string[]) => void): void {
  const step = terminator.length;
  let line = 1;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf(terminator, pos);
    if (end === -1) end = text.length;
    onRow(line++, text.slice(pos, end).split(delimiter));
    pos = end + step;
  }
}

function splitQuoted(text: string, delimiter: Delimiter, file: string, errors: Problem[], onRow: (line: number, cells: string[]) => void): void {
  let line = 1;
  try {
    const options: CsvParseOptions = {
      delimiter,
      raw: true,
      bom: false,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: '\n',
      // With raw: true each record arrives as {record, raw}; raw tells how many lines it spanned.
      on_record: (rec: unknown) => {
        const { record, raw } = rec as { record: string[]; raw: string };
        onRow(line, record);
        for (let j = raw.indexOf('\n'); j !== -1; j = raw.indexOf('\n', j + 1)) line++;
        return null; // keep nothing: rows are streamed
      },
    };
    parse(text, options);
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    errors.push(
      problem(
        'CSV_PARSE',
        `Die Datei ist ab Zeile ${e.lines ?? line} kein lesbares CSV (Anführungszeichen?): ${e.message ?? ''}`,
        `The file is not readable CSV from line ${e.lines ?? line} (quotes?): ${e.message ?? ''}`,
        { file, line: e.lines ?? line },
      ),
    );
  }
}

function footnote(file: string, line: number, first: string, cells: number, width: number): Problem {
  return problem(
    'CSV_FOOTNOTE_ROW',
    `Zeile ${line} ist eine Fußnote oder Anmerkung („${shown(first)}“, ${cells} von ${width} Feldern, keine Werte), keine Datenzeile; sie wird abgewiesen.`,
    `Line ${line} is a footnote or note ("${shown(first)}", ${cells} of ${width} cells, no values), not a data row; it is rejected.`,
    { file, line, value: first },
  );
}

function cellCount(file: string, line: number, cells: number, width: number): Problem {
  return problem(
    'CSV_CELL_COUNT',
    `Zeile ${line} hat ${cells} Felder, die Kopfzeile aber ${width}; die Zeile wird abgewiesen.`,
    `Line ${line} has ${cells} cells but the header has ${width}; the row is rejected.`,
    { file, line, value: String(cells) },
  );
}

// ---- Problem builders shared by the CSV family: one place for the wording, so that a code always
// carries the same German and English text.

export interface Where {
  file: string;
  line?: number;
  field?: string;
  value?: string;
}

export function problem(code: string, de: string, en: string, where: Where): Problem {
  const p: Problem = { code, de, en, file: where.file };
  if (where.line !== undefined) p.line = where.line;
  if (where.field !== undefined) p.field = where.field;
  if (where.value !== undefined) p.value = where.value;
  return p;
}

/** Shorten a raw cell for a message (NUL padding can be thousands of characters). */
export function shown(value: string, max = 60): string {
  const visible = value.replace(/\u0000/g, '\\0');
  return visible.length > max ? `${visible.slice(0, max)}…` : visible;
}

export function invalidNumber(file: string, line: number, field: string, value: string): Problem {
  return problem(
    'NUMBER_INVALID',
    `Zeile ${line}, Spalte „${field}“: „${shown(value)}“ ist keine gültige Zahl; die Zeile wird abgewiesen.`,
    `Line ${line}, column "${field}": "${shown(value)}" is not a valid number; the row is rejected.`,
    { file, line, field, value },
  );
}

export function placeholderValue(file: string, line: number, field: string, symbol: string): Problem {
  const sym = symbol === '' ? '(leer)' : symbol;
  const symEn = symbol === '' ? '(empty)' : symbol;
  return problem(
    'VALUE_PLACEHOLDER',
    `Zeile ${line}, Spalte „${field}“: Platzhalter „${sym}“ statt eines Werts; als fehlender Wert übernommen.`,
    `Line ${line}, column "${field}": placeholder "${symEn}" instead of a value; taken as a missing value.`,
    { file, line, field, value: symbol },
  );
}

export function missingColumn(file: string, line: number, what: string, looked: readonly string[]): Problem {
  return problem(
    'CSV_MISSING_COLUMN',
    `Die Kopfzeile (Zeile ${line}) hat keine Spalte für ${what.split('|')[0]} (gesucht: ${looked.join(', ')}).`,
    `The header (line ${line}) has no column for ${what.split('|')[1] ?? what} (looked for: ${looked.join(', ')}).`,
    { file, line, field: what.split('|')[1] ?? what },
  );
}

export function emptyArea(file: string, line: number, field: string): Problem {
  return problem(
    'AREA_MISSING',
    `Zeile ${line}: kein Gebiet angegeben (Spalte „${field}“ ist leer); die Zeile wird abgewiesen.`,
    `Line ${line}: no area given (column "${field}" is empty); the row is rejected.`,
    { file, line, field, value: '' },
  );
}

export function duplicate(file: string, line: number, firstLine: number, key: string): Problem {
  return problem(
    'OBSERVATION_DUPLICATE',
    `Zeile ${line}: ${key} kam schon in Zeile ${firstLine} vor; die Zeile wird abgewiesen.`,
    `Line ${line}: ${key} already appeared in line ${firstLine}; the row is rejected.`,
    { file, line, value: key },
  );
}
