// Coordinate reference systems of area and facility files: the names files use for them, the proj4
// definitions German municipalities deliver, and the bounds a deployment expects its data in.
import proj4 from 'proj4';
import type { LonLatBounds } from './types.ts';

/** The deployment region assumed when no expectedBounds are given: Germany with a margin. */
export const GERMANY_BOUNDS: LonLatBounds = [5.5, 47, 15.5, 55.5];

// proj4 knows only EPSG:4326 and 3857 by itself. These are the CRS German municipalities deliver
// (proj4 strings as published by EPSG/epsg.io; DHDN with the usual 7-parameter shift, ~1-3 m).
const DEFS: Record<string, string> = {
  'EPSG:4258': '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs',
  'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:25833': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:4647': '+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=32500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:5650': '+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=33500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:31466': '+proj=tmerc +lat_0=0 +lon_0=6 +k=1 +x_0=2500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
  'EPSG:31467': '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
  'EPSG:31468': '+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=4500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
  'EPSG:31469': '+proj=tmerc +lat_0=0 +lon_0=15 +k=1 +x_0=5500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
  'EPSG:3035': '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
};
let defsRegistered = false;
function registerDefs(): void {
  if (defsRegistered) return;
  for (const [code, def] of Object.entries(DEFS)) proj4.defs(code, def);
  proj4.defs('EPSG:900913', proj4.defs('EPSG:3857')!);
  defsRegistered = true;
}

/** EPSG codes we can reproject from, for messages and the UI. */
export const SUPPORTED_CRS = ['CRS84', 'EPSG:4326', 'EPSG:3857', ...Object.keys(DEFS)];

/**
 * Normalises the ways GeoJSON and users name a CRS to "CRS84" or "EPSG:n"; proj4 strings and WKT
 * are passed through. Undefined when the name is not understood.
 */
export function parseCrsName(name: string): string | undefined {
  const s = name.trim();
  if (/^(?:urn:ogc:def:crs:OGC:[\d.]*:CRS84|OGC:CRS84|CRS:?84|WGS84)$/i.test(s)) return 'CRS84';
  if (/^http:\/\/www\.opengis\.net\/def\/crs\/OGC\/[\d.]+\/CRS84$/i.test(s)) return 'CRS84';
  const epsg =
    /^(?:urn:ogc:def:crs:EPSG:[\d.]*:|EPSG:{1,2}|http:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/)(\d+)$/i.exec(s) ?? /^(\d{4,5})$/.exec(s);
  if (epsg) return `EPSG:${Number(epsg[1])}`;
  if (/^\+proj=/.test(s) || /^(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|COMPD_CS)\s*\[/i.test(s)) return s;
  return undefined;
}

export interface CrsInfo {
  /** "CRS84", "EPSG:25833", or the name inside a WKT. */
  label: string;
  geographic: boolean;
  /** To lon/lat in EPSG:4326; null when the coordinates are already there. */
  toWgs84: ((xy: [number, number]) => [number, number]) | null;
}

/** Builds the converter for a CRS name; undefined when proj4 does not know it. */
export function resolveCrs(name: string): CrsInfo | undefined {
  registerDefs();
  const crs = parseCrsName(name);
  if (!crs) return undefined;
  // GeoJSON files that say EPSG:4326 mean lon/lat in practice (GDAL writes them so); a real
  // lat/lon file is caught by the bounds check below.
  if (crs === 'CRS84' || crs === 'EPSG:4326') return { label: crs, geographic: true, toWgs84: null };
  const label = /^[A-Z]+\s*\[\s*"([^"]+)"/i.exec(crs)?.[1] ?? crs;
  try {
    if (crs.startsWith('EPSG:') && !proj4.defs(crs)) return undefined;
    const projection = new proj4.Proj(crs) as unknown as { projName?: string };
    const converter = proj4(crs, 'EPSG:4326');
    return { label, geographic: projection.projName === 'longlat', toWgs84: (xy) => converter.forward(xy) as [number, number] };
  } catch {
    return undefined;
  }
}
