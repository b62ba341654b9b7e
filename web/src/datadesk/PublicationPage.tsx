import { useEffect, useId, useMemo, useState } from 'react';
import { getAreas, getLayers } from '../areas/api.ts';
import { getIndicators } from '../indicators/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { errorText } from '../shared/api.ts';
import { AreaMap } from '../indices/AreaMap.tsx';
import { useDeskText, type DeskKey } from './text.ts';
import { listPublications, previewPublication, publish, withdraw, type PreviewRow, type Publication, type PublicationPreview } from './api.ts';
import { hashQuery } from '../shared/route.ts';
import { layerRoles } from '../areas/roles.ts';

// Choose indicator × layers × period, see what the public would see after primary and secondary
// suppression (per layer: counts, a map of hidden cells and their table), then publish; every
// existing publication can be withdrawn.

const ALL = '*';

/** Fill colours of the preview map; the table and the legend say the same in words. */
export const PREVIEW_FILLS = { shown: '#c6dbef', primary: '#99000d', secondary: '#ef6548', withheld: '#756bb1', missing: '#ffffff' } as const;
type Cell = keyof typeof PREVIEW_FILLS;

export const cellOf = (r: PreviewRow): Cell => (r.suppressed ? (r.reason === 'secondary' ? 'secondary' : r.reason === 'primary' ? 'primary' : 'withheld') : r.value === null ? 'missing' : 'shown');

function initialIndicator(): string {
  return hashQuery().get('indicator') ?? '';
}

export function PublicationPage() {
  const { dt, pick, lang, locale } = useDeskText();
  const id = useId();
  const indicators = useApi('indicators', getIndicators);
  const layers = useApi('layers', getLayers);
  const publications = useApi('publications|list', listPublications);
  const [indicator, setIndicator] = useState(initialIndicator);
  const [chosen, setChosen] = useState<string[]>([]);
  const [period, setPeriod] = useState(ALL);
  const [viewLayer, setViewLayer] = useState('');
  const [viewPeriod, setViewPeriod] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ key: DeskKey; params: Record<string, string | number> } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [onlyThis, setOnlyThis] = useState(true);

  const indicatorList = indicators.state === 'ready' ? indicators.data : [];
  const layerList = layers.state === 'ready' ? layers.data : [];
  const meta = indicatorList.find((i) => i.key === indicator);
  useEffect(() => {
    if (!indicator && indicatorList.length > 0) setIndicator(indicatorList[0].key);
  }, [indicator, indicatorList]);
  useEffect(() => {
    if (chosen.length === 0 && layerList.length > 0) setChosen([layerRoles(layerList).base?.key ?? layerList[0].key]);
  }, [chosen.length, layerList]);
  useEffect(() => {
    if (!chosen.includes(viewLayer) && chosen.length > 0) setViewLayer(chosen[0]);
  }, [chosen, viewLayer]);

  const periodArg = period === ALL ? undefined : period;
  const previewKey = indicator && chosen.length > 0 ? `publications|preview|${indicator}|${chosen.join(',')}|${period}` : null;
  const previews = useApi(previewKey, (signal) => Promise.all(chosen.map((l) => previewPublication(indicator, l, periodArg, signal))));
  const ready = previews.state === 'ready' ? previews.data : [];
  const view: PublicationPreview | undefined = ready.find((p) => p.layer === viewLayer);
  const viewPeriods = useMemo(() => [...new Set(view?.rows.map((r) => r.period) ?? [])].sort(), [view]);
  useEffect(() => {
    if (viewPeriods.length > 0 && !viewPeriods.includes(viewPeriod)) setViewPeriod(viewPeriods[viewPeriods.length - 1]);
  }, [viewPeriods, viewPeriod]);
  const viewKind = layerList.find((l) => l.key === viewLayer)?.kind;
  const areas = useApi(viewLayer && viewKind === 'geometry' ? `areas|${viewLayer}|20` : null, (signal) => getAreas(viewLayer, signal));
  const viewRows = view?.rows.filter((r) => r.period === viewPeriod) ?? [];
  const fills = useMemo(() => new Map(viewRows.map((r) => [r.areaCode, PREVIEW_FILLS[cellOf(r)]])), [viewRows]);
  const hiddenRows = (view?.rows ?? []).filter((r) => r.suppressed);

  const toggleLayer = (key: string, on: boolean) => setChosen((c) => (on ? [...c, key] : c.filter((k) => k !== key)));
  const name = (key: string) => { const l = layerList.find((x) => x.key === key); return l ? pick(l.name, l.nameEn) : key; };

  const doPublish = async () => {
    setBusy(true); setError(null); setMessage(null);
    try {
      await publish(indicator, chosen, periodArg);
      setMessage({ key: 'pub.published', params: { indicator, count: chosen.length } });
      void invalidate('publications');
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const doWithdraw = async (pubId: number, label: string) => {
    if (!window.confirm(dt('pub.withdrawConfirm', { what: label }))) return;
    setBusy(true); setError(null); setMessage(null);
    try {
      await withdraw(pubId);
      setMessage({ key: 'pub.withdrawn', params: { what: label } });
      void invalidate('publications');
    } catch (err) { setError(err); } finally { setBusy(false); }
  };

  const n = (v: number) => v.toLocaleString(locale);
  const shownPublications = (all: Publication[]) => (onlyThis ? all.filter((p) => p.indicator === indicator) : all);
  return (
    <>
      <h2>{dt('pub.title')}</h2>
      <p className="dd-lead">{dt('pub.lead')}</p>
      <fieldset className="dd-fieldset">
        <legend>{dt('pub.choose')}</legend>
        <div className="dd-grid">
          <div className="dd-field">
            <label htmlFor={`${id}-ind`}>{dt('pub.indicator')}</label>
            <select id={`${id}-ind`} value={indicator} onChange={(e) => { setIndicator(e.target.value); setPeriod(ALL); }}>
              {indicatorList.map((i) => <option key={i.key} value={i.key}>{pick(i.name, i.nameEn)} ({i.key})</option>)}
            </select>
          </div>
          <fieldset className="dd-field dd-checks">
            <legend>{dt('pub.layers')}</legend>
            {layerList.map((l) => (
              <label key={l.key}><input type="checkbox" checked={chosen.includes(l.key)} onChange={(e) => toggleLayer(l.key, e.target.checked)} /> {pick(l.name, l.nameEn)}</label>
            ))}
          </fieldset>
          <div className="dd-field">
            <label htmlFor={`${id}-period`}>{dt('pub.period')}</label>
            <select id={`${id}-period`} value={period} onChange={(e) => setPeriod(e.target.value)}>
              <option value={ALL}>{dt('pub.allPeriods')}</option>
              {(meta?.periods ?? []).map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </div>
        </div>
      </fieldset>

      <section className="dd-section" aria-labelledby={`${id}-preview`} aria-busy={previews.state === 'loading'}>
        <h3 id={`${id}-preview`}>{dt('pub.preview')}</h3>
        {previews.state === 'loading' && previewKey && <p>{dt('pub.computing')}</p>}
        {previews.state === 'error' && <ErrorMessage error={previews.error} />}
        {ready.length > 0 && (
          <table className="dd-table dd-preview-counts">
            <caption>{dt('pub.countsCaption')}</caption>
            <thead><tr><th scope="col">{dt('pub.layer')}</th><th scope="col">{dt('pub.cells')}</th><th scope="col">{dt('pub.shown')}</th><th scope="col">{dt('pub.primary')}</th><th scope="col">{dt('pub.secondary')}</th><th scope="col">{dt('pub.withheld')}</th><th scope="col">{dt('pub.missing')}</th><th scope="col">{dt('pub.state')}</th></tr></thead>
            <tbody>
              {ready.map((p) => (
                <tr key={p.layer}>
                  <th scope="row">{name(p.layer)}</th>
                  <td className="num">{n(p.counts.cells)}</td><td className="num">{n(p.counts.shown)}</td>
                  <td className="num">{n(p.counts.primary)}</td><td className="num">{n(p.counts.secondary)}</td><td className="num">{n(p.counts.withheld)}</td><td className="num">{n(p.counts.missing)}</td>
                  <td>{p.alreadyPublished ? dt('pub.isPublished') : dt('pub.notPublished')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {view && (
          <>
            <div className="dd-grid">
              <div className="dd-field">
                <label htmlFor={`${id}-vl`}>{dt('pub.viewLayer')}</label>
                <select id={`${id}-vl`} value={viewLayer} onChange={(e) => setViewLayer(e.target.value)}>{chosen.map((l) => <option key={l} value={l}>{name(l)}</option>)}</select>
              </div>
              <div className="dd-field">
                <label htmlFor={`${id}-vp`}>{dt('pub.viewPeriod')}</label>
                <select id={`${id}-vp`} value={viewPeriod} onChange={(e) => setViewPeriod(e.target.value)}>{viewPeriods.map((p) => <option key={p} value={p}>{p}</option>)}</select>
              </div>
            </div>
            <ul className="dd-legend" aria-label={dt('pub.legend')}>
              {(Object.keys(PREVIEW_FILLS) as Cell[]).map((c) => (
                <li key={c}><span className="dd-swatch" style={{ background: PREVIEW_FILLS[c] }} aria-hidden="true" /> {dt(`pub.cell.${c}`)}: {n(viewRows.filter((r) => cellOf(r) === c).length)}</li>
              ))}
            </ul>
            {viewKind === 'geometry' && (
              <div className="dd-map">
                <AreaMap
                  areas={areas.state === 'ready' ? areas.data : null}
                  fills={fills}
                  drawKey={`${indicator}|${viewLayer}|${viewPeriod}|${previews.state === 'ready' ? previews.updatedAt : 0}`}
                  label={dt('pub.mapLabel', { layer: name(viewLayer), period: viewPeriod })}
                  areaTooltip={(code) => { const r = viewRows.find((x) => x.areaCode === code); return r ? `${r.areaName}: ${r.suppressed ? `. (${dt(`pub.cell.${cellOf(r)}`)})` : r.display || '–'}` : code; }}
                />
              </div>
            )}
            <h4>{dt('pub.hiddenTitle', { count: hiddenRows.length })}</h4>
            {hiddenRows.length === 0 ? <p>{dt('pub.noneHidden')}</p> : (
              <div className="dd-scroll" tabIndex={0} role="region" aria-label={dt('pub.hiddenTitle', { count: hiddenRows.length })}>
                <table className="dd-table dd-hidden-cells">
                  <thead><tr><th scope="col">{dt('pub.area')}</th><th scope="col">{dt('pub.code')}</th><th scope="col">{dt('pub.periodCol')}</th><th scope="col">{dt('pub.reason')}</th></tr></thead>
                  <tbody>
                    {hiddenRows.map((r) => (
                      <tr key={`${r.areaCode}|${r.period}`} data-code={r.areaCode}><td>{r.areaName}</td><td>{r.areaCode}</td><td>{r.period}</td><td>{dt(`pub.cell.${cellOf(r)}`)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
        {ready.length > 0 && <OtherChanges previews={ready} layerName={name} />}
        <div className="dd-actions">
          <button type="button" className="dd-button primary" disabled={busy || !indicator || chosen.length === 0 || previews.state !== 'ready'} onClick={() => void doPublish()}>
            {dt('pub.publish', { count: chosen.length })}
          </button>
        </div>
        {message && <p role="status" className="dd-ok">{dt(message.key, message.params)}</p>}
        {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
      </section>

      <section className="dd-section" aria-labelledby={`${id}-list`}>
        <h3 id={`${id}-list`}>{dt('pub.current')}</h3>
        <p className="dd-check-line">
          <input id={`${id}-only`} type="checkbox" checked={onlyThis} onChange={(e) => setOnlyThis(e.target.checked)} />{' '}
          <label htmlFor={`${id}-only`}>{dt('pub.onlyThis', { indicator })}</label>
        </p>
        {publications.state === 'error' && <ErrorMessage error={publications.error} />}
        {publications.state === 'ready' && (shownPublications(publications.data).length === 0 ? <p>{dt('pub.none')}</p> : (
          <div className="dd-scroll dd-tall" tabIndex={0} role="region" aria-label={dt('pub.current')}>
            <table className="dd-table dd-publications">
              <thead><tr><th scope="col">{dt('pub.indicator')}</th><th scope="col">{dt('pub.layer')}</th><th scope="col">{dt('pub.periodCol')}</th><th scope="col">{dt('pub.by')}</th><th scope="col">{dt('pub.at')}</th><th scope="col">{dt('pub.rule')}</th><th scope="col"><span className="visually-hidden">{dt('pub.actions')}</span></th></tr></thead>
              <tbody>
                {shownPublications(publications.data).map((p) => {
                  const label = `${p.indicator} / ${name(p.layer)} / ${p.period === ALL ? dt('pub.allPeriods') : p.period}`;
                  return (
                    <tr key={p.id} className={p.indicator === indicator ? 'dd-highlight' : undefined}>
                      <td><code>{p.indicator}</code></td><td>{name(p.layer)}</td><td>{p.period === ALL ? dt('pub.allPeriods') : p.period}</td>
                      <td>{p.publishedBy}</td><td>{new Date(p.publishedAt).toLocaleString(locale)}</td><td>{p.ruleVersion}</td>
                      <td><button type="button" className="dd-button" disabled={busy} aria-label={dt('pub.withdrawLabel', { what: label })} onClick={() => void doWithdraw(p.id, label)}>{dt('pub.withdraw')}</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
      </section>
    </>
  );
}

/** Cells of already published tables whose display the new publication would change. */
function OtherChanges({ previews, layerName }: { previews: PublicationPreview[]; layerName: (key: string) => string }) {
  const { dt } = useDeskText();
  // Every chosen layer reports the same related table; the union keeps each cell once.
  const seen = new Map<string, PublicationPreview['otherChanges'][number]>();
  for (const p of previews) for (const c of p.otherChanges) seen.set(`${c.indicator}|${c.layer}|${c.areaCode}|${c.period}`, c);
  const changes = [...seen.values()];
  if (changes.length === 0) return <p className="dd-others">{dt('pub.othersNone')}</p>;
  return (
    <div className="dd-others">
      <h4>{dt('pub.othersTitle', { hidden: changes.filter((c) => c.change === 'hidden').length, shown: changes.filter((c) => c.change === 'shown').length })}</h4>
      <p className="field-hint">{dt('pub.othersHint')}</p>
      <div className="dd-scroll" tabIndex={0} role="region" aria-label={dt('pub.othersLabel')}>
        <table className="dd-table dd-other-changes">
          <thead><tr><th scope="col">{dt('pub.indicator')}</th><th scope="col">{dt('pub.layer')}</th><th scope="col">{dt('pub.code')}</th><th scope="col">{dt('pub.periodCol')}</th><th scope="col">{dt('pub.change')}</th></tr></thead>
          <tbody>
            {changes.map((c) => (
              <tr key={`${c.indicator}|${c.layer}|${c.areaCode}|${c.period}`}>
                <td><code>{c.indicator}</code></td><td>{layerName(c.layer)}</td><td>{c.areaCode}</td><td>{c.period}</td>
                <td>{dt(c.change === 'hidden' ? 'pub.changeHidden' : 'pub.changeShown')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
