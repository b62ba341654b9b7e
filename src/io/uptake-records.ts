// A list of participants (one row per person: coordinates or postcode, optional age or age band and
// sex) turned into counts per area × age band × sex on reading — the only thing that leaves this file.
// Rows are parsed one at a time from the CSV scanner and forgotten; no name, address, coordinate or
// row is kept or returned, and messages about bad rows name line and column but never repeat the
// value. A single bad row rejects the whole list (all-or-nothing), with every bad row reported.
// Coordinates go to areas through `locate` (point-in-polygon, e.g. buildPolygonIndex of
// src/modules/facilities/assign.ts); postcodes through areal weights (METHODS.md §1) with
// largest-remainder rounding, so the area counts add up to the persons with a known postcode.
import { LernortError } from '../core/errors.ts';
import type { Problem } from '../core/errors.ts';
import { distributeCounts } from '../core/uptake/areal-weights.ts';
import type { ArealWeight } from '../core/uptake/areal-weights.ts';
import { scanCsv } from './csv.ts';
import { detectDecimalSeparator, parseGermanNumber } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import { slugify } from './slug.ts';

export type Sex = 'f' | 'm' | 'd';

export interface AgeBand {
  label: string;
  /** Inclusive ages in whole years. */
  min: number;
  max: number;
}

export interface UptakeRecordOptions {
  /** The area a lon/lat point (EPSG:4326) lies in, or null outside every area. */
  locate?: (lon: number, lat: number) => string | null;
  /** Areal weights postcode → area for rows with a postcode (and no coordinates). */
  postcodeWeights?: readonly ArealWeight[];
  /** Bands for an age column, and the allowed labels of an age-band column. */
  ageBands?: readonly AgeBand[];
  /** Postcode pattern after trimming (default five digits; a four-digit code gets its leading 0 back). */
  postcodePattern?: RegExp;
  decimal?: DecimalSeparator;
}

export interface UptakeCount {
  areaId: string;
  ageBand: string | null;
  sex: Sex | null;
  count: number;
}

export interface UptakeAggregate {
  /** Persons per area × age band × sex, sorted; nothing else about them. */
  counts: UptakeCount[];
  recordsRead: number;
  /** Points in no area, and persons whose postcode has no weights. */
  unassigned: { outsideAreas: number; unknownPostcode: number };
  assignedBy: { point: number; postcode: number };
  warnings: Problem[];
}

const COLUMNS = {
  lon: ['lon', 'lng', 'long', 'longitude', 'laenge', 'geo-laenge', 'x-wgs84'],
  lat: ['lat', 'latitude', 'breite', 'geo-breite', 'y-wgs84'],
  postcode: ['plz', 'postleitzahl', 'postcode', 'post-code', 'zip', 'postal-code'],
  ageBand: ['altersgruppe', 'altersklasse', 'age-band', 'ageband', 'age-group'],
  age: ['alter', 'age', 'alter-in-jahren'],
  sex: ['geschlecht', 'sex', 'gender'],
} as const;
type Column = keyof typeof COLUMNS;

const SEX: Record<string, Sex> = { w: 'f', weiblich: 'f', f: 'f', female: 'f', m: 'm', maennlich: 'm', male: 'm', d: 'd', divers: 'd', diverse: 'd', x: 'd' };

export function readUptakeRecords(bytes: Uint8Array, file: string, opts: UptakeRecordOptions = {}): UptakeAggregate {
  const bad: Problem[] = [];
  const where = (line: number, field: string, code: string, de: string, en: string): void => {
    bad.push({ code, de: `Zeile ${line}, Spalte „${field}“: ${de}`, en: `Line ${line}, column "${field}": ${en}`, file, line, field });
  };
  const pattern = opts.postcodePattern ?? /^\d{5}$/;
  const bandLabels = opts.ageBands ? new Set(opts.ageBands.map((b) => b.label)) : null;
  const points = new Map<string, number>(); // "area\0band\0sex" → persons
  const postcodes = new Map<string, Map<string, number>>(); // "band\0sex" → postcode → persons
  const col: Partial<Record<Column, number>> = {};
  // a missing column or option is found at the header; thrown after the scan (the scanner's CSV
  // parser would swallow an exception thrown inside it)
  let columnProblem: LernortError | null = null;
  let header: string[] = [];
  let decimal: DecimalSeparator = opts.decimal ?? '.';
  let recordsRead = 0;
  let outsideAreas = 0;
  let swappedWouldFit = 0;
  let withPoint = 0;
  let pointRows = 0;
  let looksProjected = 0;
  let paddedPostcodes = 0;

  const scan = scanCsv(bytes, file, { sampleRows: 200 }, {
    start(h, sample, headerLine) {
      header = h;
      const slugs = h.map(slugify);
      for (const c of Object.keys(COLUMNS) as Column[]) {
        const i = slugs.findIndex((s) => (COLUMNS[c] as readonly string[]).includes(s));
        if (i !== -1) col[c] = i;
      }
      columnProblem = checkColumns(col, opts, file, headerLine);
      if (!opts.decimal && col.lon !== undefined && col.lat !== undefined) decimal = detectDecimalSeparator(sample.flatMap((r) => [r.cells[col.lon!], r.cells[col.lat!]]));
    },
    row(line, cells) {
      recordsRead++;
      if (columnProblem) return;
      const sex = readSex(cells, line);
      const band = readBand(cells, line);
      const lonRaw = col.lon !== undefined ? cells[col.lon].trim() : '';
      const latRaw = col.lat !== undefined ? cells[col.lat].trim() : '';
      if (lonRaw !== '' || latRaw !== '') {
        pointRows++;
        const lon = coordinate(lonRaw, line, 'lon', 180);
        const lat = coordinate(latRaw, line, 'lat', 90);
        if (lon === null || lat === null || sex === undefined || band === undefined) return;
        withPoint++;
        const area = opts.locate!(lon, lat);
        if (area === null) {
          outsideAreas++;
          if (Math.abs(lon) <= 90 && opts.locate!(lat, lon) !== null) swappedWouldFit++;
          return;
        }
        const key = `${area}\u0000${band ?? ''}\u0000${sex ?? ''}`;
        points.set(key, (points.get(key) ?? 0) + 1);
        return;
      }
      let pc = col.postcode !== undefined ? cells[col.postcode].trim() : '';
      if (pc === '') {
        const field = header[col.lon ?? col.postcode ?? 0] ?? '#1';
        where(line, field, 'UPTAKE_NO_LOCATION', 'weder Koordinaten noch Postleitzahl; der Wohnort ist unbekannt.', 'neither coordinates nor a postcode; the place of residence is unknown.');
        return;
      }
      if (/^\d{4}$/.test(pc) && pattern.test(`0${pc}`)) {
        pc = `0${pc}`; // a spreadsheet turned 04103 into the number 4103
        paddedPostcodes++;
      }
      if (!pattern.test(pc)) {
        where(line, header[col.postcode!], 'UPTAKE_POSTCODE', 'keine gültige Postleitzahl.', 'not a valid postcode.');
        return;
      }
      if (sex === undefined || band === undefined) return;
      const group = `${band ?? ''}\u0000${sex ?? ''}`;
      let m = postcodes.get(group);
      if (!m) postcodes.set(group, (m = new Map()));
      m.set(pc, (m.get(pc) ?? 0) + 1);
    },
  });

  function coordinate(raw: string, line: number, which: 'lon' | 'lat', limit: number): number | null {
    const field = header[col[which]!];
    const p = parseGermanNumber(raw, { decimal });
    if (p.kind === 'number' && Math.abs(p.value) > 1000) looksProjected++;
    if (p.kind !== 'number' || Math.abs(p.value) > limit) {
      const range = which === 'lon' ? { de: 'Länge', en: 'longitude' } : { de: 'Breite', en: 'latitude' };
      where(line, field, 'UPTAKE_COORDINATE', `keine gültige geographische ${range.de} (−${limit} bis ${limit}); der Wert wird aus Datenschutzgründen nicht wiederholt.`, `not a valid ${range.en} (−${limit} to ${limit}); the value is not repeated for privacy.`);
      return null;
    }
    return p.value;
  }
  /** undefined: bad (reported); null: not given. */
  function readSex(cells: string[], line: number): Sex | null | undefined {
    if (col.sex === undefined) return null;
    const raw = cells[col.sex].trim();
    if (raw === '') return null;
    const s = SEX[slugify(raw)];
    if (s) return s;
    where(line, header[col.sex], 'UPTAKE_SEX', 'Geschlecht nicht erkannt (erlaubt: w, m, d oder leer).', 'sex not recognised (allowed: f, m, d or empty).');
    return undefined;
  }
  function readBand(cells: string[], line: number): string | null | undefined {
    if (col.ageBand !== undefined) {
      const raw = cells[col.ageBand].trim();
      if (raw === '') return null;
      if (!bandLabels || bandLabels.has(raw)) return raw;
      where(line, header[col.ageBand], 'UPTAKE_AGE_BAND', `unbekannte Altersgruppe (erlaubt: ${[...bandLabels].join(', ')}).`, `unknown age band (allowed: ${[...bandLabels].join(', ')}).`);
      return undefined;
    }
    if (col.age === undefined) return null;
    const raw = cells[col.age].trim();
    if (raw === '') return null;
    const p = parseGermanNumber(raw);
    const age = p.kind === 'number' ? p.value : NaN;
    const found = opts.ageBands?.find((b) => age >= b.min && age <= b.max);
    if (Number.isInteger(age) && found) return found.label;
    where(line, header[col.age], 'UPTAKE_AGE', 'Alter ist keine ganze Zahl in einer der Altersgruppen.', 'age is not a whole number within one of the age bands.');
    return undefined;
  }

  // The scanner's own rejections (cell count, footnotes, NUL padding) count as bad rows too; their
  // messages quote cells, so only code, line and a neutral text are passed on.
  for (const e of scan.errors) {
    const why = SCAN_REASON[e.code] ?? { de: 'nicht lesbar', en: 'not readable' };
    bad.push({ code: e.code, de: `Zeile ${e.line}: ${why.de}.`, en: `Line ${e.line}: ${why.en}.`, file, line: e.line });
  }
  if (columnProblem) throw columnProblem;
  if (withPoint > 0 && swappedWouldFit * 2 > withPoint)
    bad.push({ code: 'UPTAKE_AXES_SWAPPED', de: `Die Koordinaten stehen offenbar als [Breite, Länge] (${swappedWouldFit} von ${withPoint} Punkten); bitte die Spalten tauschen.`, en: `The coordinates appear to be [lat, lon] (${swappedWouldFit} of ${withPoint} points); please swap the columns.`, file, field: header[col.lon!] });
  if (pointRows > 0 && looksProjected >= pointRows)
    bad.push({
      code: 'UPTAKE_PROJECTED',
      de: 'Die Koordinaten sind offenbar Meter eines projizierten Systems (z. B. EPSG:25833), nicht Länge/Breite; bitte nach EPSG:4326 umrechnen.',
      en: 'The coordinates appear to be metres of a projected system (e.g. EPSG:25833), not longitude/latitude; please convert to EPSG:4326.',
      file,
      field: header[col.lon!],
    });
  if (bad.length) {
    bad.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const first = bad[0];
    throw new LernortError(
      'UPTAKE_RECORDS_INVALID',
      `${bad.length} fehlerhafte Zeile(n); die Liste wurde nicht übernommen. ${first.de}`,
      `${bad.length} bad row(s); the list was not imported. ${first.en}`,
      { location: { file, line: first.line, field: first.field }, details: bad },
    );
  }

  const warnings: Problem[] = scan.warnings.map(({ code, de, en, line }) => ({ code, de, en, file, line }));
  if (paddedPostcodes)
    warnings.push({ code: 'UPTAKE_POSTCODE_PADDED', de: `${paddedPostcodes} vierstellige Postleitzahl(en) mit führender 0 ergänzt.`, en: `${paddedPostcodes} four-digit postcode(s) completed with a leading 0.`, file });
  const counts = new Map(points);
  let unknownPostcode = 0;
  let byPostcode = 0;
  for (const [group, m] of postcodes) {
    const r = distributeCounts(m, opts.postcodeWeights ?? []);
    for (const [area, n] of r.counts) {
      const key = `${area}\u0000${group}`;
      counts.set(key, (counts.get(key) ?? 0) + n);
      byPostcode += n;
    }
    for (const n of r.unassigned.values()) unknownPostcode += n;
    for (const w of r.warnings) if (!warnings.some((x) => x.code === w.code && x.value === w.value)) warnings.push({ ...w, file });
  }
  const rows = [...counts].map(([key, count]) => {
    const [areaId, band, sex] = key.split('\u0000');
    return { areaId, ageBand: band === '' ? null : band, sex: sex === '' ? null : (sex as Sex), count };
  });
  rows.sort((a, b) => cmp(a.areaId, b.areaId) || cmp(a.ageBand ?? '', b.ageBand ?? '') || cmp(a.sex ?? '', b.sex ?? ''));
  return { counts: rows, recordsRead, unassigned: { outsideAreas, unknownPostcode }, assignedBy: { point: withPoint - outsideAreas, postcode: byPostcode }, warnings };
}

function checkColumns(col: Partial<Record<Column, number>>, opts: UptakeRecordOptions, file: string, headerLine: number): LernortError | null {
  const hasPoint = col.lon !== undefined && col.lat !== undefined;
  if (!hasPoint && col.postcode === undefined)
    return new LernortError('UPTAKE_NO_LOCATION_COLUMNS', 'Die Liste braucht Spalten lon/lat oder eine Spalte PLZ.', 'The list needs lon/lat columns or a postcode column.', { location: { file, line: headerLine } });
  if (hasPoint && !opts.locate)
    return new LernortError('UPTAKE_NO_AREAS', 'Für Koordinaten fehlen die Gebietsgrenzen (locate).', 'Coordinates need the area boundaries (locate).', { status: 500, location: { file } });
  if (col.postcode !== undefined && !opts.postcodeWeights)
    return new LernortError('UPTAKE_NO_WEIGHTS', 'Für Postleitzahlen fehlen die Flächenanteile PLZ → Gebiet.', 'Postcodes need the areal weights postcode → area.', { status: 500, location: { file } });
  if (col.age !== undefined && col.ageBand === undefined && !opts.ageBands)
    return new LernortError('UPTAKE_NO_AGE_BANDS', 'Für eine Spalte Alter müssen Altersgruppen angegeben sein.', 'An age column needs age bands.', { location: { file, line: headerLine } });
  return null;
}

const SCAN_REASON: Record<string, { de: string; en: string }> = {
  CSV_CELL_COUNT: { de: 'andere Zahl von Feldern als die Kopfzeile', en: 'a different number of cells than the header' },
  CSV_FOOTNOTE_ROW: { de: 'zu wenige Felder (Anmerkung oder abgeschnittene Zeile)', en: 'too few cells (a note or a cut-off row)' },
  CSV_NUL_ROW: { de: 'enthält NUL-Zeichen (Datei beschädigt)', en: 'contains NUL characters (damaged file)' },
  CSV_PARSE: { de: 'ab hier kein lesbares CSV (Anführungszeichen?)', en: 'no readable CSV from here (quotes?)' },
};

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
