// Polygon rings: closed, long enough, not crossing themselves (the checks of the area readers).
import type { Position } from 'geojson';
import type { Problem } from '../core/errors.ts';

/** Closes open rings (warning) and rejects rings with fewer than 4 positions (error). */
export function checkRings(coords: Position[][][], file: string, line: number, errors: Problem[], warnings: Problem[]): boolean {
  let ok = true;
  let closed = 0;
  for (const poly of coords) {
    for (const ring of poly) {
      const a = ring[0];
      const b = ring[ring.length - 1];
      if (a && b && (a[0] !== b[0] || a[1] !== b[1])) {
        ring.push([a[0], a[1]]);
        closed++;
      }
      if (ring.length < 4) ok = false;
    }
  }
  if (!ok) {
    errors.push({
      code: 'GEO_RING_TOO_SHORT',
      de: `Feature ${line}: ein Ring hat weniger als 4 Punkte (mindestens ein Dreieck plus Schlusspunkt nötig).`,
      en: `Feature ${line}: a ring has fewer than 4 positions (a triangle plus the closing point is the minimum).`,
      file,
      line,
      field: 'geometry.coordinates',
    });
  }
  if (closed > 0) {
    warnings.push({
      code: 'GEO_RING_NOT_CLOSED',
      de: `Feature ${line}: ${closed} Ring(e) waren nicht geschlossen; der erste Punkt wurde am Ende wiederholt.`,
      en: `Feature ${line}: ${closed} ring(s) were not closed; the first position was repeated at the end.`,
      file,
      line,
      field: 'geometry.coordinates',
    });
  }
  return ok;
}

/**
 * True if two non-adjacent edges of a closed ring touch or cross. Sweep over x: edges sorted by
 * their left end, each compared only with edges whose x-range overlaps (fast for real boundaries).
 */
export function ringSelfIntersects(ring: Position[]): boolean {
  const n = ring.length - 1; // edges; ring is closed
  if (n < 3) return false;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => Math.min(ring[i][0], ring[i + 1][0]) - Math.min(ring[j][0], ring[j + 1][0]));
  for (let a = 0; a < n; a++) {
    const i = order[a];
    const maxX = Math.max(ring[i][0], ring[i + 1][0]);
    for (let b = a + 1; b < n; b++) {
      const j = order[b];
      if (Math.min(ring[j][0], ring[j + 1][0]) > maxX) break;
      const d = Math.abs(i - j);
      if (d <= 1 || d === n - 1) continue; // neighbours share a vertex
      if (segmentsIntersect(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
    }
  }
  return false;
}

function orient(a: Position, b: Position, c: Position): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function segmentsIntersect(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const o1 = orient(p1, p2, q1);
  const o2 = orient(p1, p2, q2);
  const o3 = orient(q1, q2, p1);
  const o4 = orient(q1, q2, p2);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  const within = (a: Position, b: Position, c: Position) =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  return (o1 === 0 && within(p1, p2, q1)) || (o2 === 0 && within(p1, p2, q2)) || (o3 === 0 && within(q1, q2, p1)) || (o4 === 0 && within(q1, q2, p2));
}
