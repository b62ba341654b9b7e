// The Leipzig statistics portal layout: "Gebiet","Sachmerkmal","2000",…,"2024". One file holds
// several Sachmerkmale and all levels (city, Stadtbezirke, Ortsteile) one after another; values are
// quoted with a decimal comma ("1939,76") and "." for years without data.
import type { Problem } from '../core/errors.ts';
import { readCsv, problem, duplicate } from './csv.ts';
import { detectDecimalSeparator } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import { slugify } from './slug.ts';
import type { ObservationRecord, ReadResult } from './types.ts';
import { PERIOD_HEADER, RowCollector, cellsOf, notAPeriod } from './wide.ts';

export interface PortalOptions {
  /** Sachmerkmal → indicator key. When given, rows of other Sachmerkmale are skipped with a warning. */
  indicatorMap?: Record<string, string>;
  /** Layer hint per area name; default: "Stadt …" / "Gesamt" / "Insgesamt" rows are the city. */
  layerOf?: (areaName: string) => string | undefined;
  decimal?: DecimalSeparator;
}

const CITY_ROW = /^(?:stadt\s+\S.*|gesamt|insgesamt|gesamtstadt|.+\s+insgesamt)$/i;
const defaultLayerOf = (name: string): string | undefined => (CITY_ROW.test(name) ? 'city' : undefined);

export function readPortal(bytes: Uint8Array, file: string, opts: PortalOptions = {}): ReadResult<ObservationRecord> {
  const csv = readCsv(bytes, file);
  const errors: Problem[] = [...csv.errors];
  const warnings: Problem[] = [...csv.warnings];
  const records: ObservationRecord[] = [];
  const { header } = csv;

  if (header.length < 3 || header[0].toLowerCase() !== 'gebiet' || header[1].toLowerCase() !== 'sachmerkmal') {
    errors.push(
      problem(
        'PORTAL_HEADER',
        `Die Kopfzeile (Zeile ${csv.headerLine}) hat nicht die Form "Gebiet","Sachmerkmal","2000",…: „${header.slice(0, 3).join(csv.delimiter)}“.`,
        `The header (line ${csv.headerLine}) is not of the form "Gebiet","Sachmerkmal","2000",…: "${header.slice(0, 3).join(csv.delimiter)}".`,
        { file, line: csv.headerLine, value: header.slice(0, 3).join(csv.delimiter) },
      ),
    );
    return { records, errors, warnings, rowsRead: csv.rowsRead };
  }
  const periodCols: number[] = [];
  for (let i = 2; i < header.length; i++) {
    if (PERIOD_HEADER.test(header[i])) periodCols.push(i);
    else warnings.push(notAPeriod(file, csv.headerLine, header[i], i));
  }
  const decimal = opts.decimal ?? detectDecimalSeparator(cellsOf(csv.rows, periodCols));
  const layerOf = opts.layerOf ?? defaultLayerOf;
  const seen = new Map<string, number>();

  for (const { line, cells } of csv.rows) {
    const name = cells[0].trim();
    const merkmal = cells[1].trim();
    if (name === '' || merkmal === '') {
      errors.push(
        problem(
          'PORTAL_ROW_INCOMPLETE',
          `Zeile ${line}: Gebiet oder Sachmerkmal fehlt; die Zeile wird abgewiesen.`,
          `Line ${line}: area or Sachmerkmal is missing; the row is rejected.`,
          { file, line, field: name === '' ? 'Gebiet' : 'Sachmerkmal' },
        ),
      );
      continue;
    }
    const indicator = opts.indicatorMap ? opts.indicatorMap[merkmal] : slugify(merkmal);
    if (indicator === undefined) {
      warnings.push(
        problem(
          'PORTAL_MERKMAL_UNMAPPED',
          `Zeile ${line}: Sachmerkmal „${merkmal}“ ist keinem Indikator zugeordnet; die Zeile wird nicht gelesen.`,
          `Line ${line}: Sachmerkmal "${merkmal}" is not mapped to an indicator; the row is not read.`,
          { file, line, field: 'Sachmerkmal', value: merkmal },
        ),
      );
      continue;
    }
    const key = `${name}|${indicator}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(duplicate(file, line, first, `Gebiet/area „${name}“ × „${merkmal}“`));
      continue;
    }
    seen.set(key, line);
    const layer = layerOf(name);
    const row = new RowCollector(file, line, decimal);
    for (const c of periodCols) row.add(cells[c], header[c], { area: { name }, indicator, period: header[c], layer });
    row.flushInto(records, errors, warnings);
  }
  return { records, errors, warnings, rowsRead: csv.rowsRead };
}
