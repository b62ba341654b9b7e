import { useState } from 'react';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { getAreas, getLayers } from '../areas/api.ts';
import { layerRoles } from '../areas/roles.ts';
import { useSession } from '../auth/session.ts';
import { hrefFor } from '../shared/route.ts';
import { ChoroplethMap, type AreaFill } from '../atlas/ChoroplethMap.tsx';
import { getTypology } from './api.ts';
import { useDemographyText } from './text.ts';
import './demography.css';

// "#/demografie/typen": the demographic typology of a layer (newest stored run, else computed now):
// map of the types, their profiles (mean z per indicator), the choice of k and the quality figures.

// Qualitative colours (ColorBrewer Set2, 8 classes): types have no order.
const TYPE_COLOURS = ['#66c2a5', '#fc8d62', '#8da0cb', '#e78ac3', '#a6d854', '#ffd92f', '#e5c494', '#b3b3b3'];

export function TypologyPage() {
  const { td, num, pick } = useDemographyText();
  const session = useSession();
  const allowed = session.can('data:read');
  const layers = useApi(allowed ? 'layers' : null, getLayers);
  const [choice, setChoice] = useState<string | null>(null);
  // The base layer (Ortsteile, Stadtteile, …) by its role, not by its key.
  const defaultLayer = layers.state === 'ready' ? layerRoles(layers.data).base?.key ?? null : null;
  const layer = choice ?? defaultLayer;
  const typ = useApi(layer ? `typology|${layer}` : null, (signal) => getTypology(layer!, signal));
  const areas = useApi(layer ? `areas|${layer}` : null, (signal) => getAreas(layer!, signal));
  const [selected, setSelected] = useState<string[]>([]);

  if (session.status === 'unknown') return <p>{td('loading')}</p>;
  if (!allowed) return <section className="typology"><h2>{td('typ.title')}</h2><p role="note">{td('signin')}</p></section>;
  const r = typ.state === 'ready' ? typ.data.result : null;
  const fills = new Map<string, AreaFill>();
  if (r) for (const a of r.areas) fills.set(a.code, a.cluster === null ? { fill: '#ffffff', status: 'missing' } : { fill: TYPE_COLOURS[a.cluster % TYPE_COLOURS.length], status: 'value' });
  return (
    <section className="typology" aria-labelledby="typ-title" data-testid="typology-page">
      <h2 id="typ-title">{td('typ.title')}</h2>
      <p>{td('typ.intro')}</p>
      {layers.state === 'ready' && (
        <label>{td('typ.layer')}{' '}
          <select value={layer ?? ''} onChange={(e) => setChoice(e.target.value)}>
            {layers.data.filter((l) => l.areaCount > 3).map((l) => <option key={l.key} value={l.key}>{pick({ de: l.name, en: l.nameEn ?? l.name })}</option>)}
          </select>
        </label>
      )}
      {typ.state === 'loading' && layer && <p className="status">{td('loading')}</p>}
      {typ.state === 'error' && <ErrorMessage error={typ.error} />}
      {r && typ.state === 'ready' && (
        <>
          <p data-testid="typology-quality">{td('typ.quality', { k: r.k, sil: num(r.silhouette, 2), n: r.stability.resamples, ari: num(r.stability.meanAri, 2), period: String(r.params.period ?? ''), seed: String(r.params.seed ?? '') })} · {typ.data.stored ? td('typ.stored', { id: typ.data.runId ?? '' }) : td('typ.fresh')}</p>
          <div className="typ-map">
            <div>
              <ChoroplethMap
                areas={areas.state === 'ready' ? areas.data : null}
                fills={fills}
                drawKey={`typology|${layer}|${typ.data.runId ?? 'fresh'}`}
                selected={selected}
                onSelect={(code) => setSelected([code])}
                renderTooltip={(code) => {
                  const a = r.areas.find((x) => x.code === code);
                  return a ? <span>{a.name}: {a.cluster === null ? td('typ.missing') : td('typ.type', { n: a.cluster + 1 })}</span> : code;
                }}
                label={td('typ.map')}
              />
            </div>
            <ul className="typ-legend" aria-label={td('typ.map')}>
              {r.profiles.map((p) => (
                <li key={p.label}><span className="swatch" style={{ background: TYPE_COLOURS[p.label % TYPE_COLOURS.length] }} aria-hidden="true" /><strong>{td('typ.type', { n: p.label + 1 })}</strong> ({td('typ.size', { n: p.size })}): {pick(p)}</li>
              ))}
              {r.excluded.length > 0 && <li><span className="swatch" style={{ background: '#fff' }} aria-hidden="true" />{td('typ.excluded', { names: r.excluded.map((e) => e.name).join(', ') })}</li>}
            </ul>
          </div>
          <table data-testid="typology-profiles">
            <caption>{td('typ.profile')}</caption>
            <thead><tr><th scope="col">{td('typ.type', { n: '' })}</th>{r.indicators.map((i) => <th key={i.key} scope="col" className="num">{pick(i)}</th>)}</tr></thead>
            <tbody>{r.profiles.map((p) => <tr key={p.label}><th scope="row">{td('typ.type', { n: p.label + 1 })}</th>{r.indicators.map((i) => <td key={i.key} className="num">{num(p.meanZ[i.key], 2)}</td>)}</tr>)}</tbody>
          </table>
          <table>
            <caption>{td('typ.kchoice')}</caption>
            <thead><tr><th scope="col">k</th><th scope="col" className="num">Δ Ward</th><th scope="col" className="num">Silhouette</th></tr></thead>
            <tbody>{r.kChoice.map((c) => <tr key={c.k} aria-current={c.k === r.k ? 'true' : undefined}><th scope="row">{c.k}{c.k === r.k ? ' ✓' : ''}</th><td className="num">{num(c.gap, 2)}</td><td className="num">{num(c.silhouette, 2)}</td></tr>)}</tbody>
          </table>
          <ul className="small">{r.areas.filter((a) => selected.includes(a.code)).map((a) => <li key={a.code}><a href={hrefFor('profile', undefined, [layer!, a.code])}>{a.name}</a></li>)}</ul>
        </>
      )}
    </section>
  );
}
