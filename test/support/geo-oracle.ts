// A test oracle: geometry on lon/lat (EPSG:4326) without a database (area, bbox, centroid,
// point-in-polygon), written independently of PostGIS so tests can check what the database computes
// (assignment of facilities and uptake records to areas, ring orientation of imported shapes).
// The product itself does all geometry in PostGIS.
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** WGS84 / GRS80 semi-major axis (m) and first eccentricity (GRS80 and WGS84 agree to 0.1 mm here). */
const A = 6378137;
const F = 1 / 298.257222101;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const DEG = Math.PI / 180;

/**
 * Snyder's q(φ) (Map Projections: A Working Manual, USGS PP 1395, 1987, eq. 3-12):
 * q = (1 − e²)·[sin φ / (1 − e² sin² φ) − 1/(2e)·ln((1 − e sin φ)/(1 + e sin φ))].
 * sin β = q/q_p gives the authalic latitude β, which maps the ellipsoid onto a sphere of equal area.
 */
function q(phi: number): number {
  const s = Math.sin(phi);
  const es = E * s;
  return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}

/**
 * Signed area (m²) of a ring on the WGS84 ellipsoid. The spherical-polygon formula of Chamberlain &
 * Duquette (Some Algorithms for Polygons on a Sphere, JPL Publication 07-03, 2007),
 * A = R²/2 · Σ (λ[i+1] − λ[i−1]) · sin φ[i], evaluated on the authalic sphere (R_q² = a²·q_p/2,
 * sin β = q/q_p) collapses to A = a²/4 · Σ (λ[i+1] − λ[i−1]) · q(φ[i]). Edges are treated as straight
 * lines in the cylindrical equal-area projection; for edges of the length found in city boundaries
 * (metres to a few km) the difference to geodesic edges is far below 0.01 %.
 * Positive for clockwise rings (in lon/lat as x/y), negative for counter-clockwise ones.
 */
export function ringAreaSigned(ring: Position[]): number {
  // Ignore the closing point if present: the sum runs over distinct vertices cyclically.
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const prev = ring[(i + n - 1) % n];
    const cur = ring[i];
    const next = ring[(i + 1) % n];
    total += (next[0] - prev[0]) * DEG * q(cur[1] * DEG);
  }
  return (total * A * A) / 4;
}

/** Unsigned geodesic area of one ring in m². */
export function ringAreaGeodesic(ring: Position[]): number {
  return Math.abs(ringAreaSigned(ring));
}

/** Area of a Polygon in m²: outer ring minus holes, independent of ring orientation. */
export function polygonAreaM2(rings: Position[][]): number {
  if (rings.length === 0) return 0;
  let area = ringAreaGeodesic(rings[0]);
  for (let i = 1; i < rings.length; i++) area -= ringAreaGeodesic(rings[i]);
  return area;
}

export function multiPolygonAreaM2(geom: MultiPolygon | Polygon): number {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let area = 0;
  for (const p of polys) area += polygonAreaM2(p);
  return area;
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export function bbox(geom: MultiPolygon | Polygon): BBox {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polys) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Area-weighted centroid (like PostGIS ST_Centroid on geometry): the planar shoelace centroid of
 * every ring, holes subtracted. Computed relative to the first vertex to keep precision. Planar in
 * lon/lat is fine for city-sized areas: an affine rescaling of x (cos φ) would not move the result.
 * For a degenerate geometry (zero area) the mean of the vertices is returned.
 */
export function centroid(geom: MultiPolygon | Polygon): [number, number] {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  const first = polys[0]?.[0]?.[0];
  if (!first) return [NaN, NaN];
  const [ox, oy] = first;
  let sa = 0;
  let sx = 0;
  let sy = 0;
  let vx = 0;
  let vy = 0;
  let vn = 0;
  for (const poly of polys) {
    poly.forEach((ring, r) => {
      // Orientation-independent: outer rings add, holes subtract.
      let a = 0;
      let cx = 0;
      let cy = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        const x0 = ring[i][0] - ox;
        const y0 = ring[i][1] - oy;
        const x1 = ring[i + 1][0] - ox;
        const y1 = ring[i + 1][1] - oy;
        const cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
        vx += ring[i][0];
        vy += ring[i][1];
        vn++;
      }
      const sign = (r === 0 ? 1 : -1) * Math.sign(a);
      sa += sign * a;
      sx += sign * cx;
      sy += sign * cy;
    });
  }
  if (sa === 0) return [vx / vn, vy / vn];
  return [ox + sx / (3 * sa), oy + sy / (3 * sa)];
}

export interface PointInPolygonOptions {
  /** How to treat a point that lies on an edge or vertex. Default 'inside'. */
  boundary?: 'inside' | 'outside';
  /** Distance in degrees within which a point counts as on an edge. Default 1e-12 (≈ 0.1 µm). */
  epsilon?: number;
}

/**
 * Even–odd ray casting (W. R. Franklin, PNPOLY): a horizontal ray from the point crosses the
 * boundary an odd number of times iff the point is inside; holes are handled by the same parity.
 * The half-open test (yi > y) !== (yj > y) counts a vertex exactly on the ray once. Points on an
 * edge are detected separately and, by default, count as inside, so that a facility drawn on the
 * border between two areas is found in both rather than in neither; pass boundary 'outside' when
 * a point must be assigned at most once.
 */
export function pointInMultiPolygon(point: Position, geom: MultiPolygon | Polygon, opts: PointInPolygonOptions = {}): boolean {
  const [px, py] = point;
  const eps = opts.epsilon ?? 1e-12;
  const onBoundary = opts.boundary ?? 'inside';
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  for (const poly of polys) {
    let inside = false;
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (onSegment(px, py, xj, yj, xi, yi, eps)) return onBoundary === 'inside';
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number, eps: number): boolean {
  if (px < Math.min(ax, bx) - eps || px > Math.max(ax, bx) + eps) return false;
  if (py < Math.min(ay, by) - eps || py > Math.max(ay, by) + eps) return false;
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(px - ax, py - ay) <= eps;
  return Math.abs(dx * (py - ay) - dy * (px - ax)) / len <= eps;
}
