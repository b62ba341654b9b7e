import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../shared/api.ts';
import { useText } from '../auth/text.ts';
import { ownOrganisation, useSession } from '../auth/session.ts';
import { useApi } from '../shared/useApi.ts';
import { getOrganisations } from './api.ts';
import type { FacilityInput, FacilityProps, Service, ServiceInput, Status, Taxon } from './api.ts';

const STATUSES: Status[] = ['active', 'inactive', 'closed'];
const optNumber = (s: string): number | null => (s.trim() === '' ? null : Number(s.replace(',', '.')));

function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, field: error instanceof ApiError ? error.field : null };
}

/**
 * The Träger of a record. Providers keep their own organisation (the server refuses any other);
 * planners choose from the registry. Without this field a save would drop the Träger.
 */
function useOrganisationField(initial: number | null | undefined) {
  const session = useSession();
  const { tm } = useText();
  const own = ownOrganisation(session.user);
  const [organisationId, setOrganisationId] = useState<number | null>(initial ?? own);
  const list = useApi(own === null && session.can('data:read') ? 'registry|organisations' : null, getOrganisations);
  const render = (id: string, field: string | null) => {
    if (own !== null) return null; // fixed: the provider's own organisation
    return (
      <div className="mod-field wide"><label htmlFor={id}>{tm('fac.provider')}</label>
        <select id={id} value={organisationId ?? ''} aria-invalid={field === 'organisationId'} onChange={(e) => setOrganisationId(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">{tm('fac.noProvider')}</option>
          {list.state === 'ready' && list.data.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          {list.state === 'ready' && organisationId !== null && !list.data.some((o) => o.id === organisationId) && <option value={organisationId}>#{organisationId}</option>}
        </select></div>
    );
  };
  return { organisationId, render };
}

/** Create or edit a facility (Einrichtung/Standort). */
export function FacilityForm({ initial, types, onSave, onCancel }: { initial: FacilityProps | null; types: Taxon[]; onSave: (input: FacilityInput) => Promise<void>; onCancel?: () => void }) {
  const { tm, lang, pick } = useText();
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [type, setType] = useState(initial?.type ?? types[0]?.key ?? 'kita');
  const [street, setStreet] = useState(initial?.address.full ?? [initial?.address.street, initial?.address.houseNumber].filter(Boolean).join(' '));
  const [postcode, setPostcode] = useState(initial?.address.postcode ?? '');
  const [lat, setLat] = useState(initial?.lat?.toString() ?? '');
  const [lon, setLon] = useState(initial?.lon?.toString() ?? '');
  const [accessibility, setAccessibility] = useState(initial?.accessibility ?? '');
  const [status, setStatus] = useState<Status>(initial?.status ?? 'active');
  const organisation = useOrganisationField(initial?.organisationId);
  const { error, busy, run, field } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => onSave({
      name: name.trim(), type, status, organisationId: organisation.organisationId, accessibility: accessibility.trim() || null,
      address: { ...(initial?.address ?? {}), full: street.trim(), ...(postcode.trim() ? { postcode: postcode.trim() } : {}) },
      lat: optNumber(lat), lon: optNumber(lon),
    }));
  };
  return (
    <form onSubmit={submit} className="mod-grid facility-form">
      <div className="mod-field wide"><label htmlFor={`${id}-n`}>{tm('fac.name')}</label><input id={`${id}-n`} required value={name} onChange={(e) => setName(e.target.value)} aria-invalid={field === 'name'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-t`}>{tm('fac.type')}</label>
        <select id={`${id}-t`} value={type} onChange={(e) => setType(e.target.value)} aria-invalid={field === 'type'}>{types.map((t) => <option key={t.key} value={t.key}>{pick(t.name, t.nameEn)}</option>)}</select></div>
      {organisation.render(`${id}-o`, field)}
      <div className="mod-field wide"><label htmlFor={`${id}-a`}>{tm('fac.address')}</label><input id={`${id}-a`} value={street} onChange={(e) => setStreet(e.target.value)} /></div>
      <div className="mod-field"><label htmlFor={`${id}-p`}>{tm('fac.postcode')}</label><input id={`${id}-p`} value={postcode} onChange={(e) => setPostcode(e.target.value)} /></div>
      <div className="mod-field"><label htmlFor={`${id}-lat`}>{tm('fac.lat')}</label><input id={`${id}-lat`} inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} aria-invalid={field === 'lat'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-lon`}>{tm('fac.lon')}</label><input id={`${id}-lon`} inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} aria-invalid={field === 'lon'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-s`}>{tm('fac.status')}</label>
        <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value as Status)}>{STATUSES.map((s) => <option key={s} value={s}>{tm(`fac.status.${s}`)}</option>)}</select></div>
      <div className="mod-field wide"><label htmlFor={`${id}-acc`}>{tm('fac.accessibilityNotes')}</label><input id={`${id}-acc`} value={accessibility} onChange={(e) => setAccessibility(e.target.value)} /></div>
      <p className="field-hint" style={{ flexBasis: '100%', margin: 0 }}>{tm('fac.coordHint')}</p>
      {error !== null && <p className="error" role="alert" style={{ flexBasis: '100%' }}>{field ? `${field}: ` : ''}{errorText(error, lang)}</p>}
      <button type="submit" className="mod-button primary" disabled={busy}>{tm('fac.save')}</button>
      {onCancel && <button type="button" className="mod-button" onClick={onCancel}>{tm('common.cancel')}</button>}
    </form>
  );
}

/** Create or edit an offer (Angebot) at a facility. */
export function ServiceForm({ initial, domains, facilityId, facilityOrganisationId, onSave, onCancel }: { initial: Service | null; domains: Taxon[]; facilityId: number; facilityOrganisationId: number | null; onSave: (input: ServiceInput) => Promise<void>; onCancel?: () => void }) {
  const { tm, lang, pick } = useText();
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [domain, setDomain] = useState(initial?.domain ?? domains[0]?.key ?? '');
  const [ageMin, setAgeMin] = useState(initial?.ageMin?.toString() ?? '');
  const [ageMax, setAgeMax] = useState(initial?.ageMax?.toString() ?? '');
  const [capacity, setCapacity] = useState(initial?.capacity?.toString() ?? '');
  const [unit, setUnit] = useState(initial?.capacityUnit ?? 'Plätze');
  const [asOf, setAsOf] = useState(initial?.capacityAsOf ?? '');
  const [funding, setFunding] = useState(initial?.fundingSource ?? '');
  const [status, setStatus] = useState<Status>(initial?.status ?? 'active');
  const organisation = useOrganisationField(initial?.organisationId ?? facilityOrganisationId);
  const { error, busy, run, field } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => onSave({
      name: name.trim(), domain, organisationId: organisation.organisationId, description: initial?.description ?? null, ageMin: optNumber(ageMin), ageMax: optNumber(ageMax),
      capacity: optNumber(capacity), capacityUnit: unit.trim() || null, capacityAsOf: asOf || null, fundingSource: funding.trim() || null, status,
      facilityIds: initial ? [...new Set([...initial.facilityIds, facilityId])] : [facilityId],
      serviceAreas: initial?.serviceAreas.map((a) => ({ layer: a.layer, code: a.code })) ?? [],
    }));
  };
  return (
    <form onSubmit={submit} className="mod-grid service-form">
      <div className="mod-field wide"><label htmlFor={`${id}-n`}>{tm('svc.name')}</label><input id={`${id}-n`} required value={name} onChange={(e) => setName(e.target.value)} aria-invalid={field === 'name'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-d`}>{tm('svc.domain')}</label>
        <select id={`${id}-d`} value={domain} onChange={(e) => setDomain(e.target.value)}>{domains.map((d) => <option key={d.key} value={d.key}>{pick(d.name, d.nameEn)}</option>)}</select></div>
      {organisation.render(`${id}-o`, field)}
      <div className="mod-field"><label htmlFor={`${id}-amin`}>{tm('svc.ageMin')}</label><input id={`${id}-amin`} inputMode="decimal" value={ageMin} onChange={(e) => setAgeMin(e.target.value)} aria-invalid={field === 'ageMin'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-amax`}>{tm('svc.ageMax')}</label><input id={`${id}-amax`} inputMode="decimal" value={ageMax} onChange={(e) => setAgeMax(e.target.value)} aria-invalid={field === 'ageMax'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-cap`}>{tm('svc.capacity')}</label><input id={`${id}-cap`} inputMode="decimal" value={capacity} onChange={(e) => setCapacity(e.target.value)} aria-invalid={field === 'capacity'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-u`}>{tm('svc.unit')}</label><input id={`${id}-u`} value={unit} onChange={(e) => setUnit(e.target.value)} /></div>
      <div className="mod-field"><label htmlFor={`${id}-asof`}>{tm('svc.asOf')}</label><input id={`${id}-asof`} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} /></div>
      <div className="mod-field"><label htmlFor={`${id}-f`}>{tm('svc.funding')}</label><input id={`${id}-f`} value={funding} onChange={(e) => setFunding(e.target.value)} /></div>
      <div className="mod-field"><label htmlFor={`${id}-s`}>{tm('fac.status')}</label>
        <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value as Status)}>{STATUSES.map((s) => <option key={s} value={s}>{tm(`fac.status.${s}`)}</option>)}</select></div>
      {error !== null && <p className="error" role="alert" style={{ flexBasis: '100%' }}>{field ? `${field}: ` : ''}{errorText(error, lang)}</p>}
      <button type="submit" className="mod-button primary" disabled={busy}>{tm('svc.save')}</button>
      {onCancel && <button type="button" className="mod-button" onClick={onCancel}>{tm('common.cancel')}</button>}
    </form>
  );
}
