// Shapes that every reader in src/io returns. Readers are pure with respect to the database: they
// turn bytes into records plus problems; the import service matches areas and writes.
import type { Problem } from '../core/errors.ts';
import type { Flags } from '../core/flags.ts';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * The flags a reader saw on a value (absent = false); the five flags are defined once in
 * core/flags.ts. missing: the cell held a placeholder (".", "-", "–", "x", empty) and value is null.
 */
export type ObservationFlags = Partial<Flags>;

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
  /** The cell was written with a % sign ("53,40%" → value 53.4, percent true). */
  percent?: boolean;
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


/** [minLon, minLat, maxLon, maxLat] in EPSG:4326. */
export type LonLatBounds = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Options of the geometry readers (GeoJSON, zipped shapefile). */
export interface GeoReadOptions {
  /** Property holding the area code; when unset a common one is looked for (code, OT, SBZ, AREA_ID, key, id, ...). */
  codeProperty?: string;
  /** Property holding the area name; when unset a common one is looked for (name, Name, AREA_NAME, title, ...). */
  nameProperty?: string;
  /** Property holding the code of the parent area (e.g. the Stadtbezirk of an Ortsteil). */
  parentProperty?: string;
  /** CRS of the coordinates ("EPSG:25833", a URN, a proj4 string or WKT); overrides what the file declares. */
  sourceCrs?: string;
  /** The file stores [y, x] (e.g. [lat, lon]) although its CRS says otherwise: swap before anything else. */
  swapAxes?: boolean;
  /**
   * Regular expression (as a string) that takes the code out of the name, e.g. "^(\\d+)\\s+" for
   * "03 Nordstadt". Group 1 or the named group `code` is the code; the named group `name`, or else
   * the name without the match, becomes the name.
   */
  codeFromName?: string;
  /**
   * Where the deployment's areas lie, to detect swapped axes and wrong CRS. Default: Germany
   * [5.5, 47, 15.5, 55.5]. null switches the check off.
   */
  expectedBounds?: LonLatBounds | null;
}

/** What the geometry readers return: the features plus what was found out about the file. */
export interface GeoReadResult extends ReadResult<AreaFeatureRecord> {
  /** The CRS the coordinates were read in, e.g. "CRS84", "EPSG:25833" or the name from a .prj. */
  detectedCrs: string;
  /** Axis order was swapped (on request) before reprojection. */
  axesSwapped: boolean;
  /** The properties actually used for code, name and parent. */
  codeProperty?: string;
  nameProperty?: string;
  parentProperty?: string;
  /** Encoding the attributes were decoded with (shapefile .dbf). */
  encoding?: string;
}
