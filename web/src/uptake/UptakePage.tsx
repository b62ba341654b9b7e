import { useState } from 'react';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { getAreas, getLayers } from '../areas/api.ts';
import { useSession } from '../auth/session.ts';
import { ChoroplethMap, type AreaFill } from '../atlas/ChoroplethMap.tsx';
import { getRates, getService, listServices, type RatesReport } from './api.ts';
import { RatesTable, UnderServedList } from './RatesTable.tsx';
import { ImportForm } from './ImportForm.tsx';
import { useUptakeText } from './text.ts';
import './uptake.css';
import { layerRoles } from '../areas/roles.ts';

// "#/inanspruchnahme": per service a map of the uptake rate or of the standardised ratio, the table
// with intervals, the under-served areas and the import form. Internal: needs data:read.

type View = 'rate' | 'ratio';

// Sequential blues for the rate (quintile-free equal steps over the observed range); a diverging
// orange–blue scheme around 1 for the ratio. Colours from ColorBrewer (Blues 5, PuOr 5).
const BLUES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
const DIVERGING = ['#e66101', '#fdb863', '#f7f7f7', '#b2abd2', '#5e3c99'];
const RATIO_BREAKS = [0.8, 0.95, 1.05, 1.25];

export function fillsFor(report: RatesReport, view: View): { fills: Map<string, AreaFill>; legend: { colour: string; label: string }[] } {
  const fills = new Map<string, AreaFill>();
  if (view === 'ratio') {
    for (const a of report.areas) {
      const r = a.ratio?.ratio;
      if (r === null || r === undefined) fills.set(a.code, { fill: '#ffffff', status: 'missing' });
      else fills.set(a.code, { fill: DIVERGING[RATIO_BREAKS.filter((b) => r >= b).length], status: 'value' });
    }
    const labels = ['< 0,80', '0,80–0,95', '0,95–1,05', '1,05–1,25', '≥ 1,25'];
    return { fills, legend: DIVERGING.map((colour, i) => ({ colour, label: labels[i] })) };
  }
  const rates = report.areas.map((a) => a.rate).filter((r): r is number => r !== null);
  const max = Math.max(0, ...rates);
  const step = max / BLUES.length || 1;
  for (const a of report.areas) {
    if (a.rate === null) fills.set(a.code, { fill: '#ffffff', status: 'missing' });
    else fills.set(a.code, { fill: BLUES[Math.min(BLUES.length - 1, Math.floor(a.rate / step))], status: 'value' });
  }
  const pct = (x: number) => (x * 100).toFixed(1).replace('.', ',');
  return { fills, legend: BLUES.map((colour, i) => ({ colour, label: `${pct(i * step)}–${pct((i + 1) * step)} %` })) };
}

export function UptakePage() {
  const { tu, num, lang } = useUptakeText();
  const session = useSession();
  const allowed = session.can('data:read');
  const services = useApi(allowed ? 'uptake|services' : null, listServices);
  const [chosen, setChosen] = useState<string | null>(null);
  const [view, setView] = useState<View>('rate');
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [layerChoice, setLayerChoice] = useState<string | undefined>(undefined);
  const layers = useApi(allowed ? 'layers' : null, getLayers);
  const [selected, setSelected] = useState<string[]>([]);
  const key = chosen ?? (services.state === 'ready' ? services.data[0]?.key ?? null : null);
  const detail = useApi(key ? `uptake|service|${key}` : null, (signal) => getService(key!, signal));
  const rates = useApi(key ? `uptake|rates|${key}|${layerChoice ?? ''}|${period ?? ''}` : null, (signal) => getRates(key!, { layer: layerChoice, period }, signal));
  const layer = rates.state === 'ready' ? rates.data.layer : null;
  const areas = useApi(layer ? `areas|${layer}` : null, (signal) => getAreas(layer!, signal));

  if (session.status === 'unknown') return <p>{tu('loading')}</p>;
  if (!allowed) return <section className="uptake"><h2>{tu('title')}</h2><p role="note">{tu('signin')}</p></section>;

  const shown = rates.state === 'ready' ? fillsFor(rates.data, view) : null;
  const serviceName = (s: { name: string; nameEn: string }) => (lang === 'de' ? s.name : s.nameEn);
  return (
    <section className="uptake" aria-labelledby="uptake-title">
      <h2 id="uptake-title">{tu('title')}</h2>
      <p className="uptake-intro">{tu('intro')}</p>
      {services.state === 'error' && <ErrorMessage error={services.error} />}
      {services.state === 'ready' && services.data.length === 0 && <p role="note">{tu('none')}</p>}
      {services.state === 'ready' && services.data.length > 0 && (
        <form className="controls" onSubmit={(e) => e.preventDefault()}>
          <label>
            {tu('service')}
            <select value={key ?? ''} onChange={(e) => { setChosen(e.target.value); setPeriod(undefined); setLayerChoice(undefined); }}>
              {services.data.map((s) => <option key={s.key} value={s.key}>{serviceName(s)}</option>)}
            </select>
          </label>
          {layers.state === 'ready' && (
            <label>
              {tu('layer')}
              <select value={layerChoice ?? layer ?? ''} onChange={(e) => setLayerChoice(e.target.value)}>
                {layers.data.map((l) => <option key={l.key} value={l.key}>{lang === 'de' ? l.name : (l.nameEn ?? l.name)}</option>)}
              </select>
            </label>
          )}
          {rates.state === 'ready' && (
            <label>
              {tu('period')}
              <select value={rates.data.period} onChange={(e) => setPeriod(e.target.value)}>
                {rates.data.periods.map((p) => <option key={p} value={p}>{p}</option>)}
              </select>
            </label>
          )}
          <fieldset className="uptake-view">
            <legend>{tu('view')}</legend>
            {(['rate', 'ratio'] as const).map((v) => (
              <label key={v}><input type="radio" name="uptake-view" value={v} checked={view === v} onChange={() => setView(v)} /> {tu(`view.${v}`)}</label>
            ))}
          </fieldset>
        </form>
      )}
      {rates.state === 'error' && <p role="note">{tu('nodata')}</p>}
      {rates.state === 'ready' && shown && (
        <>
          <p className="uptake-city">
            {tu('city', { rate: num((rates.data.city.rate ?? 0) * 100), participants: rates.data.city.participants, population: num(rates.data.city.population, 0), ratio: num(rates.data.city.ratio?.ratio ?? null, 2) })}
          </p>
          <div className="uptake-map">
            <ChoroplethMap
              areas={areas.state === 'ready' ? areas.data : null}
              fills={shown.fills}
              drawKey={`${key}|${rates.data.period}|${view}`}
              selected={selected}
              onSelect={(code) => setSelected([code])}
              renderTooltip={(code) => {
                const a = rates.data.areas.find((x) => x.code === code);
                if (!a) return code;
                return <span>{a.name}: {view === 'rate' ? `${num((a.rate ?? 0) * 100)} %` : num(a.ratio?.ratio ?? null, 2)}</span>;
              }}
              label={tu('map.label', { what: tu(`view.${view}`), period: rates.data.period })}
            />
            <ul className="uptake-legend" aria-label={tu(`view.${view}`)}>
              {shown.legend.map((l) => <li key={l.label}><span className="swatch" style={{ background: l.colour }} aria-hidden="true" /> {l.label}</li>)}
            </ul>
          </div>
          <UnderServedList report={rates.data} />
          <RatesTable report={rates.data} selected={selected} />
        </>
      )}
      {/* uptake:write is held by exactly the roles with registry:write (admin, analyst, planner) */}
      {key && session.can('registry:write') && (
        <ImportForm serviceKey={key} defaultLayer={layer ?? (detail.state === 'ready' ? detail.data.imports[0]?.layer : undefined) ?? (layers.state === 'ready' ? layerRoles(layers.data).base?.key : undefined) ?? ''} onImported={() => void invalidate('uptake', 'obs', 'indicators')} />
      )}
    </section>
  );
}
