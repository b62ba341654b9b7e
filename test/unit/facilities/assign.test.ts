// The TS point-in-polygon index (flatbush + ray casting) against the reference ray casting of
// test/support/geo-oracle.ts, on the real Leipzig Ortsteile and on shapes with holes and several parts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildPolygonIndex } from '../../../src/modules/facilities/assign.ts';
import { pointInMultiPolygon } from '../../support/geo-oracle.ts';
import { projectRoot } from '../../../src/config.ts';

const shared = process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data');

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('polygon index', () => {
  it('finds the same Ortsteil as the reference ray casting for 4,000 seeded points around Leipzig', () => {
    const fc = JSON.parse(fs.readFileSync(path.join(shared, 'leipzig', 'ortsteile.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
    const geoms = fc.features.map((f) => f.geometry);
    const index = buildPolygonIndex(geoms);
    const rnd = seeded(7);
    let inside = 0;
    for (let k = 0; k < 4_000; k++) {
      const x = 12.22 + rnd() * 0.34, y = 51.23 + rnd() * 0.23;
      const expected = geoms.findIndex((g) => pointInMultiPolygon([x, y], g, { boundary: 'outside' }));
      expect(index.find(x, y)).toBe(expected);
      if (expected !== -1) inside++;
    }
    expect(inside).toBeGreaterThan(1000);
  });

  it('leaves a point in a hole outside and finds the second part of a multipolygon', () => {
    const donut: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] };
    const two: MultiPolygon = { type: 'MultiPolygon', coordinates: [[[[20, 0], [21, 0], [21, 1], [20, 0]]], [[[30, 0], [31, 0], [31, 1], [30, 1], [30, 0]]]] };
    const index = buildPolygonIndex([donut, two]);
    expect(index.find(5, 5)).toBe(-1);
    expect(index.find(2, 2)).toBe(0);
    expect(index.find(30.5, 0.5)).toBe(1);
    expect(index.find(25, 0.5)).toBe(-1);
    expect(Array.from(index.assign([2, 5, 30.5], [2, 5, 0.5]))).toEqual([0, -1, 1]);
  });

  it('gives the lowest-numbered polygon where polygons overlap, like ORDER BY id in PostGIS', () => {
    const a: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] };
    const b: Polygon = { type: 'Polygon', coordinates: [[[2, 2], [6, 2], [6, 6], [2, 6], [2, 2]]] };
    expect(buildPolygonIndex([b, a]).find(3, 3)).toBe(0);
    expect(buildPolygonIndex([a, b]).find(3, 3)).toBe(0);
    expect(buildPolygonIndex([a, b]).find(5, 5)).toBe(1);
  });

  it('handles rings that do not repeat their first point, null geometries and an empty list', () => {
    const open: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2]]] };
    expect(buildPolygonIndex([null, open]).find(1, 1)).toBe(1);
    expect(buildPolygonIndex([]).find(1, 1)).toBe(-1);
  });
});
