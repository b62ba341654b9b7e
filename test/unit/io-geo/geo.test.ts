import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { bbox, centroid, multiPolygonAreaM2, pointInMultiPolygon, ringAreaGeodesic, ringAreaSigned } from '../../support/geo-oracle.ts';
import { readJsonData } from './helpers.ts';

type FC = { features: Array<{ properties: Record<string, string>; geometry: Polygon | MultiPolygon }> };
const ortsteile = readJsonData<FC>('leipzig/ortsteile.geojson');
const stadtbezirke = readJsonData<FC>('leipzig/stadtbezirke.geojson');
const zentrum = ortsteile.features.find((f) => f.properties.OT === '00')!.geometry;

describe('geodesic area', () => {
  it('adds the 63 Leipzig Ortsteile up to 297.804 km², the value PostGIS gives on the WGS84 spheroid', () => {
    // PostGIS 3.6: SUM(ST_Area(geom::geography, true)) = 297.80389152750996 km². The data README's
    // "about 296.7 km²" is the area on a sphere of mean radius 6371008.8 m (@turf/area); PostGIS
    // with use_spheroid = false gives 297.14. The ellipsoid also matches the official 297.8 km².
    const total = ortsteile.features.reduce((s, f) => s + multiPolygonAreaM2(f.geometry), 0) / 1e6;
    expect(total).toBeCloseTo(297.8038915, 5);
  });

  it('gives Zentrum the area PostGIS computes to within a tenth of a square metre', () => {
    expect(multiPolygonAreaM2(zentrum)).toBeCloseTo(738956.2713509651, 0);
    expect(Math.abs(multiPolygonAreaM2(zentrum) - 738956.2713509651)).toBeLessThan(0.1);
  });

  it('gives the 10 Stadtbezirke the same total as the 63 Ortsteile they are made of', () => {
    const sb = stadtbezirke.features.reduce((s, f) => s + multiPolygonAreaM2(f.geometry), 0);
    const ot = ortsteile.features.reduce((s, f) => s + multiPolygonAreaM2(f.geometry), 0);
    expect(Math.abs(sb - ot)).toBeLessThan(1);
  });

  it('does not depend on ring orientation and subtracts holes', () => {
    const outer: Position[] = [[12, 51], [12, 51.01], [12.01, 51.01], [12.01, 51], [12, 51]];
    const hole: Position[] = [[12.0025, 51.0025], [12.0075, 51.0025], [12.0075, 51.0075], [12.0025, 51.0075], [12.0025, 51.0025]];
    expect(ringAreaSigned(outer)).toBeGreaterThan(0); // clockwise in lon/lat
    expect(ringAreaSigned([...outer].reverse())).toBeCloseTo(-ringAreaSigned(outer), 6);
    const full = ringAreaGeodesic(outer);
    // 0.01° × 0.01° at 51° N: about 1112 m × 700 m.
    expect(full).toBeGreaterThan(770_000);
    expect(full).toBeLessThan(790_000);
    const withHole = multiPolygonAreaM2({ type: 'Polygon', coordinates: [outer, hole] });
    expect(withHole).toBeCloseTo(full - ringAreaGeodesic(hole), 3);
    expect(withHole / full).toBeCloseTo(0.75, 3);
  });
});

describe('bbox and centroid', () => {
  it('puts the centroid of Zentrum where PostGIS ST_Centroid puts it', () => {
    const [x, y] = centroid(zentrum);
    expect(Math.abs(x - 12.376205419077245)).toBeLessThan(1e-12);
    expect(Math.abs(y - 51.34021580384281)).toBeLessThan(1e-12);
  });

  it('gives the bounding box of Zentrum as min/max of its vertices', () => {
    expect(bbox(zentrum)).toEqual([12.369311921500273, 51.33517670002538, 12.383160091512176, 51.34447767127115]);
  });

  it('falls back to the mean of the vertices for a geometry without area', () => {
    const flat: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [4, 0], [0, 0]]] };
    expect(centroid(flat)).toEqual([2, 0]);
  });
});

describe('point in polygon', () => {
  const square: Polygon = {
    type: 'Polygon',
    coordinates: [
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
      [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
  };

  it('finds a point inside, outside and in a hole', () => {
    expect(pointInMultiPolygon([1, 1], square)).toBe(true);
    expect(pointInMultiPolygon([11, 1], square)).toBe(false);
    expect(pointInMultiPolygon([5, 5], square)).toBe(false);
  });

  it('counts a point on an edge or vertex as inside by default and as outside on request', () => {
    for (const p of [[0, 5], [10, 10], [5, 0], [4, 5]] as Position[]) {
      expect(pointInMultiPolygon(p, square)).toBe(true);
      expect(pointInMultiPolygon(p, square, { boundary: 'outside' })).toBe(false);
    }
  });

  it('counts a point level with a vertex once (the ray passes through the corner)', () => {
    const diamond: Polygon = { type: 'Polygon', coordinates: [[[0, 5], [5, 0], [10, 5], [5, 10], [0, 5]]] };
    expect(pointInMultiPolygon([2, 5], diamond)).toBe(true);
    expect(pointInMultiPolygon([-2, 5], diamond)).toBe(false);
    expect(pointInMultiPolygon([12, 5], diamond)).toBe(false);
  });

  it('places 216 of the 221 Leipzig Kitas inside an Ortsteil', () => {
    const kitas = readJsonData<Array<{ lon: number; lat: number }>>('leipzig/einrichtungen/kitas.json');
    const inside = kitas.filter((k) => ortsteile.features.some((f) => pointInMultiPolygon([k.lon, k.lat], f.geometry))).length;
    expect(kitas).toHaveLength(221);
    expect(inside).toBe(216);
  });
});
