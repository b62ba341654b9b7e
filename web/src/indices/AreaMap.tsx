import { useEffect, useRef, useState, type ReactNode } from 'react';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Geometry, Point, Position } from 'geojson';
import type { AreaCollection } from '../areas/api.ts';
import { useText } from '../auth/text.ts';

// A small MapLibre map for the index and facility pages: our own area polygons (filled by class or
// just outlined) and optionally facility points, on a blank style — no tiles, no glyphs, no text
// symbol layers. What it drew is reported to the page (and from there to the browser test).

maplibregl.setWorkerUrl(workerUrl);

const BLANK_STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f4f2' } }],
};

export const NO_FILL = '#ffffff';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export interface PointProperties {
  id: number;
  name: string;
  colour?: string;
}

export interface DrawReport {
  key: string;
  areas: number;
  colours: number;
  fills: string[];
  points: number;
}

interface Props {
  areas: AreaCollection | null;
  /** Area code → fill colour; areas without an entry are drawn white (outline only). */
  fills?: ReadonlyMap<string, string>;
  /** Areas drawn with a thick dark outline (focus areas). */
  outlined?: ReadonlySet<string>;
  points?: FeatureCollection<Point | null, PointProperties> | null;
  selected?: string | null;
  onSelectArea?: (code: string) => void;
  onSelectPoint?: (id: number) => void;
  areaTooltip?: (code: string) => ReactNode;
  /** Changes whenever what should be drawn changes; the report names it. */
  drawKey: string;
  onDrawn?: (report: DrawReport) => void;
  label: string;
  describedBy?: string;
}

function extend(bounds: number[], coords: Position[]): void {
  for (const [x, y] of coords) {
    if (x < bounds[0]) bounds[0] = x;
    if (y < bounds[1]) bounds[1] = y;
    if (x > bounds[2]) bounds[2] = x;
    if (y > bounds[3]) bounds[3] = y;
  }
}

function boundsOf(areas: AreaCollection | null, points: FeatureCollection<Point | null> | null | undefined): [number, number, number, number] | null {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (g: Geometry | null) => {
    if (!g) return;
    if (g.type === 'Polygon') g.coordinates.forEach((r) => extend(b, r));
    else if (g.type === 'MultiPolygon') g.coordinates.forEach((p) => p.forEach((r) => extend(b, r)));
    else if (g.type === 'Point') extend(b, [g.coordinates]);
  };
  areas?.features.forEach((f) => visit(f.geometry));
  points?.features.forEach((f) => visit(f.geometry));
  return Number.isFinite(b[0]) ? [b[0], b[1], b[2], b[3]] : null;
}

export function AreaMap({ areas, fills, outlined, points, selected, onSelectArea, onSelectPoint, areaTooltip, drawKey, onDrawn, label, describedBy }: Props) {
  const { tm, t, lang } = useText();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [hover, setHover] = useState<{ content: ReactNode; x: number; y: number } | null>(null);
  const handlers = useRef({ onSelectArea, onSelectPoint, areaTooltip, onDrawn });
  handlers.current = { onSelectArea, onSelectPoint, areaTooltip, onDrawn };
  const expected = useRef({ key: '', areas: 0, points: 0, stamp: 0 });
  const fitted = useRef<string | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current, style: BLANK_STYLE, center: [0, 0], zoom: 1,
      canvasContextAttributes: { preserveDrawingBuffer: true }, attributionControl: false,
      renderWorldCopies: false, dragRotate: false, pitchWithRotate: false, fadeDuration: 0,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    mapRef.current = map;
    map.on('load', () => {
      map.addSource('areas', { type: 'geojson', data: EMPTY, promoteId: 'code' });
      map.addSource('points', { type: 'geojson', data: EMPTY, promoteId: 'id' });
      map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', paint: { 'fill-color': ['get', 'fill'] } });
      map.addLayer({ id: 'areas-outline', type: 'line', source: 'areas', paint: { 'line-color': '#6b6b6b', 'line-width': 0.8 } });
      map.addLayer({ id: 'areas-focus', type: 'line', source: 'areas', filter: ['==', ['get', 'outlined'], true], paint: { 'line-color': '#1a1a1a', 'line-width': 3 } });
      map.addLayer({ id: 'areas-selected', type: 'line', source: 'areas', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': '#7a0177', 'line-width': 4 } });
      map.addLayer({
        id: 'points', type: 'circle', source: 'points',
        paint: { 'circle-radius': 4.5, 'circle-color': ['coalesce', ['get', 'colour'], '#0b5cad'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.2 },
      });
      setLoaded(true);
    });
    map.on('mousemove', (e) => {
      const hit = map.queryRenderedFeatures(e.point, { layers: ['points', 'areas-fill'] });
      const point = hit.find((f) => f.layer.id === 'points');
      const area = hit.find((f) => f.layer.id === 'areas-fill');
      map.getCanvas().style.cursor = point || (area && handlers.current.onSelectArea) ? 'pointer' : '';
      if (point) setHover({ content: String(point.properties.name), x: e.point.x, y: e.point.y });
      else if (area) {
        const code = String(area.properties.code);
        setHover({ content: handlers.current.areaTooltip?.(code) ?? String(area.properties.name), x: e.point.x, y: e.point.y });
      } else setHover(null);
    });
    map.on('mouseout', () => setHover(null));
    map.on('click', (e) => {
      const hit = map.queryRenderedFeatures(e.point, { layers: ['points', 'areas-fill'] });
      const point = hit.find((f) => f.layer.id === 'points');
      if (point && handlers.current.onSelectPoint) { handlers.current.onSelectPoint(Number(point.properties.id)); return; }
      const area = hit.find((f) => f.layer.id === 'areas-fill');
      if (area) handlers.current.onSelectArea?.(String(area.properties.code));
    });
    map.on('idle', () => {
      const exp = expected.current;
      if (!exp.key) return;
      const rendered = map.queryRenderedFeatures({ layers: ['areas-fill'] });
      const codes = new Set<string>();
      const colours = new Set<string>();
      for (const f of rendered) {
        if (f.properties.stamp !== exp.stamp) return;
        codes.add(String(f.properties.code));
        colours.add(String(f.properties.fill));
      }
      const drawnPoints = new Set(map.queryRenderedFeatures({ layers: ['points'] }).filter((f) => f.properties.stamp === exp.stamp).map((f) => Number(f.properties.id)));
      if (codes.size < exp.areas || drawnPoints.size < exp.points) return;
      handlers.current.onDrawn?.({ key: exp.key, areas: codes.size, colours: colours.size, fills: [...colours].sort(), points: drawnPoints.size });
      container.current?.setAttribute('data-map-ready', exp.key);
    });
    return () => {
      map.remove();
      mapRef.current = null;
      fitted.current = null;
      setLoaded(false);
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !drawKey) return;
    container.current?.removeAttribute('data-map-ready');
    const stamp = expected.current.stamp + 1;
    const areaFeatures = (areas?.features ?? []).map((f) => ({
      ...f, properties: { ...f.properties, fill: fills?.get(f.properties.code) ?? NO_FILL, outlined: outlined?.has(f.properties.code) ?? false, stamp },
    }));
    const pointFeatures = (points?.features ?? []).filter((f) => f.geometry !== null).map((f) => ({ ...f, properties: { ...f.properties, stamp } }));
    expected.current = { key: drawKey, areas: areaFeatures.length, points: pointFeatures.length, stamp };
    (map.getSource('areas') as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features: areaFeatures });
    (map.getSource('points') as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features: pointFeatures } as FeatureCollection);
    const fitKey = `${areas?.features[0]?.properties.layer ?? ''}|${areas?.features.length ?? 0}|${pointFeatures.length > 0}`;
    if (fitted.current !== fitKey) {
      fitted.current = fitKey;
      const bounds = boundsOf(areas, points);
      if (bounds) map.fitBounds(bounds, { padding: 24, animate: false });
    }
    if (areaFeatures.length === 0 && pointFeatures.length === 0) {
      handlers.current.onDrawn?.({ key: drawKey, areas: 0, colours: 0, fills: [], points: 0 });
    }
    map.triggerRepaint();
  }, [areas, fills, outlined, points, drawKey, loaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    map.setFilter('areas-selected', ['==', ['get', 'code'], selected ?? '']);
  }, [selected, loaded]);

  useEffect(() => {
    const root = container.current;
    if (!root || !loaded) return;
    for (const [selector, key] of [['.maplibregl-ctrl-zoom-in', 'map.zoomIn'], ['.maplibregl-ctrl-zoom-out', 'map.zoomOut']] as const) {
      const button = root.querySelector(selector);
      button?.setAttribute('title', tm(key));
      button?.setAttribute('aria-label', tm(key));
    }
    mapRef.current?.getCanvas().setAttribute('aria-label', label);
  }, [lang, loaded, label, tm]);

  return (
    <div className="map-frame">
      <div ref={container} className="map mod-map" role="region" aria-label={label} aria-describedby={describedBy} />
      {!loaded && <p className="map-status">{t('map.loading')}</p>}
      {hover && <div className="map-tooltip" role="tooltip" style={{ left: hover.x, top: hover.y }}>{hover.content}</div>}
    </div>
  );
}
