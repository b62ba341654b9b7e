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
// Start the map's workers while the catalogue and the geometry are still on their way.
maplibregl.prewarm();

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
/** A filter no feature passes. */
const NONE: maplibregl.FilterSpecification = ['==', ['get', 'code'], '\u0000'];

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
  /** The whole city as a line for orientation (optional, the page's checkbox). */
  outline?: AreaCollection | null;
}

/** An area's name on the map: HTML over the canvas (see placeLabels). */
interface PlacedLabel { code: string; name: string; x: number; y: number }

const LABEL_LIMIT = 40;
/**
 * Labels as HTML, not a MapLibre symbol layer: symbol layers need SDF glyph files (PBF) and no
 * generator for them is installed, and an external font URL is not allowed. After each move the
 * largest areas whose label point is on screen and whose outline is wide enough get their name,
 * biggest first, skipping any that would overlap one already placed (at most LABEL_LIMIT).
 */
function placeLabels(map: maplibregl.Map, areas: AreaCollection | null): PlacedLabel[] {
  if (!areas) return [];
  const canvas = map.getCanvas();
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const bounds = map.getBounds();
  const zoom = map.getZoom();
  const candidates = areas.features.filter((f) => {
    const lp = f.properties.labelPoint;
    return lp && bounds.contains(lp as [number, number]);
  });
  // km² → screen px² at this zoom: only areas big enough to hold a name.
  const m = metresPerPixel(map.getCenter().lat, zoom);
  const pxPerKm2 = 1e6 / (m * m);
  candidates.sort((a, b) => (b.properties.areaKm2 ?? 0) - (a.properties.areaKm2 ?? 0));
  const placed: Array<PlacedLabel & { w: number }> = [];
  for (const f of candidates) {
    if (placed.length >= LABEL_LIMIT) break;
    const name = f.properties.name;
    const w = Math.min(160, name.length * 6.5 + 6);
    if ((f.properties.areaKm2 ?? 0) * pxPerKm2 < w * 22) continue;
    const p = map.project(f.properties.labelPoint as [number, number]);
    if (p.x < w / 2 || p.x > width - w / 2 || p.y < 10 || p.y > height - 10) continue;
    if (placed.some((o) => Math.abs(o.x - p.x) < (o.w + w) / 2 && Math.abs(o.y - p.y) < 16)) continue;
    placed.push({ code: f.properties.code, name, x: p.x, y: p.y, w });
  }
  return placed.map(({ code, name, x, y }) => ({ code, name, x, y }));
}

/**
 * The map as a PNG: the drawn canvas, the legend (swatches and texts as on the page, read from the
 * legend element) and a source line below. Returns a blob the caller downloads.
 */
export async function exportMapPng(map: maplibregl.Map, opts: { title: string; legend: HTMLElement | null; source: string }): Promise<Blob> {
  const src = map.getCanvas();
  const ratio = src.width / Math.max(1, src.clientWidth);
  const mapW = src.clientWidth;
  const mapH = src.clientHeight;
  const items = opts.legend ? [...opts.legend.querySelectorAll('li')].map((li) => ({
    colour: (li.querySelector('.swatch') as HTMLElement | null)?.style.background ?? '',
    text: (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
  })) : [];
  const legendTitle = opts.legend?.querySelector('.legend-title')?.textContent?.trim() ?? '';
  const legendW = 280;
  const W = mapW + legendW + 24;
  const H = Math.max(mapH, 40 + items.length * 24) + 80;
  const out = document.createElement('canvas');
  out.width = Math.round(W * ratio);
  out.height = Math.round(H * ratio);
  const g = out.getContext('2d');
  if (!g) throw new Error('canvas');
  g.scale(ratio, ratio);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#1a1a1a';
  g.font = 'bold 16px sans-serif';
  g.fillText(opts.title, 12, 24);
  g.drawImage(src, 0, 0, src.width, src.height, 12, 40, mapW, mapH);
  // Labels are HTML over the canvas: draw them too.
  g.font = '12px sans-serif';
  g.textAlign = 'center';
  for (const el of (src.parentElement?.parentElement?.querySelectorAll<HTMLElement>('.map-label') ?? [])) {
    const x = Number(el.dataset.x);
    const y = Number(el.dataset.y);
    g.lineWidth = 3; g.strokeStyle = 'rgba(255,255,255,0.85)';
    g.strokeText(el.textContent ?? '', 12 + x, 40 + y + 4);
    g.fillStyle = '#1a1a1a';
    g.fillText(el.textContent ?? '', 12 + x, 40 + y + 4);
  }
  g.textAlign = 'left';
  let y = 56;
  const lx = mapW + 24;
  g.font = 'bold 13px sans-serif';
  g.fillText(legendTitle, lx, y, legendW - 8);
  g.font = '12px sans-serif';
  for (const it of items) {
    y += 24;
    if (it.colour) { g.fillStyle = it.colour; g.fillRect(lx, y - 12, 16, 16); g.strokeStyle = '#888'; g.lineWidth = 1; g.strokeRect(lx, y - 12, 16, 16); }
    g.fillStyle = '#1a1a1a';
    g.fillText(it.text, lx + 24, y, legendW - 30);
  }
  g.font = '11px sans-serif';
  g.fillStyle = '#444';
  g.fillText(opts.source, 12, H - 16, W - 24);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('png'))), 'image/png'));
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

export function ChoroplethMap({ areas, fills, drawKey, selected, onSelect, onScale, renderTooltip, pending = false, label, describedBy, outline = null }: Props) {
  const { t, lang } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [hover, setHover] = useState<{ code: string; x: number; y: number } | null>(null);
  const [labels, setLabels] = useState<PlacedLabel[]>([]);
  const areasRef = useRef<AreaCollection | null>(null);
  areasRef.current = areas;
  // Handlers registered once on the map read the latest props through these refs.
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onScaleRef = useRef(onScale);
  onScaleRef.current = onScale;
  const stampRef = useRef(0);
  // What the last apply put on the map: the key, the feature count, and each code's fill.
  const expectedRef = useRef<{ key: string; count: number; applied: Map<string, string>; done: boolean }>({ key: '', count: 0, applied: new Map(), done: true });
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
      // Colours are feature-state (set per area, no new source data when only the colours change).
      map.addLayer({ id: FILL, type: 'fill', source: SOURCE, paint: { 'fill-color': ['coalesce', ['feature-state', 'fill'], PENDING_FILL] } });
      // Missing and suppressed values get a pattern over their grey/white fill, never a class colour.
      // Patterns cannot read feature-state, so these layers filter on the codes concerned.
      map.addLayer({ id: 'areas-missing', type: 'fill', source: SOURCE, filter: NONE, paint: { 'fill-pattern': PATTERN_MISSING } });
      map.addLayer({ id: 'areas-suppressed', type: 'fill', source: SOURCE, filter: NONE, paint: { 'fill-pattern': PATTERN_SUPPRESSED } });
      // A break in the series: vertical stripes over the class colour (the value itself is shown).
      map.addLayer({ id: 'areas-break', type: 'fill', source: SOURCE, filter: NONE, paint: { 'fill-pattern': PATTERN_BREAK } });
      // Outlines thin and faint when zoomed out (10,000 municipalities would otherwise be all outline).
      map.addLayer({
        id: 'areas-outline', type: 'line', source: SOURCE,
        paint: {
          'line-color': OUTLINE,
          'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.1, 9, 0.3, 11, 0.6, 14, 1],
          'line-opacity': ['interpolate', ['linear'], ['zoom'], 5, 0.2, 9, 0.4, 11, 0.75, 14, 0.9],
        },
      });
      map.addSource('city', { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'city-outline', type: 'line', source: 'city', paint: { 'line-color': '#1a1a1a', 'line-width': 2, 'line-opacity': 0.8 } });
      // Provisional or estimated values: a dashed dark outline inside the area's own outline.
      map.addLayer({
        id: 'areas-provisional', type: 'line', source: SOURCE, filter: NONE,
        paint: { 'line-color': '#1a1a1a', 'line-width': 1.6, 'line-dasharray': [2, 1.5], 'line-offset': 1 },
      });
      // Hover and selection outlines draw only their own areas (a filter, not a feature-state over
      // every polygon): with 10,000 areas two full line layers would halve the frame rate.
      map.addLayer({ id: 'areas-hover', type: 'line', source: SOURCE, filter: ['==', ['get', 'code'], ''], paint: { 'line-color': HOVER_OUTLINE, 'line-width': 2.5 } });
      map.addLayer({ id: 'areas-selected', type: 'line', source: SOURCE, filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'line-color': SELECTED_OUTLINE, 'line-width': 3.5 } });
      setLoaded(true);
    });

    // Hover: at most one update per frame (React re-renders the tooltip), none while the map moves.
    let hoverFrame = 0;
    map.on('mousemove', FILL, (e) => {
      const code = e.features?.[0]?.id;
      if (code === undefined || map.isMoving()) return;
      const point = { code: String(code), x: e.point.x, y: e.point.y };
      if (hoverFrame) cancelAnimationFrame(hoverFrame);
      hoverFrame = requestAnimationFrame(() => {
        hoverFrame = 0;
        setHovered(point.code);
        map.getCanvas().style.cursor = 'pointer';
        setHover(point);
      });
    });
    map.on('mouseleave', FILL, () => {
      if (hoverFrame) cancelAnimationFrame(hoverFrame);
      hoverFrame = 0;
      setHovered(null);
      map.getCanvas().style.cursor = '';
      setHover(null);
    });
    map.on('click', FILL, (e) => {
      const code = e.features?.[0]?.id;
      if (code !== undefined) onSelectRef.current(String(code), e.originalEvent.shiftKey || e.originalEvent.ctrlKey || e.originalEvent.metaKey);
    });
    map.on('zoomend', () => onScaleRef.current?.(metresPerPixel(map.getCenter().lat, map.getZoom())));
    // Labels are placed once the map stands still; while it moves they are hidden, not re-laid.
    map.on('movestart', () => setLabels([]));
    map.on('moveend', () => setLabels(placeLabels(map, areasRef.current)));

    // After a completed render, check whether what is on screen is the current selection and tell
    // the page (and the browser test) how many areas and colours are drawn. Areas too small to draw
    // at this zoom are not required on screen: the source must hold the current data and every
    // area that is drawn must carry the colour last applied. Once reported, later idles cost nothing.
    map.on('idle', () => {
      const expected = expectedRef.current;
      if (!expected.key || expected.done || !map.isSourceLoaded(SOURCE)) return;
      const rendered = map.queryRenderedFeatures({ layers: [FILL] });
      if (expected.count > 0 && rendered.length === 0) return;
      for (const f of rendered) {
        if (f.properties.stamp !== stampRef.current) return;
        if ((f.state as { fill?: string }).fill !== expected.applied.get(String(f.id))) return;
      }
      expected.done = true;
      const colours = [...new Set(expected.applied.values())].sort();
      const report: MapReport = { ready: true, key: expected.key, features: expected.count, colours: colours.length, fills: colours };
      window.__lernortMap = report;
      window.__lernortMapReady = true;
      window.__lernortMapFirstReadyAt ??= performance.now();
      container.current?.setAttribute('data-map-ready', expected.key);
      setLabels(placeLabels(map, areasRef.current));
    });

    return () => {
      map.remove();
      mapRef.current = null;
      fittedRef.current = null;
      setLoaded(false);
    };
  }, []);

  // Geometry goes to the map only when the areas change (a new layer or finer detail); the stamp
  // names that data, so the ready check knows the drawn tiles are of it.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const stamp = ++stampRef.current;
    const features = (areas?.features ?? []).map((f) => ({ ...f, properties: { code: f.properties.code, name: f.properties.name, stamp } }));
    (map.getSource(SOURCE) as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features });
    // Refit only for a new layer, not for the same layer at another simplification.
    const layerKey = areas?.features[0]?.properties.layer ?? null;
    if (areas && fittedRef.current !== layerKey) {
      fittedRef.current = layerKey;
      const bounds = boundsOf(areas);
      if (bounds) map.fitBounds(bounds, { padding: 24, animate: false });
    }
  }, [areas, loaded]);

  // Colours: feature-state per area and four code filters; the geometry stays as it is.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    window.__lernortMapReady = false;
    container.current?.removeAttribute('data-map-ready');
    if (!drawKey) { expectedRef.current = { key: '', count: 0, applied: new Map(), done: true }; return; }
    const applied = new Map<string, string>();
    const missing: string[] = [];
    const suppressed: string[] = [];
    const breaks: string[] = [];
    const provisional: string[] = [];
    for (const f of areas?.features ?? []) {
      const code = f.properties.code;
      const entry = fills.get(code);
      const fill = entry?.fill ?? (pending ? PENDING_FILL : '#d9d9d9');
      applied.set(code, fill);
      map.setFeatureState({ source: SOURCE, id: code }, { fill });
      const status = entry?.status ?? (pending ? 'pending' : 'missing');
      if (status === 'missing') missing.push(code);
      else if (status === 'suppressed') suppressed.push(code);
      if (entry?.breakInSeries) breaks.push(code);
      if (entry?.provisional) provisional.push(code);
    }
    const codes = (list: string[]): maplibregl.FilterSpecification => (list.length ? ['in', ['get', 'code'], ['literal', list]] : NONE);
    map.setFilter('areas-missing', codes(missing));
    map.setFilter('areas-suppressed', codes(suppressed));
    map.setFilter('areas-break', codes(breaks));
    map.setFilter('areas-provisional', codes(provisional));
    expectedRef.current = { key: drawKey, count: applied.size, applied, done: false };
    if (applied.size === 0) {
      expectedRef.current.done = true;
      window.__lernortMap = { ready: true, key: drawKey, features: 0, colours: 0, fills: [] };
      window.__lernortMapReady = true;
    } else {
      map.triggerRepaint();
    }
  }, [areas, fills, drawKey, loaded, pending]);

  // The city outline, when the page asks for it.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    (map.getSource('city') as maplibregl.GeoJSONSource).setData(outline ?? EMPTY);
  }, [outline, loaded]);

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
      <div className="map-labels" aria-hidden="true">
        {labels.map((l) => (
          <span key={l.code} className="map-label" data-x={l.x} data-y={l.y} style={{ left: l.x, top: l.y }}>{l.name}</span>
        ))}
      </div>
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
