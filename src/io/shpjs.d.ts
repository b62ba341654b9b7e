// shpjs 6.2.0 ships no types. Only the two parsers we call are declared (see src/io/shapefile.ts).
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Geometries of a .shp, reprojected to WGS84 when a .prj text is given; null for null shapes. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string): Array<Geometry | null>;
  /** Records of a .dbf, decoded with the encoding label of a .cpg (UTF-8 when none). */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, cpg?: string): Array<Record<string, unknown>>;
}
