import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../shared/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useSession } from '../auth/session.ts';
import { openSignIn } from '../auth/AccountMenu.tsx';
import { getFacilities, getOrganisations } from '../facilities/api.ts';
import { saveOrganisation, type Organisation, type OrganisationInput } from './api.ts';
import { useOrgText } from './text.ts';
import './organisations.css';
import { hashHref, navigate } from '../shared/route.ts';

// "#/traeger": the list of Träger with their number of facilities; planners, analysts and admins
// (registry:write) create one here. Each name leads to the organisation's page ("#/traeger/{id}").

export function OrganisationsPage() {
  const { to } = useOrgText();
  const session = useSession();
  const reader = session.can('data:read');
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState('');
  const id = useId();
  const organisations = useApi(reader ? 'registry|organisations' : null, getOrganisations);
  const facilities = useApi(reader ? 'registry|facilities|all' : null, (signal) => getFacilities({}, signal));
  const counts = useMemo(() => {
    const out = new Map<number, number>();
    if (facilities.state === 'ready') for (const f of facilities.data.features) if (f.properties.organisationId !== null) out.set(f.properties.organisationId, (out.get(f.properties.organisationId) ?? 0) + 1);
    return out;
  }, [facilities]);

  if (session.status === 'unknown') return <p className="status">{to('loading')}</p>;
  if (!reader) {
    return (
      <div className="mod-page org-page">
        <h2>{to('list.title')}</h2>
        <p className="note">{to('list.needRead')}{' '}
          {session.status !== 'signed-in' && <button type="button" className="link-button" onClick={openSignIn}>{to('signIn')}</button>}</p>
      </div>
    );
  }
  const needle = filter.trim().toLowerCase();
  const list = organisations.state === 'ready' ? organisations.data.filter((o) => needle === '' || o.name.toLowerCase().includes(needle)) : [];

  return (
    <div className="mod-page org-page">
      <h2>{to('list.title')}</h2>
      <p className="hint">{to('list.intro')}</p>
      {organisations.state === 'error' && <ErrorMessage error={organisations.error} />}
      <div className="org-toolbar">
        <span className="org-filter"><label htmlFor={`${id}-f`}>{to('list.filter')}</label>
          <input id={`${id}-f`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} /></span>
        {session.can('registry:write') && !creating && <button type="button" className="mod-button primary" onClick={() => setCreating(true)}>{to('create.open')}</button>}
      </div>
      {creating && (
        <section className="mod-section" aria-labelledby={`${id}-new`}>
          <FocusHeading id={`${id}-new`}>{to('create.title')}</FocusHeading>
          <OrganisationForm initial={null} onCancel={() => setCreating(false)}
            onSave={async (input) => { const saved = await saveOrganisation(null, input); setCreating(false); void invalidate('registry'); navigate(hashHref(['traeger', saved.id])); }} />
        </section>
      )}
      {organisations.state === 'ready' && organisations.data.length === 0 && <p className="hint">{to('list.empty')}</p>}
      <table className="mod-table org-table org-cards">
        <caption>{organisations.state === 'ready' ? to('list.caption', { count: list.length }) : to('loading')}</caption>
        <thead><tr><th scope="col">{to('col.name')}</th><th scope="col">{to('col.kind')}</th><th scope="col">{to('col.legalForm')}</th><th scope="col" className="num">{to('col.facilities')}</th></tr></thead>
        <tbody>
          {list.map((o) => (
            <tr key={o.id}>
              <th scope="row"><a href={hashHref(['traeger', o.id])}>{o.name}</a></th>
              <td data-label={to('col.kind')}>{o.kind === 'public' ? to('kind.public') : o.kind === 'free' ? to('kind.free') : (o.kind ?? '–')}</td>
              <td data-label={to('col.legalForm')}>{o.legalForm ?? '–'}</td>
              <td data-label={to('col.facilities')} className="num">{facilities.state === 'ready' ? counts.get(o.id) ?? 0 : '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A section heading that takes the focus when its section opens. */
export function FocusHeading({ id, children }: { id: string; children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return <h3 id={id} ref={ref} tabIndex={-1} className="org-focus">{children}</h3>;
}

/** Create or edit a Träger: name, kind, legal form, website, e-mail and phone (other contact entries are kept). */
export function OrganisationForm({ initial, onSave, onCancel }: { initial: Organisation | null; onSave: (input: OrganisationInput) => Promise<void>; onCancel: () => void }) {
  const { to, lang } = useOrgText();
  const id = useId();
  const contact = (initial?.contact && typeof initial.contact === 'object' ? initial.contact : {}) as Record<string, string>;
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<'public' | 'free'>(initial?.kind === 'public' ? 'public' : 'free');
  const [legalForm, setLegalForm] = useState(initial?.legalForm ?? '');
  const [url, setUrl] = useState(initial?.url ?? '');
  const [email, setEmail] = useState(contact.email ?? '');
  const [phone, setPhone] = useState(contact.phone ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field = error instanceof ApiError ? error.field : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const nextContact: Record<string, string> = { ...contact };
    delete nextContact.email;
    delete nextContact.phone;
    if (email.trim()) nextContact.email = email.trim();
    if (phone.trim()) nextContact.phone = phone.trim();
    try {
      await onSave({ name: name.trim(), kind, legalForm: legalForm.trim() || null, url: url.trim() || null, contact: nextContact, externalId: initial?.externalId ?? null });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="mod-grid org-form" onSubmit={submit}>
      <div className="mod-field wide"><label htmlFor={`${id}-n`}>{to('form.name')}</label>
        <input id={`${id}-n`} required maxLength={300} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={field === 'name'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-k`}>{to('form.kind')}</label>
        <select id={`${id}-k`} value={kind} onChange={(e) => setKind(e.target.value as 'public' | 'free')}>
          <option value="free">{to('kind.free')}</option><option value="public">{to('kind.public')}</option>
        </select></div>
      <div className="mod-field"><label htmlFor={`${id}-l`}>{to('form.legalForm')}</label>
        <input id={`${id}-l`} maxLength={100} value={legalForm} onChange={(e) => setLegalForm(e.target.value)} aria-invalid={field === 'legalForm'} /></div>
      <div className="mod-field wide"><label htmlFor={`${id}-u`}>{to('form.url')}</label>
        <input id={`${id}-u`} type="url" maxLength={500} value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={field === 'url'} /></div>
      <div className="mod-field"><label htmlFor={`${id}-e`}>{to('form.email')}</label>
        <input id={`${id}-e`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} /></div>
      <div className="mod-field"><label htmlFor={`${id}-p`}>{to('form.phone')}</label>
        <input id={`${id}-p`} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} /></div>
      {error !== null && <p className="error org-wide" role="alert">{field ? `${field}: ` : ''}{errorText(error, lang)}</p>}
      <div className="org-buttons">
        <button type="submit" className="mod-button primary" disabled={busy}>{to('form.save')}</button>
        <button type="button" className="mod-button" onClick={onCancel}>{to('form.cancel')}</button>
      </div>
    </form>
  );
}
