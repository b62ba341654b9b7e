// Areal-weight crosswalks (METHODS.md §1): a matrix with one row per source area (e.g. postcode) and
// one column per target area (e.g. Ortsteil code), cells = share of the source lying in the target.
// count_target = Σ_source count_source · w(source, target), so each row's weights must sum to 1.
import type { Problem } from '../core/errors.ts';
import { readCsv, invalidNumber, placeholderValue, problem } from './csv.ts';
import { detectDecimalSeparator, parseGermanNumber } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import { cellsOf } from './wide.ts';

export interface CrosswalkWeight {
  source: string;
  target: string;
  weight: number;
  line: number;
}

export interface CrosswalkResult {
  /** Non-zero weights only. */
  weights: CrosswalkWeight[];
  /** Target codes in column order. */
  targets: string[];
  errors: Problem[];
  warnings: Problem[];
  rowsRead: number;
}

export interface CrosswalkOptions {
  /** Allowed deviation of a row sum from 1 (default 0.005: weights are usually rounded to 3 digits). */
  tolerance?: number;
  decimal?: DecimalSeparator;
}

export function readCrosswalk(bytes: Uint8Array, file: string, opts: CrosswalkOptions = {}): CrosswalkResult {
  const csv = readCsv(bytes, file);
  const errors: Problem[] = [...csv.errors];
  const warnings: Problem[] = [...csv.warnings];
  const weights: CrosswalkWeight[] = [];
  const targets = csv.header.slice(1);
  const cols = targets.map((_, i) => i + 1);
  const decimal = opts.decimal ?? detectDecimalSeparator(cellsOf(csv.rows, cols));
  const tolerance = opts.tolerance ?? 0.005;
  const seen = new Set<string>();

  for (const { line, cells } of csv.rows) {
    const source = cells[0].trim();
    if (seen.has(source)) {
      errors.push(
        problem(
          'CROSSWALK_DUPLICATE_SOURCE',
          `Zeile ${line}: Quellgebiet „${source}“ kommt mehrfach vor; die Zeile wird abgewiesen.`,
          `Line ${line}: source area "${source}" appears more than once; the row is rejected.`,
          { file, line, field: csv.header[0] || '#1', value: source },
        ),
      );
      continue;
    }
    seen.add(source);
    const row: CrosswalkWeight[] = [];
    const rowErrors: Problem[] = [];
    let sum = 0;
    for (const c of cols) {
      const parsed = parseGermanNumber(cells[c], { decimal });
      const field = targets[c - 1];
      if (parsed.kind === 'missing') {
        // No share given: counted as zero, but said so.
        warnings.push(placeholderValue(file, line, field, parsed.symbol));
        continue;
      }
      if (parsed.kind === 'invalid') {
        rowErrors.push(invalidNumber(file, line, field, cells[c]));
        continue;
      }
      if (parsed.value < 0 || parsed.value > 1 + tolerance) {
        rowErrors.push(
          problem(
            'CROSSWALK_WEIGHT_RANGE',
            `Zeile ${line}, Spalte „${field}“: Anteil ${cells[c].trim()} liegt nicht zwischen 0 und 1; die Zeile wird abgewiesen.`,
            `Line ${line}, column "${field}": weight ${cells[c].trim()} is not between 0 and 1; the row is rejected.`,
            { file, line, field, value: cells[c] },
          ),
        );
        continue;
      }
      if (parsed.value === 0) continue;
      sum += parsed.value;
      row.push({ source, target: field, weight: parsed.value, line });
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    if (Math.abs(sum - 1) > tolerance) {
      const s = Math.round(sum * 10000) / 10000;
      warnings.push(
        problem(
          'CROSSWALK_WEIGHTS_SUM',
          `Zeile ${line}: die Anteile von „${source}“ summieren sich zu ${String(s).replace('.', ',')} statt 1.`,
          `Line ${line}: the weights of "${source}" sum to ${s} instead of 1.`,
          { file, line, field: csv.header[0] || '#1', value: String(s) },
        ),
      );
    }
    weights.push(...row);
  }
  return { weights, targets, errors, warnings, rowsRead: csv.rowsRead };
}
