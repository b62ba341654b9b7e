// A table read by a column spec, for files that are neither wide nor long in a regular way: the
// Flensburg Sozialatlas tables mix counts and shares per year ("id,stadtteil,2011,…,gesamt,männlich"),
// some have no header and an area cell like "01 Altstadt", with "53,40%" and "1.374" in one file.
import type { Problem } from '../core/errors.ts';
import { readCsv } from './csv.ts';
import { detectDecimalSeparator } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import type { ObservationRecord, ReadResult } from './types.ts';
import { RowCollector, acceptArea, cellsOf, columnIndex, splitArea, unknownColumn } from './wide.ts';

export interface TableColumnSpec {
  /** 0-based index, or header name when the file has a header. */
  column: number | string;
  indicator: string;
  period: string;
}

export interface TableSpec {
  areaColumn: number | string;
  /** Regular expression (string) splitting "01 Altstadt" into code (group 1 or `code`) and name (group 2 or `name`). */
  areaCodePattern?: string;
  /** A separate column with the area code (e.g. "id"). */
  codeColumn?: number | string;
  hasHeader: boolean;
  columns: TableColumnSpec[];
  /** Default: detected over the cells of the spec's columns. */
  decimal?: DecimalSeparator;
}

export function readTable(bytes: Uint8Array, file: string, spec: TableSpec): ReadResult<ObservationRecord> {
  const csv = readCsv(bytes, file, { hasHeader: spec.hasHeader });
  const errors: Problem[] = [...csv.errors];
  const warnings: Problem[] = [...csv.warnings];
  const records: ObservationRecord[] = [];
  const { header } = csv;
  const headerLine = csv.headerLine || 1;

  const resolve = (column: number | string): number | undefined => {
    const i = columnIndex(header, column);
    if (i === undefined || i < 0 || i >= csv.width) {
      errors.push(unknownColumn(file, headerLine, String(column)));
      return undefined;
    }
    return i;
  };
  const areaIdx = resolve(spec.areaColumn);
  const codeIdx = spec.codeColumn === undefined ? undefined : resolve(spec.codeColumn);
  const cols = spec.columns.map((c) => ({ ...c, index: resolve(c.column) }));
  if (areaIdx === undefined || (spec.codeColumn !== undefined && codeIdx === undefined) || cols.some((c) => c.index === undefined)) {
    return { records, errors, warnings, rowsRead: csv.rowsRead };
  }
  const indices = cols.map((c) => c.index as number);
  const decimal = spec.decimal ?? detectDecimalSeparator(cellsOf(csv.rows, indices));
  const pattern = spec.areaCodePattern ? new RegExp(spec.areaCodePattern) : undefined;
  const fieldOf = (i: number) => header[i] || `#${i + 1}`;
  const seen = new Map<string, number>();

  for (const { line, cells } of csv.rows) {
    const area = splitArea(cells[areaIdx], pattern);
    if (codeIdx !== undefined) {
      const code = cells[codeIdx].trim();
      if (code !== '') area.code = code;
    }
    if (!acceptArea(area, seen, file, line, fieldOf(areaIdx), errors)) continue;
    const row = new RowCollector(file, line, decimal);
    for (const c of cols) {
      const i = c.index as number;
      row.add(cells[i], fieldOf(i), { area: { ...area }, indicator: c.indicator, period: c.period });
    }
    row.flushInto(records, errors, warnings);
  }
  return { records, errors, warnings, rowsRead: csv.rowsRead };
}
