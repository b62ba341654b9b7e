import { lazy, Suspense, useCallback, useMemo, useRef } from 'react';
import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatValue } from '../shared/format.ts';
import { getAreas, getLayers, getSeries, type AreaCollection, type Layer, type Series } from '../areas/api.ts';
import { getIndicators, getObservations, type Indicator } from '../indicators/api.ts';
import { CLASS_METHODS, type ClassMethod } from './classify.ts';
import { Controls, type Selection } from './Controls.tsx';
import { ChoroplethMap, type AreaFill } from './ChoroplethMap.tsx';
import { Legend } from './Legend.tsx';
import { AreaTable } from './AreaTable.tsx';
import { buildChoropleth, type Choropleth } from './model.ts';
import { flagKeys } from './flags.ts';

const NO_FILLS = new Map<string, AreaFill>();

// Observable Plot (with d3) is only needed once an area is chosen: load it then.
const SeriesChart = lazy(() => import('./SeriesChart.tsx').then((m) => ({ default: m.SeriesChart })));

interface Props {
  params: URLSearchParams;
  setParams: (changes: Record<string, string | undefined>) => void;
}

export function AtlasPage({ params, setParams }: Props) {
  const { t } = useI18n();
  const indicators = useApi('indicators', getIndicators);
  const layers = useApi('layers', getLayers);

  if (indicators.state === 'error') return <ErrorMessage error={indicators.error} />;
  if (layers.state === 'error') return <ErrorMessage error={layers.error} />;
  if (indicators.state === 'loading' || layers.state === 'loading') return <p className="status">{t('app.loading')}</p>;
  return <Atlas indicators={indicators.data} layers={layers.data} params={params} setParams={setParams} />;
}

/** Fills in what the address leaves open: first indicator, the finest layer with geometry, latest period. */
function resolve(params: URLSearchParams, indicators: Indicator[], layers: Layer[]): Selection | null {
  const indicator = indicators.find((i) => i.key === params.get('indicator')) ?? indicators[0];
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
  return { topic, indicator: indicator.key, layer: layer.key, period, method };
}

/** The layer holding the whole city (one area, no parent), if the deployment has one. */
function cityLayerOf(layers: Layer[], current: string): Layer | undefined {
  return layers.find((l) => l.key !== current && l.areaCount === 1 && l.parent === null);
}

interface SeriesData { series: Series; city: Series | null }

function Atlas({ indicators, layers, params, setParams }: { indicators: Indicator[]; layers: Layer[] } & Props) {
  const { t, pick, locale } = useI18n();
  const selection = resolve(params, indicators, layers);

  const onChange = useCallback((change: Partial<Selection>) => {
    if (!selection) return;
    const next = { ...selection, ...change };
    const indicator = indicators.find((i) => i.key === next.indicator);
    if (indicator && !indicator.periods.includes(next.period)) next.period = indicator.periods[indicator.periods.length - 1] ?? '';
    setParams({
      topic: next.topic ?? undefined,
      indicator: next.indicator,
      layer: next.layer,
      period: next.period,
      method: next.method,
      // An area code belongs to its layer: a new layer drops the selection.
      ...(next.layer !== selection.layer ? { area: undefined } : {}),
    });
  }, [selection, indicators, setParams]);

  const layerKey = selection?.layer ?? '';
  const indicatorKey = selection?.indicator ?? '';
  const period = selection?.period ?? '';
  const method: ClassMethod = selection?.method ?? 'quantile';
  const indicator = indicators.find((i) => i.key === indicatorKey);
  const layer = layers.find((l) => l.key === layerKey);

  const areas = useApi(selection ? `areas|${layerKey}` : null, (signal) => getAreas(layerKey, signal));
  const observations = useApi(
    selection && period ? `obs|${indicatorKey}|${period}|${layerKey}` : null,
    (signal) => getObservations(indicatorKey, period, layerKey, signal),
  );

  const drawKey = `${indicatorKey}|${layerKey}|${period}|${method}`;
  const current = useMemo(() => {
    if (areas.state !== 'ready' || observations.state !== 'ready' || !indicator) return null;
    return { key: drawKey, layer: layerKey, areas: areas.data, choropleth: buildChoropleth(areas.data, observations.data, indicator, method) };
  }, [areas, observations, indicator, method, drawKey, layerKey]);

  // While the next selection loads, keep showing the last complete one instead of an empty map.
  const lastShown = useRef<{ key: string; layer: string; areas: AreaCollection; choropleth: Choropleth } | null>(null);
  if (current) lastShown.current = current;
  const shown = current ?? lastShown.current;

  // The selected area lives in the address too, so a shared link opens its time series.
  const wanted = params.get('area');
  // Only a code of the layer on screen counts: an old link with a foreign code selects nothing.
  const selected = wanted && shown?.layer === layerKey && shown.choropleth.byCode.has(wanted) ? wanted : null;
  const selectArea = useCallback((code: string | null) => setParams({ area: code ?? undefined }), [setParams]);

  const cityLayer = cityLayerOf(layers, layerKey);
  const series = useApi<SeriesData>(
    selected ? `series|${layerKey}|${selected}|${indicatorKey}|${cityLayer?.key ?? ''}` : null,
    async (signal) => {
      const own = getSeries(layerKey, selected!, indicatorKey, signal);
      let city: Series | null = null;
      // Counts of a part and of the whole city are not comparable on one axis; shares, rates,
      // means and indices are.
      if (cityLayer && indicator && indicator.kind !== 'count') {
        // The city comparison is a bonus: if the server cannot give it, the area's line still shows.
        try {
          const rows = await getObservations(indicatorKey, period, cityLayer.key, signal);
          if (rows[0]) city = await getSeries(cityLayer.key, rows[0].areaCode, indicatorKey, signal);
        } catch (err) {
          if (signal.aborted) throw err;
        }
      }
      return { series: await own, city };
    },
  );

  if (!selection || !indicator || !layer) return <p className="status">{t('legend.empty')}</p>;

  const unit = pick(indicator.unit, indicator.unitEn);
  const indicatorName = pick(indicator.name, indicator.nameEn);
  const layerName = pick(layer.name, layer.nameEn);
  const choropleth = shown?.choropleth ?? null;
  const selectedRow = selected ? choropleth?.byCode.get(selected) : undefined;
  const loadError = areas.state === 'error' ? areas.error : observations.state === 'error' ? observations.error : null;

  const renderTooltip = (code: string) => {
    const row = choropleth?.byCode.get(code);
    if (!row) return null;
    const flags = flagKeys(row.flags, row.aggregated).map((k) => t(k));
    return (
      <>
        <strong>{row.name}</strong>
        <br />
        {row.status === 'suppressed'
          ? `. (${t('flags.suppressed')})`
          : row.value === null
            ? t('flags.missing')
            : formatValue(row.value, locale, indicator.decimals, unit)}
        {flags.length > 0 && <span className="tooltip-flags">{flags.join(', ')}</span>}
      </>
    );
  };

  return (
    <div className="atlas">
      <Controls indicators={indicators} layers={layers} selection={selection} onChange={onChange} />
      {loadError !== null && <ErrorMessage error={loadError} />}
      <div className="atlas-body">
        <section className="atlas-map" aria-labelledby="map-heading">
          <h2 id="map-heading" className="map-heading">
            {indicatorName} <span className="map-heading-sub">{period} · {layerName}</span>
          </h2>
          <ChoroplethMap
            areas={shown?.areas ?? null}
            fills={choropleth?.fills ?? NO_FILLS}
            drawKey={shown?.key ?? ''}
            selected={selected}
            onSelect={selectArea}
            renderTooltip={renderTooltip}
            label={t('map.label', { indicator: indicatorName, period, layer: layerName })}
            describedBy="map-summary atlas-legend"
          />
          <p id="map-summary" className="visually-hidden">
            {t('map.summary', { count: choropleth?.rows.length ?? 0 })}
          </p>
          {choropleth && (
            <Legend
              id="atlas-legend"
              classes={choropleth.classes}
              colours={choropleth.colours}
              counts={choropleth.counts}
              missing={choropleth.missing}
              suppressed={choropleth.suppressed}
              unit={unit}
              decimals={indicator.decimals}
              polarity={indicator.polarity}
            />
          )}
          {indicator.source && <p className="source-line">{indicator.source}{indicator.licence ? ` · ${indicator.licence}` : ''}</p>}
        </section>

        <aside className="atlas-side" aria-label={t('table.caption', { indicator: indicatorName, period, layer: layerName })}>
          {choropleth && (
            <AreaTable
              rows={choropleth.rows}
              caption={t('table.caption', { indicator: indicatorName, period, layer: layerName })}
              unit={unit}
              decimals={indicator.decimals}
              selected={selected}
              onSelect={selectArea}
            />
          )}
          <section className="series-panel" aria-live="polite">
            {selected === null ? (
              <p className="hint">{t('series.hint')}</p>
            ) : (
              <>
                <div className="series-head">
                  <h3>{t('series.title', { area: selectedRow?.name ?? selected })}</h3>
                  <button type="button" className="link-button" onClick={() => selectArea(null)}>
                    {t('series.close')}
                  </button>
                </div>
                {series.state === 'loading' && <p className="status">{t('series.loading')}</p>}
                {series.state === 'error' && <ErrorMessage error={series.error} />}
                {series.state === 'ready' && (series.data.series.points.length === 0 ? (
                  <p>{t('series.empty')}</p>
                ) : (
                  <Suspense fallback={<p className="status">{t('series.loading')}</p>}>
                  <SeriesChart
                    areaName={series.data.series.area.name || selectedRow?.name || selected}
                    indicatorName={indicatorName}
                    unit={unit}
                    decimals={indicator.decimals}
                    points={series.data.series.points}
                    cityPoints={series.data.city?.points ?? null}
                    cityName={t('series.city')}
                    highlightPeriod={period}
                  />
                  </Suspense>
                ))}
              </>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
