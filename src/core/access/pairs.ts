// Where demand meets supply: a source of (demand i, facility j, minutes) pairs. Points in metres
// (the deployment's projected CRS) are turned into minutes by speed and detour factor; or the
// minutes come from a travel-time matrix (e.g. a routed network). The naive all-pairs source is the
// reference that the grid (grid.ts) must equal and the peer it is benchmarked against.

export interface DemandPoint { id: string; x: number; y: number; population: number }
export interface SupplyPoint { id: string; x: number; y: number; capacity: number }

export interface Travel {
  /** Travel speed in km/h; default 4.8 (walking). */
  speedKmh?: number;
  /** Network distance / straight-line distance; default 1.3. */
  detour?: number;
}

/** Minutes per straight-line metre: detour / (speed in metres per minute). */
export function minutesPerMetre(travel: Travel = {}): number {
  const speed = travel.speedKmh ?? 4.8;
  const detour = travel.detour ?? 1.3;
  if (!(speed > 0) || !(detour > 0)) throw new RangeError('travel: speed and detour must be positive');
  return detour / ((speed * 1000) / 60);
}

/**
 * Called once per demand point i with the facilities it reaches with a positive weight: js[0..count)
 * and their weights ws[0..count). The buffers are reused between calls; copy what you keep.
 */
export type OriginVisitor = (i: number, count: number, js: Uint32Array, ws: Float64Array) => void;

export interface PairSource {
  readonly nDemand: number;
  readonly nSupply: number;
  /** Visit every demand point with its facilities within maxMinutes whose weight(minutes) > 0. */
  forEachOrigin(maxMinutes: number, weight: (minutes: number) => number, visit: OriginVisitor): void;
}

/** Every demand point against every facility: O(n·m), the reference implementation. */
export function naivePairs(demand: DemandPoint[], supply: SupplyPoint[], travel?: Travel): PairSource {
  const f = minutesPerMetre(travel);
  const dx = Float64Array.from(demand, (d) => d.x), dy = Float64Array.from(demand, (d) => d.y);
  const sx = Float64Array.from(supply, (s) => s.x), sy = Float64Array.from(supply, (s) => s.y);
  return {
    nDemand: demand.length,
    nSupply: supply.length,
    forEachOrigin(maxMinutes, weight, visit) {
      const js = new Uint32Array(sx.length), ws = new Float64Array(sx.length);
      for (let i = 0; i < dx.length; i++) {
        const x = dx[i], y = dy[i];
        let count = 0;
        for (let j = 0; j < sx.length; j++) {
          const ex = sx[j] - x, ey = sy[j] - y;
          const t = Math.sqrt(ex * ex + ey * ey) * f;
          if (t <= maxMinutes) {
            const w = weight(t);
            if (w > 0) { js[count] = j; ws[count++] = w; }
          }
        }
        visit(i, count, js, ws);
      }
    },
  };
}

/**
 * Travel times from a matrix, minutes[i][j] for demand i and facility j; null or a missing entry
 * means "not reachable".
 */
export function matrixPairs(minutes: (number | null)[][], nSupply: number): PairSource {
  return {
    nDemand: minutes.length,
    nSupply,
    forEachOrigin(maxMinutes, weight, visit) {
      const js = new Uint32Array(nSupply), ws = new Float64Array(nSupply);
      for (let i = 0; i < minutes.length; i++) {
        const row = minutes[i];
        let count = 0;
        for (let j = 0; j < nSupply; j++) {
          const t = row[j];
          if (t !== null && t !== undefined && t <= maxMinutes) {
            const w = weight(t);
            if (w > 0) { js[count] = j; ws[count++] = w; }
          }
        }
        visit(i, count, js, ws);
      }
    },
  };
}
