// Which polygon a point lies in, without a database: a packed Hilbert R-tree (flatbush) over the
// bounding boxes of the polygon parts, then even–odd ray casting (W. R. Franklin, PNPOLY) on the few
// candidates. Coordinates live in flat typed arrays, so a million points run in well under a second.
// The answer must equal PostGIS ST_Contains (test/integration/facilities.test.ts, bench B2): interior
// points agree exactly; a point exactly on a shared edge is a measure-zero case that ST_Contains
// assigns to neither polygon and ray casting to one of them.
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';

export interface PolygonIndex {
  /** Number of polygons (geometries) indexed. */
  readonly size: number;
  /** Index of the first (lowest-numbered) polygon containing (x, y), or -1. */
  find(x: number, y: number): number;
  /** find() for many points at once; -1 where a point lies in no polygon. */
  assign(xs: ArrayLike<number>, ys: ArrayLike<number>): Int32Array;
}

export function buildPolygonIndex(geoms: (Polygon | MultiPolygon | null)[]): PolygonIndex {
  // One index item per polygon part; rings flattened into one coordinate array.
  let nParts = 0;
  let nRings = 0;
  let nCoords = 0;
  for (const g of geoms) {
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const p of polys) {
      nParts++;
      for (const ring of p) {
        nRings++;
        nCoords += ring.length;
      }
    }
  }
  const xy = new Float64Array(nCoords * 2);
  const ringStart = new Uint32Array(nRings + 1);
  const partRingStart = new Uint32Array(nParts + 1);
  const partGeom = new Int32Array(nParts);
  const tree = new Flatbush(Math.max(nParts, 1));
  let part = 0, ring = 0, c = 0;
  geoms.forEach((g, gi) => {
    if (!g) return;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const p of polys) {
      partGeom[part] = gi;
      partRingStart[part] = ring;
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const r of p) {
        ringStart[ring++] = c;
        for (const pos of r) {
          const x = pos[0], y = pos[1];
          xy[2 * c] = x;
          xy[2 * c + 1] = y;
          c++;
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
      }
      tree.add(minX, minY, maxX, maxY);
      part++;
    }
  });
  ringStart[ring] = c;
  partRingStart[part] = ring;
  if (nParts === 0) tree.add(0, 0, 0, 0); // flatbush needs one item; never matched (no parts)
  tree.finish();

  // Parts with many vertices (real district boundaries have thousands) get horizontal bands: a
  // crossing test only needs the edges whose y-range contains the point's y, so only its band's.
  const partMinY = new Float64Array(nParts), partBandH = new Float64Array(nParts);
  const partBands = new Uint32Array(nParts), partBandStart = new Uint32Array(nParts + 1);
  const bandEdgeStart: number[] = [0];
  const bandEdgesI: number[] = [], bandEdgesJ: number[] = [];
  for (let k = 0; k < nParts; k++) {
    partBandStart[k] = bandEdgeStart.length - 1;
    let nE = 0, minY = Infinity, maxY = -Infinity;
    for (let r = partRingStart[k]; r < partRingStart[k + 1]; r++) {
      nE += ringStart[r + 1] - ringStart[r];
      for (let i = ringStart[r]; i < ringStart[r + 1]; i++) { const y = xy[2 * i + 1]; if (y < minY) minY = y; if (y > maxY) maxY = y; }
    }
    if (nE <= 64 || !(maxY > minY)) continue;
    const K = Math.min(Math.ceil(nE / 4), 8192);
    const bh = (maxY - minY) / K;
    partMinY[k] = minY; partBandH[k] = bh; partBands[k] = K;
    const lists: number[][] = Array.from({ length: K }, () => []);
    for (let r = partRingStart[k]; r < partRingStart[k + 1]; r++) {
      const from = ringStart[r], to = ringStart[r + 1];
      if (to - from < 3) continue;
      for (let i = from, j = to - 1; i < to; j = i++) {
        const y0 = Math.min(xy[2 * i + 1], xy[2 * j + 1]), y1 = Math.max(xy[2 * i + 1], xy[2 * j + 1]);
        const b0 = Math.max(0, Math.min(K - 1, Math.floor((y0 - minY) / bh)));
        const b1 = Math.max(0, Math.min(K - 1, Math.floor((y1 - minY) / bh)));
        for (let b = b0; b <= b1; b++) lists[b].push(i, j);
      }
    }
    partBandStart[k] = bandEdgeStart.length - 1;
    for (const l of lists) {
      for (let e = 0; e < l.length; e += 2) { bandEdgesI.push(l[e]); bandEdgesJ.push(l[e + 1]); }
      bandEdgeStart.push(bandEdgesI.length);
    }
  }
  partBandStart[nParts] = bandEdgeStart.length - 1;
  const bStart = Uint32Array.from(bandEdgeStart), bI = Uint32Array.from(bandEdgesI), bJ = Uint32Array.from(bandEdgesJ);

  const inPart = (k: number, px: number, py: number): boolean => {
    let inside = false;
    const K = partBands[k];
    if (K > 0) {
      const b = Math.floor((py - partMinY[k]) / partBandH[k]);
      const band = partBandStart[k] + (b < 0 ? 0 : b >= K ? K - 1 : b);
      for (let e = bStart[band]; e < bStart[band + 1]; e++) {
        const i = bI[e], j = bJ[e];
        const yi = xy[2 * i + 1], yj = xy[2 * j + 1];
        if (yi > py !== yj > py) {
          const xi = xy[2 * i], xj = xy[2 * j];
          if (px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
      return inside;
    }
    for (let r = partRingStart[k]; r < partRingStart[k + 1]; r++) {
      const from = ringStart[r], to = ringStart[r + 1];
      if (to - from < 3) continue;
      // every edge (j → i), the closing edge included whether or not the ring repeats its start
      let j = to - 1;
      for (let i = from; i < to; j = i++) {
        const yi = xy[2 * i + 1], yj = xy[2 * j + 1];
        if (yi > py !== yj > py) {
          const xi = xy[2 * i], xj = xy[2 * j];
          if (px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
    }
    return inside;
  };

  let best = -1;
  let qx = 0, qy = 0;
  // The filter does the point-in-polygon test and always says "no", so flatbush allocates no results.
  const filter = (k: number): boolean => {
    if (nParts === 0) return false;
    const gi = partGeom[k];
    if ((best === -1 || gi < best) && inPart(k, qx, qy)) best = gi;
    return false;
  };
  const find = (x: number, y: number): number => {
    best = -1;
    qx = x;
    qy = y;
    tree.search(x, y, x, y, filter);
    return best;
  };
  return {
    size: geoms.length,
    find,
    assign(xs, ys) {
      const out = new Int32Array(xs.length);
      for (let i = 0; i < xs.length; i++) out[i] = find(xs[i], ys[i]);
      return out;
    },
  };
}
