import { useEffect, useRef, useState, type ReactNode } from 'react';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { AreaCollection } from '../areas/api.ts';
import { useI18n } from '../shared/i18n.ts';
import { HOVER_OUTLINE, OUTLINE, SELECTED_OUTLINE } from './palette.ts';
import { addPatterns, PATTERN_BREAK, PATTERN_MISSING, PATTERN_SUPPRESSED } from './patterns.ts';

maplibregl.setWorkerUrl(workerUrl);

export type AreaStatus = 'value' | 'missing' | 'suppressed';

export interface AreaFill {
  fill: string;
  status: AreaStatus;
  /** Provisional or estimated: drawn with a dashed outline. */
  provisional?: boolean;
  /** Break in the time series: drawn with vertical stripes. */
  breakInSeries?: boolean;
}

/** What the map reports once it has drawn a selection; the e2e test reads it from `window`. */
export interface MapReport {
  ready: boolean;
  key: string;
  features: number;
  colours: number;
  fills: string[];
}

declare global {
  interface Window {
    __lernortMapReady?: boolean;
    __lernortMap?: MapReport;
    __lernortMapInstance?: maplibregl.Map;
    /** performance.now() when the first complete choropleth was on screen (benchmark B6). */
    __lernortMapFirstReadyAt?: number;
  }
}

// No tiles, no glyphs: the map is our own polygons on a plain background.
const BLANK_STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f4f2' } }],
};

const SOURCE = 'areas';
/** Areas whose values are still loading: plain, lighter than "no data", no pattern. */
const PENDING_FILL = '#ecebe7';
const FILL = 'areas-fill';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

interface Props {
  areas: AreaCollection | null;
  fills: ReadonlyMap<string, AreaFill>;
  /** Names the selection drawn (indicator, layer, period, method); changes whenever the colours may. */
  drawKey: string;
  selected: readonly string[];
  /** additive: shift+click adds or removes the area instead of replacing the selection. */
  onSelect: (code: string, additive: boolean) => void;
  /** Metres per screen pixel after every zoom (the page picks the simplification from it). */
  onScale?: (metresPerPixel: number) => void;
  renderTooltip: (code: string) => ReactNode;
  /** The values are still on their way: outlines only, no colour that could be mistaken for data. */
  pending?: boolean;
  label: string;
  describedBy?: string;
}

function extendBounds(bounds: [number, number, number, number], coords: Position[]): void {
  for (const [x, y] of coords) {
    if (x < bounds[0]) bounds[0] = x;
    if (y < bounds[1]) bounds[1] = y;
    if (x > bounds[2]) bounds[2] = x;
    if (y > bounds[3]) bounds[3] = y;
  }
}

function boundsOf(collection: AreaCollection): [number, number, number, number] | null {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (geometry: Geometry | null) => {
    if (!geometry) return;
    if (geometry.type === 'Polygon') geometry.coordinates.forEach((ring) => extendBounds(bounds, ring));
    else if (geometry.type === 'MultiPolygon') geometry.coordinates.forEach((p) => p.forEach((ring) => extendBounds(bounds, ring)));
  };
  collection.features.forEach((f) => visit(f.geometry));
  return Number.isFinite(bounds[0]) ? bounds : null;
}

/** Ground resolution of MapLibre's 512-px tiles at a latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (78271.517 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

export function ChoroplethMap({ areas, fills, drawKey, selected, onSelect, onScale, renderTooltip, pending = false, label, describedBy }: Props) {
  const { t, lang } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [hover, setHover] = useState<{ code: string; x: number; y: number } | null>(null);
  // Handlers registered once on the map read the latest props through these refs.
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onScaleRef = useRef(onScale);
  onScaleRef.current = onScale;
  const stampRef = useRef(0);
  const expectedRef = useRef({ key: '', count: 0 });
  const fittedRef = useRef<string | null>(null);
  const selectedRef = useRef<string[]>([]);

  // Create the map once.
  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: BLANK_STYLE,
      center: [0, 0],
      zoom: 1,
      // Keep the drawn frame so the map can be exported (and screenshotted) as PNG.
      canvasContextAttributes: { preserveDrawingBuffer: true },
      attributionControl: false,
      renderWorldCopies: false,
      dragRotate: false,
      pitchWithRotate: false,
      fadeDuration: 0,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    mapRef.current = map;
    window.__lernortMapInstance = map;

    let hovered: string | null = null;
    const setHovered = (code: string | null) => {
      if (hovered === code) return;
      hovered = code;
      if (map.getLayer('areas-hover')) map.setFilter('areas-hover', ['==', ['get', 'code'], code ?? '']);
    };

    map.on('load', () => {
      addPatterns(map);
      map.addSource(SOURCE, { type: 'geojson', data: EMPTY, promoteId: 'code' });
      map.addLayer({ id: FILL, type: 'fill', source: SOURCE, paint: { 'fill-color': ['get', 'fill'] } });
      // Missing and suppressed values get a pattern over their grey/white fill, never a class colour.
      map.addLayer({
        id: 'areas-pattern',
        type: 'fill',
        source: SOURCE,
        filter: ['in', ['get', 'status'], ['literal', ['missing', 'suppressed']]],
        paint: { 'fill-pattern': ['match', ['get', 'status'], 'suppressed', PATTERN_SUPPRESSED, PATTERN_MISSING] },
      });
      // A break in the series: vertical stripes over the class colour (the value itself is shown).
      map.addLayer({ id: 'areas-break', type: 'fill', source: SOURCE, filter: ['==', ['get', 'breakInSeries'], true], paint: { 'fill-pattern': PATTERN_BREAK } });
      map.addLayer({ id: 'areas-outline', type: 'line', source: SOURCE, paint: { 'line-color': OUTLINE, 'line-width': 0.7 } });
      // Provisional or estimated values: a dashed dark outline inside the area's own outline.
      map.addLayer({
        id: 'areas-provisional', type: 'line', source: SOURCE, filter: ['==', ['get', 'provisional'], true],
        paint: { 'line-color': '#1a1a1a', 'line-width': 1.6, 'line-dasharray': [2, 1.5], 'line-offset': 1 },
      });
      // Hover and selection outlines draw only their own areas (a filter, not a feature-state over
      // every polygon): with 10,000 areas two full line layers would halve the frame rate.
      map.addLayer({ id: 'areas-hover', type: 'line', source: SOURCE, filter: ['==', ['get', 'code'], ''], paint: { 'line-color': HOVER_OUTLINE, 'line-width': 2.5 } });
      map.addLayer({ id: 'areas-selected', type: 'line', source: SOURCE, filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'line-color': SELECTED_OUTLINE, 'line-width': 3.5 } });
      setLoaded(true);
    });

    map.on('mousemove', FILL, (e) => {
      const code = e.features?.[0]?.id;
      if (code === undefined) return;
      setHovered(String(code));
      map.getCanvas().style.cursor = 'pointer';
      setHover({ code: String(code), x: e.point.x, y: e.point.y });
    });
    map.on('mouseleave', FILL, () => {
      setHovered(null);
      map.getCanvas().style.cursor = '';
      setHover(null);
    });
    map.on('click', FILL, (e) => {
      const code = e.features?.[0]?.id;
      if (code !== undefined) onSelectRef.current(String(code), e.originalEvent.shiftKey || e.originalEvent.ctrlKey || e.originalEvent.metaKey);
    });
    map.on('zoomend', () => onScaleRef.current?.(metresPerPixel(map.getCenter().lat, map.getZoom())));

    // After every completed render, check whether what is on screen is the current selection and
    // tell the page (and the browser test) how many areas and colours are drawn.
    map.on('idle', () => {
      const expected = expectedRef.current;
      if (!expected.key) return;
      const rendered = map.queryRenderedFeatures({ layers: [FILL] });
      const codes = new Set<string>();
      const colours = new Set<string>();
      let stale = false;
      for (const f of rendered) {
        if (f.properties.stamp !== stampRef.current) stale = true;
        codes.add(String(f.properties.code));
        colours.add(String(f.properties.fill));
      }
      if (stale || codes.size < expected.count) return;
      const report: MapReport = { ready: true, key: expected.key, features: codes.size, colours: colours.size, fills: [...colours].sort() };
      window.__lernortMap = report;
      window.__lernortMapReady = true;
      window.__lernortMapFirstReadyAt ??= performance.now();
      container.current?.setAttribute('data-map-ready', expected.key);
    });

    return () => {
      map.remove();
      mapRef.current = null;
      fittedRef.current = null;
      setLoaded(false);
    };
  }, []);

  // Push geometry + colours to the map whenever either changes.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    window.__lernortMapReady = false;
    container.current?.removeAttribute('data-map-ready');
    const stamp = ++stampRef.current;
    if (!drawKey) return; // nothing loaded yet
    const features = (areas?.features ?? []).map((f) => {
      const entry = fills.get(f.properties.code);
      return {
        ...f,
        properties: {
          ...f.properties, fill: entry?.fill ?? (pending ? PENDING_FILL : '#d9d9d9'), status: entry?.status ?? (pending ? 'pending' : 'missing'), stamp,
          provisional: entry?.provisional ?? false, breakInSeries: entry?.breakInSeries ?? false,
        },
      };
    });
    expectedRef.current = { key: drawKey, count: features.length };
    (map.getSource(SOURCE) as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features });
    // Refit only for a new layer, not for the same layer at another simplification.
    const layerKey = areas?.features[0]?.properties.layer ?? null;
    if (areas && fittedRef.current !== layerKey) {
      fittedRef.current = layerKey;
      const bounds = boundsOf(areas);
      if (bounds) map.fitBounds(bounds, { padding: 24, animate: false });
    }
    if (features.length === 0 && drawKey) {
      window.__lernortMap = { ready: true, key: drawKey, features: 0, colours: 0, fills: [] };
      window.__lernortMapReady = true;
    }
  }, [areas, fills, drawKey, loaded, pending]);

  // Selection outlines follow the `selected` prop.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    map.setFilter('areas-selected', ['in', ['get', 'code'], ['literal', [...selected]]]);
    selectedRef.current = [...selected];
  }, [selected, loaded, areas]);

  // MapLibre's own control labels are English; give them the current language.
  useEffect(() => {
    const root = container.current;
    if (!root || !loaded) return;
    const titles: Array<[string, string]> = lang === 'de'
      ? [['.maplibregl-ctrl-zoom-in', 'Vergrößern'], ['.maplibregl-ctrl-zoom-out', 'Verkleinern']]
      : [['.maplibregl-ctrl-zoom-in', 'Zoom in'], ['.maplibregl-ctrl-zoom-out', 'Zoom out']];
    for (const [selector, title] of titles) {
      const button = root.querySelector(selector);
      button?.setAttribute('title', title);
      button?.setAttribute('aria-label', title);
    }
    // The canvas carries MapLibre's English "Map"; name it after what it shows instead.
    mapRef.current?.getCanvas().setAttribute('aria-label', label);
  }, [lang, loaded, label]);

  return (
    <div className="map-frame">
      <div ref={container} className="map" role="region" aria-label={label} aria-describedby={describedBy} />
      {!loaded && <p className="map-status">{t('map.loading')}</p>}
      {hover && (
        <div
          className="map-tooltip"
          role="tooltip"
          style={{ left: hover.x, top: hover.y }}
        >
          {renderTooltip(hover.code)}
        </div>
      )}
    </div>
  );
}
