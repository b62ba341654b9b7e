import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { getAreas, getLayers } from '../areas/api.ts';
import { getIndicators } from '../indicators/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatNumber } from '../shared/format.ts';
import { useText } from '../auth/text.ts';
import { useSession } from '../auth/session.ts';
import { AreaMap, type DrawReport, type PointProperties } from '../indices/AreaMap.tsx';
import { classColours } from '../indices/definition.ts';
import { getDomains, getFacilities, getServices, getTypes, saveFacility, type AccessReport, type FacilityCollection, type Status, type SupplyReport } from './api.ts';
import { AccessPanel, OffersPanel, SupplyPanel } from './Panels.tsx';
import { FacilityForm } from './FacilityForms.tsx';
import '../indices/indices.css';
import './facilities.css';
import { hashHref, navigate } from '../shared/route.ts';
import { layerRoles } from '../areas/roles.ts';
import { useBaseAreaName } from '../areas/useBaseAreaName.ts';

declare global {
  interface Window {
    /** What the facility map drew (e2e test). */
    __lernortFacilities?: { count: number; areas: number; key: string };
    __lernortFacilitiesReady?: boolean;
  }
}

/** Quintile colours of a value per area (for accessibility and supply results on the map). */
function quintileFills(values: { code: string; value: number | null }[], lowIsBad: boolean): Map<string, string> {
  const ok = values.filter((v) => v.value !== null).map((v) => v.value!).sort((a, b) => a - b);
  const colours = classColours(5);
  const out = new Map<string, string>();
  if (ok.length === 0) return out;
  const at = (q: number) => ok[Math.min(ok.length - 1, Math.floor(q * ok.length))];
  const breaks = [0.2, 0.4, 0.6, 0.8].map(at);
  for (const v of values) {
    if (v.value === null) continue;
    let c = breaks.filter((b) => v.value! >= b).length;
    if (lowIsBad) c = 4 - c;
    out.set(v.code, colours[c]);
  }
  return out;
}

/** `organisation`: only this organisation's facilities (a provider's workspace, `#/einrichtungen?organisation=id`). */
export function FacilitiesPage({ organisation = null }: { organisation?: number | null } = {}) {
  const { tm, pick, locale } = useText();
  const session = useSession();
  const id = useId();
  const types = useApi('facility-types', getTypes);
  const domains = useApi('service-domains', getDomains);
  const layers = useApi('layers', getLayers);
  const indicators = useApi('indicators', getIndicators);
  // A provider's workspace shows all their facilities, of every type.
  const [type, setType] = useState(organisation === null ? 'kita' : '');
  const [domain, setDomain] = useState('');
  const [status, setStatus] = useState<Status | ''>('');
  const [provider, setProvider] = useState('');
  const [age, setAge] = useState('');
  const [areaChoice, setAreaLayer] = useState<string | null>(null);
  const roles = layerRoles(layers.state === 'ready' ? layers.data : []);
  const areaName = useBaseAreaName();
  const areaLayer = areaChoice ?? roles.base?.key ?? '';
  const groupingKey = roles.grouping?.key ?? null;
  const [creating, setCreating] = useState(false);
  const [overlay, setOverlay] = useState<{ kind: 'access' | 'supply'; fills: Map<string, string>; layer: string; title: string } | null>(null);

  const facilities = useApi(`registry|facilities|${type}|${domain}|${status}|${organisation ?? ''}`, (signal) => getFacilities({ type: type || undefined, domain: domain || undefined, status: status || undefined, organisation: organisation ?? undefined }, signal));
  const ageValue = age.trim() === '' ? null : Number(age.replace(',', '.'));
  const services = useApi(ageValue !== null ? 'registry|services|all' : null, (signal) => getServices({}, signal));
  const mapLayer = overlay?.layer ?? areaLayer;
  const areas = useApi(mapLayer ? `areas|${mapLayer}|20` : null, (signal) => getAreas(mapLayer, signal, 20));
  const planningAreas = useApi(groupingKey ? `areas|${groupingKey}|20` : null, (signal) => getAreas(groupingKey!, signal, 20));

  const providers = useMemo(() => {
    if (facilities.state !== 'ready') return [];
    return [...new Set(facilities.data.features.map((f) => f.properties.organisation).filter((o): o is string => Boolean(o)))].sort();
  }, [facilities]);

  const shown: FacilityCollection | null = useMemo(() => {
    if (facilities.state !== 'ready') return null;
    let features = facilities.data.features;
    if (provider) features = features.filter((f) => f.properties.organisation === provider);
    if (ageValue !== null && services.state === 'ready') {
      const ok = new Set(services.data.filter((s) => (s.ageMin ?? 0) <= ageValue && ageValue < (s.ageMax ?? Infinity)).flatMap((s) => s.facilityIds));
      features = features.filter((f) => ok.has(f.properties.id));
    }
    return { type: 'FeatureCollection', features };
  }, [facilities, provider, ageValue, services]);

  const points = useMemo(() => (shown ? { type: 'FeatureCollection' as const, features: shown.features.map((f) => ({ ...f, properties: { id: f.properties.id, name: f.properties.name, colour: f.properties.status === 'active' ? '#0b5cad' : '#767676' } as PointProperties })) } : null), [shown]);
  const drawKey = shown && areas.state === 'ready' ? `fac|${type}|${domain}|${status}|${provider}|${age}|${facilities.state === 'ready' ? facilities.updatedAt : 0}|${mapLayer}|${overlay?.title ?? ''}` : '';
  const onDrawn = useCallback((r: DrawReport) => {
    window.__lernortFacilities = { count: r.points, areas: r.areas, key: r.key };
    window.__lernortFacilitiesReady = true;
  }, []);
  useEffect(() => { window.__lernortFacilitiesReady = false; }, [drawKey]);

  const typeName = (key: string) => { const t = types.state === 'ready' ? types.data.find((x) => x.key === key) : undefined; return t ? pick(t.name, t.nameEn) : key; };
  const domainName = (key: string) => { const d = domains.state === 'ready' ? domains.data.find((x) => x.key === key) : undefined; return d ? pick(d.name, d.nameEn) : key; };
  const subject = domain ? { domain } : { type: type || 'kita' };
  const subjectName = domain ? domainName(domain) : typeName(type || 'kita');
  const onAccess = useCallback((r: AccessReport | null) => {
    setOverlay(r ? { kind: 'access', layer: r.layer, title: r.indicator, fills: quintileFills(r.rows.map((x) => ({ code: x.code, value: x.access })), true) } : null);
  }, []);
  const onSupply = useCallback((r: SupplyReport | null) => {
    setOverlay(r ? { kind: 'supply', layer: r.layer, title: `supply-${r.subject}`, fills: quintileFills(r.rows.map((x) => ({ code: x.code, value: x.perThousand })), true) } : null);
  }, []);
  const list = shown?.features ?? [];
  const anyEditable = list.some((f) => session.canEditFacility(f.properties.organisationId));
  const layerList = layers.state === 'ready' ? layers.data : [];

  return (
    <div className="mod-page facilities-page">
      <h2>{organisation !== null ? tm('fac.ownTitle', { name: list[0]?.properties.organisation ?? `#${organisation}` }) : tm('fac.title')}</h2>
      <p className="hint">{organisation !== null ? tm('fac.ownIntro') : tm('fac.intro')}</p>
      {organisation !== null && <p><a href="#/einrichtungen">{tm('fac.allFacilities')}</a></p>}
      <div className="controls" role="group" aria-label={tm('fac.filters')}>
        <div className="field"><label htmlFor={`${id}-type`}>{tm('fac.type')}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{tm('fac.allTypes')}</option>
            {types.state === 'ready' && types.data.map((t) => <option key={t.key} value={t.key}>{pick(t.name, t.nameEn)}</option>)}
          </select></div>
        <div className="field"><label htmlFor={`${id}-dom`}>{tm('fac.domain')}</label>
          <select id={`${id}-dom`} value={domain} onChange={(e) => setDomain(e.target.value)}>
            <option value="">{tm('fac.allDomains')}</option>
            {domains.state === 'ready' && domains.data.map((d) => <option key={d.key} value={d.key}>{pick(d.name, d.nameEn)}</option>)}
          </select></div>
        <div className="field field-narrow"><label htmlFor={`${id}-age`}>{tm('fac.age')}</label>
          <input id={`${id}-age`} type="text" inputMode="decimal" value={age} onChange={(e) => setAge(e.target.value)} aria-describedby={`${id}-age-h`} /></div>
        <div className="field"><label htmlFor={`${id}-prov`}>{tm('fac.provider')}</label>
          <select id={`${id}-prov`} value={provider} onChange={(e) => setProvider(e.target.value)}>
            <option value="">{tm('fac.allProviders')}</option>
            {providers.map((p) => <option key={p} value={p}>{p}</option>)}
          </select></div>
        <div className="field"><label htmlFor={`${id}-st`}>{tm('fac.status')}</label>
          <select id={`${id}-st`} value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">{tm('fac.allStatus')}</option>
            {(['active', 'inactive', 'closed'] as const).map((s) => <option key={s} value={s}>{tm(`fac.status.${s}`)}</option>)}
          </select></div>
        <div className="field"><label htmlFor={`${id}-al`}>{tm('fac.areaLayer')}</label>
          <select id={`${id}-al`} value={areaLayer} onChange={(e) => { setAreaLayer(e.target.value); setOverlay(null); }}>
            {layerList.filter((l) => l.areaCount > 1).map((l) => <option key={l.key} value={l.key}>{pick(l.name, l.nameEn)}</option>)}
          </select></div>
      </div>
      <p className="field-hint" id={`${id}-age-h`}>{tm('fac.ageHint')}</p>
      {facilities.state === 'error' && <ErrorMessage error={facilities.error} />}

      <div className="mod-two" style={{ marginTop: '0.6rem' }}>
        <div>
          <AreaMap
            areas={areas.state === 'ready' ? areas.data : null}
            fills={overlay?.fills}
            points={points}
            onSelectPoint={(fid) => { navigate(hashHref(['einrichtungen', fid])); }}
            drawKey={drawKey}
            onDrawn={onDrawn}
            label={tm('fac.mapLabel', { count: list.length, subject: type ? typeName(type) : tm('fac.allTypes') })}
            describedBy={`${id}-legend`}
          />
          <div className="legend" id={`${id}-legend`}>
            <ul className="mod-legend">
              <li><span className="dot" style={{ background: '#0b5cad' }} aria-hidden="true" />{tm('fac.legendActive')}</li>
              <li><span className="dot" style={{ background: '#767676' }} aria-hidden="true" />{tm('fac.legendInactive')}</li>
              {overlay && <li>{overlay.kind === 'access' ? tm('fac.legendAccess') : tm('fac.legendSupply')}
                {classColours(5).map((c) => <span key={c} className="swatch" style={{ background: c }} aria-hidden="true" />)}
                <button type="button" className="link-button" onClick={() => setOverlay(null)}>{tm('fac.clearOverlay')}</button></li>}
            </ul>
            <p className="legend-note">{tm('fac.count', { count: list.length, located: list.filter((f) => f.geometry !== null).length })}</p>
          </div>
        </div>
        <div>
          <div className="mod-scroll" style={{ maxHeight: '30rem' }}>
            <table className="mod-table facility-table">
              <caption>{tm('fac.listCaption', { count: list.length })}</caption>
              <thead><tr><th scope="col">{tm('fac.name')}</th><th scope="col">{tm('fac.type')}</th><th scope="col">{tm('fac.ortsteil')}</th><th scope="col">{tm('fac.provider')}</th><th scope="col" className="num">{tm('fac.capacity')}</th>{anyEditable && <th scope="col"><span className="visually-hidden">{tm('fac.actions')}</span></th>}</tr></thead>
              <tbody>
                {list.map((f) => (
                  <tr key={f.properties.id}>
                    <th scope="row"><a href={hashHref(['einrichtungen', f.properties.id])}>{f.properties.name}</a>{f.geometry === null && <span className="badge flip"> {tm('fac.noCoords')}</span>}</th>
                    <td>{typeName(f.properties.type)}</td>
                    <td>{areaName(f.properties.areas) ?? <span className="muted">{tm('fac.outside')}</span>}</td>
                    <td>{f.properties.organisation ?? '–'}</td>
                    <td className="num">{f.properties.capacity === null ? '–' : formatNumber(f.properties.capacity, locale, 0)}</td>
                    {anyEditable && <td>{session.canEditFacility(f.properties.organisationId) && (
                      <a className="mod-button" href={hashHref(['einrichtungen', f.properties.id], { bearbeiten: '1' })} aria-label={tm('fac.editOf', { name: f.properties.name })}>{tm('fac.edit')}</a>
                    )}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="downloads">
            <span className="downloads-title">{tm('fac.export')}</span>
            <ul>
              <li><a href="/api/facilities/export/hsds" download="einrichtungen-hsds.json">{tm('fac.exportHsds')}</a></li>
              <li><a href={`/api/facilities/export/csv?dialect=de${type ? `&type=${type}` : ''}`} download>{tm('fac.exportCsv')}</a></li>
              <li><a href={`/api/facilities/export/csv?dialect=intl${type ? `&type=${type}` : ''}`} download>{tm('fac.exportCsvIntl')}</a></li>
            </ul>
          </div>
          {!session.can('data:read') && <p className="hint small">{tm('fac.exportNeedsSignIn')}</p>}
          {session.can('registry:own') && (creating ? (
            <section className="mod-section">
              <h3>{tm('fac.new')}</h3>
              <FacilityForm initial={null} types={types.state === 'ready' ? types.data : []} onCancel={() => setCreating(false)}
                onSave={async (input) => { const f = await saveFacility(null, input); setCreating(false); void invalidate('registry'); navigate(hashHref(['einrichtungen', f.id])); }} />
            </section>
          ) : <button type="button" className="mod-button" style={{ marginTop: '0.5rem' }} onClick={() => setCreating(true)}>{tm('fac.new')}</button>)}
        </div>
      </div>

      <AccessPanel subject={subject} subjectName={subjectName} layers={layerList} onResult={onAccess} />
      <SupplyPanel subject={subject} subjectName={subjectName} layers={layerList} indicators={indicators.state === 'ready' ? indicators.data : []} onResult={onSupply} />
      <OffersPanel groupingLayer={groupingKey} planningAreas={planningAreas.state === 'ready' ? planningAreas.data.features.map((f) => ({ code: f.properties.code, name: f.properties.name })) : []} domains={domains.state === 'ready' ? domains.data : []} />
    </div>
  );
}
