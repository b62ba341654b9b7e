import { useMemo, useState } from 'react';
import { getAreas, getLayers } from '../areas/api.ts';
import { errorText } from '../shared/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useText } from '../auth/text.ts';
import { useSession } from '../auth/session.ts';
import { AreaMap } from '../indices/AreaMap.tsx';
import { deleteFacility, deleteService, getDomains, getFacility, getTypes, saveFacility, saveService, type Service } from './api.ts';
import { FacilityForm, ServiceForm } from './FacilityForms.tsx';
import './facilities.css';
import { hashHref, hashQuery, navigate } from '../shared/route.ts';
import { layerRoles } from '../areas/roles.ts';

export function FacilityDetailPage({ facilityId }: { facilityId: number }) {
  const { tm, pick, lang } = useText();
  const session = useSession();
  // "Bearbeiten" in a workspace's list opens the form at once (#/einrichtungen/{id}?bearbeiten=1).
  const [editing, setEditing] = useState(() => hashQuery().has('bearbeiten'));
  const [serviceEdit, setServiceEdit] = useState<Service | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const facility = useApi(`registry|facility|${facilityId}`, (signal) => getFacility(facilityId, signal));
  const types = useApi('facility-types', getTypes);
  const domains = useApi('service-domains', getDomains);
  const layers = useApi('layers', getLayers);
  const base = layers.state === 'ready' ? layerRoles(layers.data).base?.key ?? null : null;
  const areas = useApi(base ? `areas|${base}|20` : null, (signal) => getAreas(base!, signal, 20));
  const f = facility.state === 'ready' ? facility.data : null;
  const points = useMemo(() => (f && f.lon !== null && f.lat !== null
    ? { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [f.lon, f.lat] }, properties: { id: f.id, name: f.name, colour: '#7a0177' } }] }
    : null), [f]);
  const canEdit = f !== null && session.canEditFacility(f.organisationId);
  const typeName = (key: string) => { const t = types.state === 'ready' ? types.data.find((x) => x.key === key) : undefined; return t ? pick(t.name, t.nameEn) : key; };
  const domainName = (key: string) => { const d = domains.state === 'ready' ? domains.data.find((x) => x.key === key) : undefined; return d ? pick(d.name, d.nameEn) : key; };

  if (facility.state === 'error') return <div className="mod-page"><p><a href="#/einrichtungen">{tm('fac.back')}</a></p><ErrorMessage error={facility.error} /></div>;
  if (!f) return <p className="status">{tm('fac.loading')}</p>;
  const address = f.address.full ?? [f.address.street, f.address.houseNumber, f.address.postcode, f.address.city].filter(Boolean).join(' ');

  return (
    <div className="mod-page facility-detail">
      <p><a href="#/einrichtungen">{tm('fac.back')}</a></p>
      <h2>{f.name}</h2>
      <div className="mod-two">
        <div>
          <dl className="facility-facts">
            <dt>{tm('fac.type')}</dt><dd>{typeName(f.type)}</dd>
            <dt>{tm('fac.address')}</dt><dd>{address || '–'}</dd>
            <dt>{tm('fac.provider')}</dt><dd>{f.organisation ?? '–'}</dd>
            <dt>{tm('fac.status')}</dt><dd>{tm(`fac.status.${f.status}`)}</dd>
            <dt>{tm('fac.capacity')}</dt><dd>{f.capacity ?? tm('fac.noCapacity')}</dd>
            <dt>{tm('fac.coords')}</dt><dd>{f.lat !== null && f.lon !== null ? `${f.lat.toFixed(5)}, ${f.lon.toFixed(5)}` : tm('fac.noCoords')}</dd>
            <dt>{tm('fac.accessibilityNotes')}</dt><dd>{f.accessibility ?? '–'}</dd>
            <dt>{tm('fac.areas')}</dt>
            <dd>{Object.keys(f.areas).length === 0 ? tm('fac.outside') : Object.entries(f.areas).map(([layer, code]) => (
              <span key={layer} className="area-link"><a href={hashHref(['gebiet', layer, code])}>{layer}: {code}</a>{' '}</span>
            ))}</dd>
            {f.externalId && <><dt>{tm('fac.externalId')}</dt><dd>{f.externalId}</dd></>}
          </dl>
          {canEdit && !editing && (
            <p>
              <button type="button" className="mod-button" onClick={() => setEditing(true)}>{tm('fac.edit')}</button>{' '}
              <button type="button" className="mod-button danger" onClick={async () => {
                if (!window.confirm(tm('fac.confirmDelete', { name: f.name }))) return;
                try { await deleteFacility(f.id); navigate(hashHref(['einrichtungen'])); } catch (err) { setError(err); }
              }}>{tm('fac.delete')}</button>
            </p>
          )}
          {editing && types.state === 'ready' && (
            <FacilityForm initial={f} types={types.data} onCancel={() => setEditing(false)}
              onSave={async (input) => { await saveFacility(f.id, input); setEditing(false); void invalidate('registry'); }} />
          )}
          {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
        </div>
        <AreaMap areas={areas.state === 'ready' ? areas.data : null} points={points} drawKey={areas.state === 'ready' ? `detail-${f.id}-${facility.state === 'ready' ? facility.updatedAt : 0}` : ''}
          label={tm('fac.detailMap', { name: f.name })} />
      </div>

      <section className="mod-section">
        <h3>{tm('svc.title')}</h3>
        {f.services.length === 0 ? <p className="hint">{tm('svc.none')}</p> : (
          <table className="mod-table">
            <thead><tr><th scope="col">{tm('svc.name')}</th><th scope="col">{tm('svc.domain')}</th><th scope="col">{tm('svc.ages')}</th><th scope="col" className="num">{tm('svc.capacity')}</th><th scope="col">{tm('svc.funding')}</th><th scope="col">{tm('fac.status')}</th>{canEdit && <th scope="col"><span className="visually-hidden">{tm('fac.edit')}</span></th>}</tr></thead>
            <tbody>
              {f.services.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th><td>{domainName(s.domain)}</td><td>{s.ageMin ?? '–'}–{s.ageMax ?? '–'}</td>
                  <td className="num">{s.capacity ?? '–'} {s.capacityUnit ?? ''}{s.capacityAsOf ? ` (${s.capacityAsOf})` : ''}</td>
                  <td>{s.fundingSource ?? '–'}</td><td>{tm(`fac.status.${s.status}`)}</td>
                  {canEdit && <td>
                    <button type="button" className="mod-button" onClick={() => setServiceEdit(s)} aria-label={tm('svc.editOf', { name: s.name })}>{tm('fac.edit')}</button>{' '}
                    <button type="button" className="mod-button danger" aria-label={tm('svc.deleteOf', { name: s.name })} onClick={async () => {
                      if (!window.confirm(tm('fac.confirmDelete', { name: s.name }))) return;
                      try { await deleteService(s.id); void invalidate('registry'); } catch (err) { setError(err); }
                    }}>{tm('fac.delete')}</button>
                  </td>}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canEdit && serviceEdit === null && <button type="button" className="mod-button" style={{ marginTop: '0.4rem' }} onClick={() => setServiceEdit('new')}>{tm('svc.new')}</button>}
        {canEdit && serviceEdit !== null && domains.state === 'ready' && (
          <ServiceForm key={serviceEdit === 'new' ? 'new' : serviceEdit.id} initial={serviceEdit === 'new' ? null : serviceEdit} domains={domains.data} facilityId={f.id} facilityOrganisationId={f.organisationId}
            onCancel={() => setServiceEdit(null)}
            onSave={async (input) => { await saveService(serviceEdit === 'new' ? null : serviceEdit.id, input); setServiceEdit(null); void invalidate('registry'); }} />
        )}
      </section>
    </div>
  );
}
