// Shapes that every reader in src/io returns. Readers are pure with respect to the database: they
// turn bytes into records plus problems; the import service matches areas and writes.
import type { Problem } from '../core/errors.ts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export interface ObservationFlags {
  provisional?: boolean;
  estimated?: boolean;
  breakInSeries?: boolean;
  suppressed?: boolean;
  /** The cell held a placeholder (".", "-", "–", "x", empty): value is null. */
  missing?: boolean;
}

/** One value of one indicator for one area and period, as read from a file. */
export interface ObservationRecord {
  /** The area as the file names it: a code, a name, or both. */
  area: { code?: string; name: string };
  /** Layer hint when the file says which level a row is (e.g. Leipzig portal: city/Stadtbezirk/Ortsteil). */
  layer?: string;
  indicator: string;
  period: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  flags: ObservationFlags;
  /** The raw placeholder symbol when flags.missing. */
  missingSymbol?: string;
  /** 1-based line in the source file. */
  line: number;
}

export interface ReadResult<T> {
  records: T[];
  /** Rows that were rejected (each with file, line, field and a reason). */
  errors: Problem[];
  /** Things the user should know but that do not reject a row. */
  warnings: Problem[];
  rowsRead: number;
}

export type AreaGeometry = Polygon | MultiPolygon;

export interface AreaFeatureRecord {
  code: string;
  name: string;
  parentCode?: string;
  /** Geometry in EPSG:4326, lon/lat order, always MultiPolygon. */
  geometry: MultiPolygon;
  properties: Record<string, unknown>;
  line: number;
}

export type GeoFeature = Feature<AreaGeometry>;
