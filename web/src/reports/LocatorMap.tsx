import type { Position } from 'geojson';
import { useApi } from '../shared/useApi.ts';
import { getAreas, type AreaCollection } from '../areas/api.ts';

const W = 200;
const H = 160;

/** SVG path data of every area, projected equirectangularly (cos latitude) into the box. */
function project(areas: AreaCollection): { code: string; d: string }[] {
  const rings = (g: AreaCollection['features'][number]['geometry']): Position[][] =>
    !g ? [] : g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of areas.features) for (const ring of rings(f.geometry)) for (const [x, y] of ring) {
    if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
  }
  if (!Number.isFinite(minX)) return [];
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = Math.min((W - 4) / Math.max(1e-9, (maxX - minX) * kx), (H - 4) / Math.max(1e-9, maxY - minY));
  const pt = ([x, y]: Position) => `${(2 + (x - minX) * kx * scale).toFixed(1)},${(2 + (maxY - y) * scale).toFixed(1)}`;
  return areas.features.map((f) => ({ code: f.properties.code, d: rings(f.geometry).map((r) => `M${r.map(pt).join('L')}Z`).join('') }));
}

/**
 * Where the area lies: the other areas of its layer in grey, this one highlighted. Coarse outlines
 * (200 m) are enough at this size; a layer without geometry (a grouping) shows nothing.
 */
export function LocatorMap({ layer, code, label }: { layer: string; code: string; label: string }) {
  const areas = useApi(`areas|${layer}|200`, (signal) => getAreas(layer, signal, 200));
  if (areas.state !== 'ready') return null;
  const paths = project(areas.data);
  const own = paths.filter((p) => p.code === code);
  if (own.length === 0) return null;
  return (
    <figure className="locator" data-testid="locator-map">
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <title>{label}</title>
        {paths.filter((p) => p.code !== code).map((p) => <path key={p.code} d={p.d} fill="#d9d9d9" stroke="#fff" strokeWidth={0.5} />)}
        {own.map((p) => <path key={p.code} className="here" d={p.d} fill="#7a0177" stroke="#3f003d" strokeWidth={0.8} />)}
      </svg>
    </figure>
  );
}
