import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatValue } from '../shared/format.ts';
import { isPublicMode } from '../shared/api.ts';
import { hrefFor } from '../shared/route.ts';
import { getAreas, getLayers, getSeries, type AreaCollection, type Layer, type Series } from '../areas/api.ts';
import { getIndicators, getObservations, type Indicator, type Observation } from '../indicators/api.ts';
import { getAggregate, type Aggregate } from '../reports/api.ts';
import { CLASS_METHODS, parseThresholds, type ClassMethod } from './classify.ts';
import { Controls, type Selection } from './Controls.tsx';
import { exportMapPng, ChoroplethMap, type AreaFill } from './ChoroplethMap.tsx';
import { Legend } from './Legend.tsx';
import { AreaTable } from './AreaTable.tsx';
import { buildChoropleth, type Choropleth } from './model.ts';
import { flagKeys } from './flags.ts';
import { Downloads } from './Downloads.tsx';
import { SelectionTools } from './SelectionTools.tsx';
import { AreaSearch } from './AreaSearch.tsx';
import type { SeriesLine } from './SeriesChart.tsx';
import { CITY_COLOUR, PARENT_COLOUR, SERIES_COLOURS } from './colours.ts';
import { landingIndicator } from './landing.ts';
import { getMeta } from '../shared/meta.ts';

const NO_FILLS = new Map<string, AreaFill>();
const MAX_LINES = 6;

// Observable Plot (with d3) is only needed once an area is chosen: load it then.
const SeriesChart = lazy(() => import('./SeriesChart.tsx').then((m) => ({ default: m.SeriesChart })));
const ScatterChart = lazy(() => import('./ScatterChart.tsx').then((m) => ({ default: m.ScatterChart })));

interface Props {
  params: URLSearchParams;
  setParams: (changes: Record<string, string | undefined>) => void;
}

export function AtlasPage({ params, setParams }: Props) {
  const { t } = useI18n();
  const indicators = useApi('indicators', getIndicators);
  const layers = useApi('layers', getLayers);
  // Without meta the atlas still opens (with the fallback landing indicator).
  const meta = useApi('meta', getMeta);

  if (indicators.state === 'error') return <ErrorMessage error={indicators.error} />;
  if (layers.state === 'error') return <ErrorMessage error={layers.error} />;
  if (indicators.state === 'loading' || layers.state === 'loading' || meta.state === 'loading') return <p className="status">{t('app.loading')}</p>;
  const preferred = meta.state === 'ready' ? meta.data?.defaultIndicator ?? null : null;
  return <Atlas indicators={indicators.data} layers={layers.data} preferred={preferred} params={params} setParams={setParams} />;
}

/** Fills in what the address leaves open: the landing indicator, the finest layer with geometry, latest period. */
function resolve(params: URLSearchParams, indicators: Indicator[], layers: Layer[], preferred: string | null): Selection | null {
  const indicator = indicators.find((i) => i.key === params.get('indicator')) ?? landingIndicator(indicators, preferred);
  const finest = layers
    .filter((l) => l.kind === 'geometry')
    .reduce<Layer | undefined>((best, l) => (!best || l.areaCount > best.areaCount ? l : best), undefined);
  const layer = layers.find((l) => l.key === params.get('layer')) ?? finest ?? layers[0];
  if (!indicator || !layer) return null;
  const wantedPeriod = params.get('period');
  const period = wantedPeriod && indicator.periods.includes(wantedPeriod)
    ? wantedPeriod
    : indicator.periods[indicator.periods.length - 1] ?? '';
  const method = CLASS_METHODS.find((m) => m === params.get('method')) ?? 'quantile';
  const topicParam = params.get('topic');
  const topic = topicParam && indicators.some((i) => i.topic === topicParam) ? topicParam : null;
  const compareParam = params.get('compare');
  const compare = compareParam && indicator.periods.includes(compareParam) && compareParam < period ? compareParam : null;
  const view = compare && params.get('view') === 'change' ? 'change' : 'value';
  return { topic, indicator: indicator.key, layer: layer.key, period, method, breaks: params.get('breaks') ?? '', compare, view };
}

/** The layer holding the whole city (one area, no parent), if the deployment has one. */
function cityLayerOf(layers: Layer[], current: string): Layer | undefined {
  return layers.find((l) => l.key !== current && l.areaCount === 1 && l.parent === null);
}

/** Server-side simplification: the coarsest step that stays below one screen pixel. */
const TOLERANCE_STEPS = [200, 100, 50, 20, 10, 5, 2, 1];
export function toleranceFor(metresPerPixel: number): number {
  return TOLERANCE_STEPS.find((s) => s <= metresPerPixel) ?? 1;
}

function parseCodes(params: URLSearchParams): string[] {
  const list = params.get('areas') ?? params.get('area') ?? '';
  return [...new Set(list.split(',').map((c) => c.trim()).filter(Boolean))];
}

interface SeriesData { lines: SeriesLine[]; aggregate: Aggregate | null }

function Atlas({ indicators, layers, preferred, params, setParams }: { indicators: Indicator[]; layers: Layer[]; preferred: string | null } & Props) {
  const { t, pick, locale, lang } = useI18n();
  const selection = resolve(params, indicators, layers, preferred);
  const publicMode = isPublicMode();

  const onChange = useCallback((change: Partial<Selection>) => {
    if (!selection) return;
    const next = { ...selection, ...change };
    const indicator = indicators.find((i) => i.key === next.indicator);
    if (indicator && !indicator.periods.includes(next.period)) next.period = indicator.periods[indicator.periods.length - 1] ?? '';
    if (next.compare && (!indicator?.periods.includes(next.compare) || next.compare >= next.period)) next.compare = null;
    setParams({
      topic: next.topic ?? undefined,
      indicator: next.indicator,
      layer: next.layer,
      period: next.period,
      method: next.method,
      breaks: next.method === 'fixed' && next.breaks ? next.breaks : undefined,
      compare: next.compare ?? undefined,
      view: next.compare && next.view === 'change' ? 'change' : undefined,
      // Area codes belong to their layer: a new layer drops the selection.
      ...(next.layer !== selection.layer ? { area: undefined, areas: undefined } : {}),
    });
  }, [selection, indicators, setParams]);

  const layerKey = selection?.layer ?? '';
  const indicatorKey = selection?.indicator ?? '';
  const period = selection?.period ?? '';
  const method: ClassMethod = selection?.method ?? 'quantile';
  const compare = selection?.compare ?? null;
  const view = selection?.view ?? 'value';
  const indicator = indicators.find((i) => i.key === indicatorKey);
  const layer = layers.find((l) => l.key === layerKey);
  const cityLayer = cityLayerOf(layers, layerKey);
  const thresholds = useMemo(() => parseThresholds(selection?.breaks), [selection?.breaks]);

  // Geometry: one request per layer at the detail for the whole layer on screen ("auto"); finer
  // geometry only once the user has zoomed in so far that the outlines would look coarse (4×).
  const [finer, setFiner] = useState<{ layer: string; tolerance: number } | null>(null);
  const tolerance: number | 'auto' = finer?.layer === layerKey ? finer.tolerance : 'auto';
  const areas = useApi(selection ? `areas|${layerKey}|${tolerance}` : null, (signal) => getAreas(layerKey, signal, tolerance));
  const servedTolerance = areas.state === 'ready' ? areas.data.tolerance ?? null : null;
  const onScale = useCallback((mpp: number) => {
    const needed = toleranceFor(mpp);
    if (servedTolerance !== null && servedTolerance > 0 && needed * 4 <= servedTolerance) setFiner({ layer: layerKey, tolerance: needed });
  }, [servedTolerance, layerKey]);
  const [showCity, setShowCity] = useState(false);
  const cityShape = useApi(showCity && cityLayer ? `areas|${cityLayer.key}|auto` : null, (signal) => getAreas(cityLayer!.key, signal, 'auto'));
  const [exporting, setExporting] = useState(false);
  const observations = useApi(
    selection && period ? `obs|${indicatorKey}|${period}|${layerKey}` : null,
    (signal) => getObservations(indicatorKey, period, layerKey, signal),
  );
  const compared = useApi(
    selection && compare ? `obs|${indicatorKey}|${compare}|${layerKey}` : null,
    (signal) => getObservations(indicatorKey, compare!, layerKey, signal),
  );
  const cityObs = useApi<Observation[]>(
    selection && period && cityLayer ? `obs|${indicatorKey}|${period}|${cityLayer.key}|city` : null,
    (signal) => getObservations(indicatorKey, period, cityLayer!.key, signal).catch(() => []),
  );
  const cityRow = cityObs.state === 'ready' ? cityObs.data[0] : undefined;
  const cityValue = cityRow && cityRow.value !== null && !cityRow.flags.suppressed && !cityRow.flags.missing ? cityRow.value : null;

  const drawKey = `${indicatorKey}|${layerKey}|${period}|${method}|${view}|${compare ?? ''}|${thresholds.join(';')}`;
  // An indicator without any period has nothing to load: its map is empty, not still loading.
  const noValues = indicator !== undefined && indicator.periods.length === 0;
  const current = useMemo(() => {
    if (areas.state !== 'ready' || !indicator) return null;
    if (noValues) {
      return { key: drawKey, indicator: indicatorKey, layer: layerKey, areas: areas.data, choropleth: buildChoropleth(areas.data, [], indicator, { method, cityValue: null }) };
    }
    if (observations.state !== 'ready') return null;
    if (compare && compared.state !== 'ready') return null;
    return {
      key: drawKey, indicator: indicatorKey, layer: layerKey, areas: areas.data,
      choropleth: buildChoropleth(areas.data, observations.data, indicator, {
        method, thresholds, view, compare: compare && compared.state === 'ready' ? compared.data : null, cityValue,
      }),
    };
  }, [areas, observations, compared, indicator, method, thresholds, view, compare, cityValue, drawKey, layerKey, noValues, indicatorKey]);

  // While the next period or classification of the same indicator loads, keep showing the last
  // complete map instead of an empty one. Another indicator's colours never stay under this
  // indicator's name: then the outlines stay, uncoloured, until the values arrive.
  const lastShown = useRef<{ key: string; indicator: string; layer: string; areas: AreaCollection; choropleth: Choropleth } | null>(null);
  if (current) lastShown.current = current;
  const previous = lastShown.current;
  const shown = current ?? (previous?.indicator === indicatorKey ? previous : null);
  const pendingAreas = shown ? null : previous?.areas ?? null;

  // The selected areas live in the address too, so a shared link opens their time series.
  const wanted = parseCodes(params);
  const selected = useMemo(
    () => (shown?.layer === layerKey ? wanted.filter((c) => shown.choropleth.byCode.has(c)) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [wanted.join(','), shown, layerKey],
  );
  const setSelected = useCallback((codes: string[]) => setParams({ area: undefined, areas: codes.length ? codes.join(',') : undefined }), [setParams]);
  const selectArea = useCallback((code: string, additive: boolean) => {
    if (!additive) { setSelected([code]); return; }
    setSelected(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code]);
  }, [selected, setSelected]);

  const parentLayer = layer?.parent ? layers.find((l) => l.key === layer.parent) : undefined;
  const firstRow = selected[0] ? shown?.choropleth.byCode.get(selected[0]) : undefined;
  const parentCode = selected.length === 1 && parentLayer && parentLayer.key !== cityLayer?.key ? firstRow?.parentCode ?? null : null;

  const series = useApi<SeriesData>(
    selected.length && indicator ? `series|${layerKey}|${selected.join(',')}|${indicatorKey}|${cityLayer?.key ?? ''}|${parentCode ?? ''}|${lang}` : null,
    async (signal) => {
      if (!indicator) return { lines: [], aggregate: null };
      const names = new Map((shown?.choropleth.rows ?? []).map((r) => [r.code, r.name]));
      const own = await Promise.all(selected.slice(0, MAX_LINES).map((code) => getSeries(layerKey, code, indicatorKey, signal)));
      const lines: SeriesLine[] = own.map((s, i) => ({ name: s.area.name || names.get(s.area.code) || s.area.code, points: s.points, colour: SERIES_COLOURS[i % SERIES_COLOURS.length] }));
      let aggregate: Aggregate | null = null;
      if (selected.length > 1) {
        aggregate = await getAggregate(indicatorKey, layerKey, selected, signal);
        if (indicator.kind !== 'count') {
          lines.unshift({ name: t('series.aggregate'), points: aggregate.periods, colour: '#1a1a1a' });
        }
      }
      // Counts of a part and of the whole are not comparable on one axis; shares, rates, means are.
      if (indicator.kind !== 'count') {
        const refs: Array<Promise<Series | null>> = [];
        if (parentCode && parentLayer) refs.push(getSeries(parentLayer.key, parentCode, indicatorKey, signal).catch(() => null));
        if (cityLayer && cityRow) refs.push(getSeries(cityLayer.key, cityRow.areaCode, indicatorKey, signal).catch(() => null));
        const [a, b] = await Promise.all(refs);
        const parentSeries = parentCode ? a : null;
        const citySeries = parentCode ? b : a;
        if (parentSeries?.points.some((p) => p.value !== null)) lines.push({ name: parentSeries.area.name, points: parentSeries.points, colour: PARENT_COLOUR, dashed: true });
        if (citySeries?.points.some((p) => p.value !== null)) lines.push({ name: t('series.city'), points: citySeries.points, colour: CITY_COLOUR, dashed: true });
      }
      return { lines, aggregate };
    },
  );

  // Scatter: a second indicator for the same areas.
  const yKey = params.get('y') ?? '';
  const yIndicator = indicators.find((i) => i.key === yKey && i.key !== indicatorKey);
  const yPeriod = yIndicator ? (yIndicator.periods.includes(period) ? period : [...yIndicator.periods].reverse().find((p) => p <= period) ?? yIndicator.periods[yIndicator.periods.length - 1]) : undefined;
  const yObs = useApi(yIndicator && yPeriod ? `obs|${yIndicator.key}|${yPeriod}|${layerKey}` : null, (signal) => getObservations(yIndicator!.key, yPeriod!, layerKey, signal));

  if (!selection || !indicator || !layer) return <p className="status">{t('legend.empty')}</p>;

  const unit = pick(indicator.unit, indicator.unitEn);
  const indicatorName = pick(indicator.name, indicator.nameEn);
  const layerName = pick(layer.name, layer.nameEn);
  const choropleth = shown?.choropleth ?? null;
  const loadError = areas.state === 'error' ? areas.error : observations.state === 'error' ? observations.error : compared.state === 'error' ? compared.error : null;
  const changeCaption = choropleth?.view === 'change' && compare ? t('legend.change', { from: compare, to: period }) : undefined;

  const renderTooltip = (code: string) => {
    const row = choropleth?.byCode.get(code);
    if (!row) return null;
    const flags = flagKeys(row.flags, row.aggregated).map((k) => t(k));
    return (
      <>
        <strong>{row.name}</strong>
        <br />
        {row.status === 'suppressed'
          ? `${row.display ?? '.'} (${t('flags.suppressed')})`
          : row.value === null
            ? t('flags.missing')
            : formatValue(row.value, locale, indicator.decimals, unit)}
        {row.change !== null && compare && <><br />{t('table.change', { period: compare })}: {formatValue(row.change, locale, indicator.decimals, unit)}</>}
        {flags.length > 0 && <span className="tooltip-flags">{flags.join(', ')}</span>}
      </>
    );
  };

  const scatterPoints = yIndicator && yObs.state === 'ready' && choropleth
    ? yObs.data.flatMap((o) => {
      const row = choropleth.byCode.get(o.areaCode);
      const y = o.value;
      if (!row || row.value === null || y === null || o.flags.suppressed || o.flags.missing) return [];
      return [{ code: row.code, name: row.name, x: row.value, y, selected: selected.includes(row.code) }];
    })
    : [];
  const aggregateNow = series.state === 'ready' ? series.data.aggregate?.periods.find((p) => p.period === period) : undefined;
  const tableCaption = t('table.caption', { indicator: indicatorName, period, layer: layerName });

  return (
    <div className="atlas">
      <Controls indicators={indicators} layers={layers} selection={selection} onChange={onChange} />
      {loadError !== null && <ErrorMessage error={loadError} />}
      <div className="atlas-body">
        <section className="atlas-map" id="atlas-map" tabIndex={-1} aria-labelledby="map-heading">
          <h2 id="map-heading" className="map-heading">
            {indicatorName}{' '}
            <span className="map-heading-sub">{changeCaption ?? period} · {layerName}</span>{' '}
            <a className="info-link" href={hrefFor('indicator', undefined, [indicator.key])}>{t('indicator.info')}</a>
          </h2>
          <ChoroplethMap
            areas={shown?.areas ?? pendingAreas}
            fills={choropleth?.fills ?? NO_FILLS}
            drawKey={shown?.key ?? (pendingAreas ? `pending:${drawKey}` : '')}
            pending={!shown}
            selected={selected}
            onSelect={selectArea}
            onScale={onScale}
            renderTooltip={renderTooltip}
            label={t('map.label', { indicator: indicatorName, period: changeCaption ?? period, layer: layerName })}
            describedBy="map-summary atlas-legend"
            outline={showCity && cityShape.state === 'ready' ? cityShape.data : null}
          />
          <div className="map-tools">
            {cityLayer && (
              <label className="map-tool">
                <input type="checkbox" data-testid="city-outline" checked={showCity} onChange={(e) => setShowCity(e.target.checked)} /> {t('map.cityOutline')}
              </label>
            )}
            <button
              type="button"
              className="map-tool"
              data-testid="map-png"
              disabled={!choropleth || exporting}
              onClick={() => {
                const map = window.__lernortMapInstance;
                if (!map) return;
                setExporting(true);
                const source = [t('map.pngSource'), indicator.source, indicator.licence, `Lernort ${new Date().toISOString().slice(0, 10)}`].filter(Boolean).join(' · ');
                exportMapPng(map, { title: `${indicatorName} ${changeCaption ?? period} – ${layerName}`, legend: document.getElementById('atlas-legend'), source })
                  .then((blob) => {
                    const a = document.createElement('a');
                    a.href = URL.createObjectURL(blob);
                    a.download = `lernort-${indicator.key}-${layerKey}-${period || 'ohne'}.png`;
                    document.body.append(a);
                    a.click();
                    a.remove();
                    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
                  })
                  .finally(() => setExporting(false));
              }}
            >{t('map.png')}</button>
          </div>
          <p id="map-summary" className="visually-hidden">
            {t('map.summary', { count: choropleth?.rows.length ?? 0 })}
          </p>
          {!choropleth && pendingAreas && <p className="status" id="atlas-legend">{t('map.loading')}</p>}
          {choropleth && (
            <Legend
              id="atlas-legend"
              classes={choropleth.classes}
              colours={choropleth.colours}
              counts={choropleth.counts}
              missing={choropleth.missing}
              suppressed={choropleth.suppressed}
              provisional={choropleth.provisional}
              breakInSeries={choropleth.breakInSeries}
              caption={changeCaption}
              unit={unit}
              decimals={indicator.decimals}
              polarity={choropleth.view === 'change' ? 'neutral' : indicator.polarity}
              changeView={choropleth.view === 'change'}
              noValues={noValues}
              implausible={choropleth.view === 'value' ? choropleth.implausible : null}
              period={period}
            />
          )}
          {indicator.source && <p className="source-line">{indicator.source}{indicator.licence ? ` · ${indicator.licence}` : ''}</p>}
          <Downloads indicator={indicator.key} layer={layerKey} period={period} />
        </section>

        <aside className="atlas-side" id="atlas-table" tabIndex={-1} aria-label={tableCaption}>
          {choropleth && <AreaSearch areas={choropleth.rows} onFound={(code) => setSelected([code])} />}
          {choropleth && (
            <AreaTable
              rows={choropleth.rows}
              caption={tableCaption}
              unit={unit}
              decimals={indicator.decimals}
              kind={indicator.kind}
              selected={selected}
              onSelect={selectArea}
              compare={compare}
              cityValue={cityValue}
              profileHref={(code) => hrefFor('profile', undefined, [layerKey, code])}
            />
          )}
          <section className="series-panel" aria-live="polite">
            <SelectionTools
              layer={layer}
              parentLayer={parentLayer}
              rows={choropleth?.rows ?? []}
              selected={selected}
              setSelected={setSelected}
              publicMode={publicMode}
            />
            {selected.length === 0 ? (
              <p className="hint">{t('series.hint')} {t('selection.hint')}</p>
            ) : (
              <>
                <div className="series-head">
                  <h3>{selected.length === 1 ? t('series.title', { area: firstRow?.name ?? selected[0] }) : t('series.titleMany', { count: selected.length })}</h3>
                  <button type="button" className="link-button" onClick={() => setSelected([])}>
                    {t('series.close')}
                  </button>
                </div>
                {/* One area: its profile link sits in its table row. Several: one link each here. */}
                {selected.length > 1 && <p className="profile-links">
                  {selected.slice(0, MAX_LINES).map((code) => (
                    <a key={code} className="button-link" href={hrefFor('profile', undefined, [layerKey, code])}>
                      {t('selection.profileOf', { area: shown?.choropleth.byCode.get(code)?.name ?? code })}
                    </a>
                  ))}
                </p>}
                {selected.length > 1 && (
                  <div className="aggregate-box" data-testid="aggregate">
                    {series.state === 'ready' && aggregateNow ? (
                      <p>
                        <strong>{t('selection.aggregateOf', {
                          indicator: indicatorName, period,
                          value: aggregateNow.value === null ? t(`selection.reason.${(aggregateNow.reason ?? 'INCOMPLETE') as 'INCOMPLETE'}`) : formatValue(aggregateNow.value, locale, indicator.decimals, unit),
                        })}</strong>
                        <br />
                        <span className="legend-note">{t(`selection.method.${indicator.kind === 'rate' ? 'share' : indicator.kind}` as 'selection.method.share')}</span>
                      </p>
                    ) : series.state === 'loading' ? <p className="status">{t('app.loading')}</p> : null}
                  </div>
                )}
                {series.state === 'loading' && <p className="status">{t('series.loading')}</p>}
                {series.state === 'error' && <ErrorMessage error={series.error} />}
                {series.state === 'ready' && (series.data.lines.every((l) => l.points.length === 0) ? (
                  <p>{t('series.empty')}</p>
                ) : (
                  <Suspense fallback={<p className="status">{t('series.loading')}</p>}>
                    <SeriesChart
                      label={t('series.label', { indicator: indicatorName, area: series.data.lines.map((l) => l.name).join(', '), from: indicator.periods[0] ?? '', to: indicator.periods[indicator.periods.length - 1] ?? '' })}
                      unit={unit}
                      decimals={indicator.decimals}
                      lines={series.data.lines}
                      highlightPeriod={period}
                    />
                  </Suspense>
                ))}
              </>
            )}
          </section>
          <section className="scatter-panel" aria-labelledby="scatter-title">
            <h3 id="scatter-title">{t('scatter.title')}</h3>
            <div className="field">
              <label htmlFor="ctl-y">{t('scatter.y')}</label>
              <select id="ctl-y" value={yIndicator?.key ?? ''} onChange={(e) => setParams({ y: e.target.value || undefined })}>
                <option value="">–</option>
                {indicators.filter((i) => i.key !== indicatorKey).map((i) => <option key={i.key} value={i.key}>{pick(i.name, i.nameEn)}</option>)}
              </select>
            </div>
            {yIndicator && yObs.state === 'ready' && (scatterPoints.length === 0 ? <p>{t('scatter.none')}</p> : (
              <Suspense fallback={<p className="status">{t('app.loading')}</p>}>
                <ScatterChart
                  label={t('scatter.label', { x: indicatorName, y: pick(yIndicator.name, yIndicator.nameEn), period: yPeriod === period ? period : `${period} / ${yPeriod}`, count: scatterPoints.length })}
                  xLabel={`${indicatorName} (${unit}) ${period}`}
                  yLabel={`${pick(yIndicator.name, yIndicator.nameEn)} (${pick(yIndicator.unit, yIndicator.unitEn)}) ${yPeriod}`}
                  xDecimals={indicator.decimals}
                  yDecimals={yIndicator.decimals}
                  points={scatterPoints}
                  onSelect={selectArea}
                />
              </Suspense>
            ))}
          </section>
        </aside>
      </div>
    </div>
  );
}
