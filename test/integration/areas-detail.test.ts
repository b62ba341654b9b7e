// Geometry for the zoom (issue 19, point 9): simplified as a coverage and quantised, the 10,990
// generated polygons of B6 and Leipzig's 63 Ortsteile get much smaller and keep their common edges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers.ts';
import { seedRaster } from '../../bench/b6-map.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedRaster({ db: t.db } as Parameters<typeof seedRaster>[0]);
});
afterAll(async () => t?.close());

const fetchLayer = async (layer: string, simplify: string | number) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/areas?layer=${layer}&simplify=${simplify}` });
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  return { bytes: res.body.length, fc: res.json() as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon> & { tolerance: number } };
};

/** Union area vs sum of areas vs extent, of the served polygons, computed by PostGIS. */
async function coverage(fc: GeoJSON.FeatureCollection<GeoJSON.MultiPolygon>): Promise<{ sum: number; union: number }> {
  const r = await t.db.pool.query<{ sum: number; union: number }>(
    `WITH g AS (SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(x), 4326), 25833) AS geom FROM unnest($1::text[]) x)
     SELECT sum(ST_Area(geom))::float8 AS sum, ST_Area(ST_Union(geom))::float8 AS union FROM g`,
    [fc.features.map((f) => JSON.stringify(f.geometry))],
  );
  return r.rows[0];
}

describe('geometry for the zoom', () => {
  it('answers "auto" with the step for the whole layer and a smaller body', async () => {
    const full = await fetchLayer('b6_raster', 0);
    const auto = await fetchLayer('b6_raster', 'auto');
    expect(full.fc.features).toHaveLength(10_990);
    expect(auto.fc.features).toHaveLength(10_990);
    // 0.21° of latitude is 23.3 km, about 24 km in EPSG:25833: / 1,200 px → 20 m per pixel → 20 m step
    expect(auto.fc.tolerance).toBe(20);
    // The generated cells have 16 vertices each, so simplification gains little (6.24 → 5.34 MB);
    // the saving comes from coordinates snapped to the step (docs/map-performance.md).
    expect(auto.bytes).toBeLessThan(full.bytes * 0.9);
    // Five decimals at 20 m (1.1 m grid).
    const x = String(auto.fc.features[0].geometry.coordinates[0][0][0][0]);
    expect(x.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(5);
  });

  it('keeps neighbours together: no overlaps, no gaps (union = sum of areas) at 50 m', async () => {
    const { fc } = await fetchLayer('b6_raster', 50);
    const c = await coverage(fc);
    expect(Math.abs(c.union - c.sum) / c.sum).toBeLessThan(0.002);
  });

  it('shrinks Leipzig\'s 63 Ortsteile at 20 m and keeps them a coverage', async () => {
    const full = await fetchLayer('ortsteil', 0);
    const s = await fetchLayer('ortsteil', 20);
    expect(s.fc.features).toHaveLength(63);
    expect(s.bytes).toBeLessThan(full.bytes * 0.5);
    const c = await coverage(s.fc);
    const f = await coverage(full.fc);
    // Total area within 0.5 % of the full-detail one, overlaps below 0.5 % of it.
    expect(Math.abs(c.union - f.union) / f.union).toBeLessThan(0.005);
    expect((c.sum - c.union) / f.union).toBeLessThan(0.005);
    // A label point per area, inside the city's extent.
    const lp = s.fc.features[0].properties?.labelPoint as [number, number];
    expect(lp[0]).toBeGreaterThan(12.2);
    expect(lp[1]).toBeGreaterThan(51.2);
  });
});
