import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import { useBaseAreaName } from '../areas/useBaseAreaName.ts';
import { layerRoles } from '../areas/roles.ts';
import { errorText } from '../shared/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatNumber } from '../shared/format.ts';
import { ownOrganisation, useSession } from '../auth/session.ts';
import { getDomains, getFacilities, getServices, getTypes, saveFacility, saveService, type Service } from '../facilities/api.ts';
import { FacilityForm, ServiceForm } from '../facilities/FacilityForms.tsx';
import { attachFacilities, getOrganisation, saveOrganisation } from './api.ts';
import { FocusHeading, OrganisationForm } from './OrganisationsPage.tsx';
import { useOrgText } from './text.ts';
import '../facilities/facilities.css';
import './organisations.css';
import { hashHref } from '../shared/route.ts';

// "#/traeger/{id}": one Träger with its facilities and offers. A provider lands here on its own
// organisation (issue 19 §13) and edits its facilities and offers (registry:own); planners,
// analysts and admins (registry:write) also edit the Träger, attach facilities and detach them.
// The Träger's own record needs data:read; a provider sees its name through its facilities.

const MAX_CANDIDATES = 30;

export function OrganisationPage({ organisationId }: { organisationId: number }) {
  const { to, pick, lang } = useOrgText();
  const session = useSession();
  const id = useId();
  const reader = session.can('data:read');
  const writer = session.can('registry:write');
  const own = ownOrganisation(session.user) === organisationId;
  const [editingOrg, setEditingOrg] = useState(false);
  const [creating, setCreating] = useState(false);
  const [serviceEdit, setServiceEdit] = useState<Service | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const organisation = useApi(reader ? `registry|organisation|${organisationId}` : null, (signal) => getOrganisation(organisationId, signal));
  const facilities = useApi(`registry|facilities|organisation|${organisationId}`, (signal) => getFacilities({ organisation: organisationId }, signal));
  const services = useApi('registry|services|all', (signal) => getServices({}, signal));
  const types = useApi('facility-types', getTypes);
  const domains = useApi('service-domains', getDomains);
  const reload = () => void invalidate('registry');
  const ortsteilName = useBaseAreaName();

  const list = useMemo(() => (facilities.state === 'ready' ? [...facilities.data.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, lang)) : []), [facilities, lang]);
  const facilityIds = useMemo(() => new Set(list.map((f) => f.properties.id)), [list]);
  const offers = useMemo(() => (services.state === 'ready'
    ? services.data.filter((s) => s.organisationId === organisationId || s.facilityIds.some((fid) => facilityIds.has(fid))).sort((a, b) => a.name.localeCompare(b.name, lang))
    : []), [services, organisationId, facilityIds, lang]);

  const name = (organisation.state === 'ready' ? organisation.data.name : null)
    ?? list.find((f) => f.properties.organisation)?.properties.organisation
    ?? offers.find((s) => s.organisationId === organisationId && s.organisation)?.organisation
    ?? to('page.unnamed', { id: organisationId });
  const typeName = (key: string) => { const t = types.state === 'ready' ? types.data.find((x) => x.key === key) : undefined; return t ? pick(t.name, t.nameEn) : key; };
  const domainName = (key: string) => { const d = domains.state === 'ready' ? domains.data.find((x) => x.key === key) : undefined; return d ? pick(d.name, d.nameEn) : key; };
  const facilityName = (fid: number) => list.find((f) => f.properties.id === fid)?.properties.name ?? `#${fid}`;
  const mayCreate = writer || (own && session.can('registry:own'));

  const detach = async (fid: number, fname: string) => {
    if (!window.confirm(to('fac.confirmDetach', { name: fname }))) return;
    setError(null);
    try {
      await attachFacilities(organisationId, { detach: [fid] });
      setMessage(to('attach.detached', { name: fname }));
      reload();
    } catch (err) { setError(err); }
  };

  const org = organisation.state === 'ready' ? organisation.data : null;
  const contact = org && org.contact && typeof org.contact === 'object' ? Object.entries(org.contact as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v !== '') : [];

  return (
    <div className="mod-page org-page org-detail">
      {reader && <p><a href="#/traeger">{to('page.back')}</a></p>}
      <h2>{to('page.title', { name })}</h2>
      <p className="hint">{own ? to('page.ownIntro') : to('page.intro')}</p>
      {organisation.state === 'error' && <ErrorMessage error={organisation.error} />}
      {facilities.state === 'error' && <ErrorMessage error={facilities.error} />}
      {message && <p className="org-notice" role="status">{message}</p>}
      {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}

      {org && (
        <section className="mod-section" aria-labelledby={`${id}-facts`}>
          <h3 id={`${id}-facts`}>{to('page.facts')}</h3>
          {editingOrg ? (
            <OrganisationForm initial={org} onCancel={() => setEditingOrg(false)}
              onSave={async (input) => { await saveOrganisation(organisationId, input); setEditingOrg(false); setMessage(to('page.saved')); reload(); }} />
          ) : (
            <>
              <dl className="org-facts">
                <dt>{to('col.kind')}</dt><dd>{org.kind === 'public' ? to('kind.public') : org.kind === 'free' ? to('kind.free') : (org.kind ?? '–')}</dd>
                <dt>{to('col.legalForm')}</dt><dd>{org.legalForm ?? '–'}</dd>
                <dt>{to('form.url')}</dt><dd>{org.url ? <a href={org.url} rel="noopener noreferrer">{org.url}</a> : '–'}</dd>
                <dt>{to('page.contact')}</dt><dd>{contact.length === 0 ? to('page.noContact') : contact.map(([k, v]) => <span key={k} className="org-contact">{k === 'email' ? <a href={`mailto:${String(v)}`}>{String(v)}</a> : String(v)}</span>)}</dd>
              </dl>
              {writer && <button type="button" className="mod-button" onClick={() => { setEditingOrg(true); setMessage(null); }}>{to('page.edit')}</button>}
            </>
          )}
        </section>
      )}

      <section className="mod-section" aria-labelledby={`${id}-fac`}>
        <h3 id={`${id}-fac`}>{to('fac.title', { count: list.length })}</h3>
        {facilities.state === 'loading' && <p className="status">{to('loading')}</p>}
        {facilities.state === 'ready' && list.length === 0 && <p className="hint">{to('fac.none')}</p>}
        {list.length > 0 && (
          <table className="mod-table facility-table org-cards">
            <thead><tr><th scope="col">{to('col.name')}</th><th scope="col">{to('col.type')}</th><th scope="col">{to('col.ortsteil')}</th><th scope="col" className="num">{to('col.capacity')}</th><th scope="col">{to('col.status')}</th><th scope="col"><span className="visually-hidden">{to('col.actions')}</span></th></tr></thead>
            <tbody>
              {list.map((f) => (
                <tr key={f.properties.id} data-facility={f.properties.id}>
                  <th scope="row"><a href={hashHref(['einrichtungen', f.properties.id])}>{f.properties.name}</a></th>
                  <td data-label={to('col.type')}>{typeName(f.properties.type)}</td>
                  <td data-label={to('col.ortsteil')}>{ortsteilName(f.properties.areas) ?? '–'}</td>
                  <td data-label={to('col.capacity')} className="num">{f.properties.capacity === null ? '–' : formatNumber(f.properties.capacity, lang === 'de' ? 'de-DE' : 'en-GB', 0)}</td>
                  <td data-label={to('col.status')}>{statusText(f.properties.status, lang)}</td>
                  <td className="org-actions">
                    {session.canEditFacility(f.properties.organisationId) && (
                      <a className="mod-button" href={hashHref(['einrichtungen', f.properties.id], { bearbeiten: '1' })} aria-label={to('fac.editOf', { name: f.properties.name })}>{to('fac.edit')}</a>
                    )}
                    {writer && (
                      <button type="button" className="mod-button danger" aria-label={to('fac.detachOf', { name: f.properties.name })} onClick={() => void detach(f.properties.id, f.properties.name)}>{to('fac.detach')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {mayCreate && (creating ? (
          <div className="org-subform">
            <FocusHeading id={`${id}-newfac`}>{to('fac.new')}</FocusHeading>
            <FacilityForm initial={null} types={types.state === 'ready' ? types.data : []} onCancel={() => setCreating(false)}
              onSave={async (input) => { await saveFacility(null, { ...input, organisationId: input.organisationId ?? organisationId }); setCreating(false); reload(); }} />
          </div>
        ) : <p><button type="button" className="mod-button" onClick={() => setCreating(true)}>{to('fac.new')}</button></p>)}
      </section>

      {writer && <AttachFacilities organisationId={organisationId} attachedIds={facilityIds} onAttached={(count) => { setMessage(to('attach.done', { count })); reload(); }} />}

      <section className="mod-section" aria-labelledby={`${id}-svc`}>
        <h3 id={`${id}-svc`}>{to('svc.title', { count: offers.length })}</h3>
        {services.state === 'error' && <ErrorMessage error={services.error} />}
        {services.state === 'ready' && offers.length === 0 && <p className="hint">{to('svc.none')}</p>}
        {offers.length > 0 && (
          <table className="mod-table org-services org-cards">
            <thead><tr><th scope="col">{to('col.name')}</th><th scope="col">{to('col.domain')}</th><th scope="col">{to('col.at')}</th><th scope="col">{to('col.ages')}</th><th scope="col" className="num">{to('col.capacity')}</th><th scope="col">{to('col.status')}</th><th scope="col"><span className="visually-hidden">{to('col.actions')}</span></th></tr></thead>
            <tbody>
              {offers.map((s) => (
                <tr key={s.id} className={serviceEdit?.id === s.id ? 'selected' : undefined}>
                  <th scope="row">{s.name}</th>
                  <td data-label={to('col.domain')}>{domainName(s.domain)}</td>
                  <td data-label={to('col.at')}>{s.facilityIds.filter((fid) => facilityIds.has(fid)).map((fid) => <a key={fid} className="org-at" href={hashHref(['einrichtungen', fid])}>{facilityName(fid)}</a>)}</td>
                  <td data-label={to('col.ages')}>{s.ageMin ?? '–'}–{s.ageMax ?? '–'}</td>
                  <td data-label={to('col.capacity')} className="num">{s.capacity === null ? '–' : `${formatNumber(s.capacity, lang === 'de' ? 'de-DE' : 'en-GB', 0)} ${s.capacityUnit ?? ''}`}</td>
                  <td data-label={to('col.status')}>{statusText(s.status, lang)}</td>
                  <td className="org-actions">
                    {session.canEditFacility(s.organisationId) && (
                      <button type="button" className="mod-button" aria-label={to('svc.editOf', { name: s.name })} aria-expanded={serviceEdit?.id === s.id}
                        onClick={() => { setServiceEdit(serviceEdit?.id === s.id ? null : s); setMessage(null); }}>{to('svc.edit')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {serviceEdit && domains.state === 'ready' && (
          <div className="org-subform">
            <FocusHeading key={serviceEdit.id} id={`${id}-svcedit`}>{to('svc.editTitle', { name: serviceEdit.name })}</FocusHeading>
            <ServiceForm key={serviceEdit.id} initial={serviceEdit} domains={domains.data}
              facilityId={serviceEdit.facilityIds.find((fid) => facilityIds.has(fid)) ?? serviceEdit.facilityIds[0]} facilityOrganisationId={organisationId}
              onCancel={() => setServiceEdit(null)}
              onSave={async (input) => { await saveService(serviceEdit.id, input); setServiceEdit(null); setMessage(to('svc.saved')); reload(); }} />
          </div>
        )}
      </section>
    </div>
  );
}

function statusText(status: string, lang: 'de' | 'en'): string {
  const de: Record<string, string> = { active: 'aktiv', inactive: 'ruhend', closed: 'geschlossen' };
  const en: Record<string, string> = { active: 'active', inactive: 'inactive', closed: 'closed' };
  return (lang === 'de' ? de : en)[status] ?? status;
}

/** Search the registry and attach the chosen facilities to this Träger (POST /api/organisations/{id}/facilities). */
function AttachFacilities({ organisationId, attachedIds, onAttached }: { organisationId: number; attachedIds: Set<number>; onAttached: (count: number) => void }) {
  const { to, lang } = useOrgText();
  const id = useId();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<number[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const all = useApi('registry|facilities|all', (signal) => getFacilities({}, signal));
  const ortsteilName = useBaseAreaName();
  const needle = search.trim().toLowerCase();
  const matches = useMemo(() => {
    if (all.state !== 'ready' || needle.length < 2) return [];
    return all.data.features.filter((f) => !attachedIds.has(f.properties.id) && [f.properties.name, f.properties.address.full ?? '', f.properties.address.street ?? '', ortsteilName(f.properties.areas) ?? '']
      .some((text) => text.toLowerCase().includes(needle)));
  }, [all, needle, attachedIds, ortsteilName]);
  const byId = useMemo(() => new Map(all.state === 'ready' ? all.data.features.map((f) => [f.properties.id, f.properties]) : []), [all]);
  const shown = matches.slice(0, MAX_CANDIDATES);
  const chosenHidden = chosen.filter((c) => !shown.some((f) => f.properties.id === c));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await attachFacilities(organisationId, { attach: chosen });
      setChosen([]);
      setSearch('');
      onAttached(answer.attached);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const row = (fid: number) => {
    const f = byId.get(fid);
    if (!f) return null;
    return (
      <li key={fid}>
        <label className="mod-check">
          <input type="checkbox" checked={chosen.includes(fid)} onChange={(e) => setChosen(e.target.checked ? [...chosen, fid] : chosen.filter((c) => c !== fid))} />
          <span><strong>{f.name}</strong>{f.address.full ? `, ${f.address.full}` : ''}{ortsteilName(f.areas) ? ` (${ortsteilName(f.areas)})` : ''}{' '}
            <span className="muted">{f.organisation ? to('attach.current', { name: f.organisation }) : to('attach.noCurrent')}</span></span>
        </label>
      </li>
    );
  };

  return (
    <section className="mod-section org-attach" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{to('attach.title')}</h3>
      <p className="field-hint" id={`${id}-hint`}>{to('attach.hint')}</p>
      <form onSubmit={submit}>
        <div className="mod-field wide"><label htmlFor={`${id}-s`}>{to('attach.search')}</label>
          <input id={`${id}-s`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} aria-describedby={`${id}-hint ${id}-count`} aria-controls={`${id}-list`} /></div>
        <p className="field-hint" id={`${id}-count`} aria-live="polite">
          {needle.length >= 2 && all.state === 'ready' ? (matches.length === 0 ? to('attach.noResults') : to('attach.results', { shown: shown.length, count: matches.length })) : ''}
        </p>
        <ul className="org-candidates" id={`${id}-list`}>
          {chosenHidden.map(row)}
          {shown.map((f) => row(f.properties.id))}
        </ul>
        {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
        <button type="submit" className="mod-button primary" disabled={busy || chosen.length === 0}>{to('attach.submit', { count: chosen.length })}</button>
      </form>
    </section>
  );
}
