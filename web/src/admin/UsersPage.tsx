import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { getAreas, getLayers } from '../areas/api.ts';
import { getOrganisations, type Organisation } from '../facilities/api.ts';
import { errorText } from '../shared/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useSession } from '../auth/session.ts';
import { ApiError } from '../shared/api.ts';
import { openSignIn, roleKey } from '../auth/AccountMenu.tsx';
import { useText } from '../auth/text.ts';
import { planningLayer } from '../auth/workspace.ts';
import { createUser, getUsers, resetPassword, ROLES, scopeFor, updateUser, type ListedUser, type RoleName } from './api.ts';
import { useAdminText } from './text.ts';
import './admin.css';

// "#/verwaltung/benutzer": the accounts with role, scope (a coordinator's planning areas, a
// provider's organisation) and state; create, change, reset the password, disable or enable.
// Only for the 'admin' permission (the server checks the same on every route).

interface AreaOption { code: string; name: string }

/** A write in progress: its error (with the server's field) and a busy flag. */
function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await action(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const field = error instanceof ApiError ? error.field : null;
  return { error, busy, run, field, clear: () => setError(null) };
}

export function UsersPage() {
  const { ta, lang } = useAdminText();
  const { tm } = useText();
  const session = useSession();
  const admin = session.can('admin');
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const users = useApi(admin ? 'users' : null, getUsers);
  const organisations = useApi(admin ? 'registry|organisations' : null, getOrganisations);
  const layers = useApi(admin ? 'layers' : null, getLayers);
  const layer = layers.state === 'ready' ? planningLayer(null, layers.data) : undefined;
  // Names only: the coarsest outlines keep the answer small.
  const areaFeatures = useApi(layer ? `areas|${layer.key}|200` : null, (signal) => getAreas(layer!.key, signal, 200));
  const areas: AreaOption[] = useMemo(() => (areaFeatures.state === 'ready'
    ? areaFeatures.data.features.map((f) => ({ code: f.properties.code, name: f.properties.name })).sort((a, b) => a.name.localeCompare(b.name, lang))
    : []), [areaFeatures, lang]);
  const orgList = organisations.state === 'ready' ? organisations.data : [];

  if (session.status === 'unknown') return <p className="status">{ta('loading')}</p>;
  if (!admin) {
    return (
      <div className="mod-page admin-page">
        <h2>{ta('title')}</h2>
        <p className="note">{ta('needAdmin')}{' '}
          {session.status !== 'signed-in' && <button type="button" className="link-button" onClick={openSignIn}>{tm('auth.signIn')}</button>}
        </p>
      </div>
    );
  }

  const areaName = (code: string) => areas.find((a) => a.code === code)?.name ?? code;
  const scopeText = (u: ListedUser) => {
    const codes = Array.isArray(u.scope.planningAreas) ? u.scope.planningAreas : [];
    if (codes.length > 0) return ta('scope.areas', { names: codes.map(areaName).join(', ') });
    const id = Number(u.scope.organisationId);
    if (Number.isInteger(id) && id > 0) return ta('scope.organisation', { name: orgList.find((o) => o.id === id)?.name ?? `#${id}` });
    return ta('scope.none');
  };
  const list = users.state === 'ready' ? users.data : [];
  const editedUser = editing ? list.find((u) => u.username === editing) ?? null : null;
  const reload = () => void invalidate('users');

  return (
    <div className="mod-page admin-page">
      <h2>{ta('title')}</h2>
      <p className="hint">{ta('intro')}</p>
      {users.state === 'error' && <ErrorMessage error={users.error} />}
      {notice && <p className="admin-notice" role="status">{notice}</p>}

      <table className="mod-table admin-users">
        <caption>{users.state === 'ready' ? ta('list.caption', { count: list.length }) : ta('loading')}</caption>
        <thead>
          <tr>
            <th scope="col">{ta('col.username')}</th><th scope="col">{ta('col.displayName')}</th><th scope="col">{ta('col.role')}</th>
            <th scope="col">{ta('col.scope')}</th><th scope="col">{ta('col.state')}</th><th scope="col"><span className="visually-hidden">{ta('col.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {list.map((u) => (
            <tr key={u.username} className={u.username === editing ? 'selected' : undefined} data-username={u.username}>
              <th scope="row">{u.username}{u.username === session.user?.username && <span className="muted"> {ta('self')}</span>}</th>
              <td data-label={ta('col.displayName')}>{u.displayName ?? '–'}</td>
              <td data-label={ta('col.role')}>{tm(roleKey(u.role))}</td>
              <td data-label={ta('col.scope')} className="admin-scope">{scopeText(u)}</td>
              <td data-label={ta('col.state')}><span className={`badge ${u.disabled ? 'flip' : 'ok'}`}>{u.disabled ? ta('state.disabled') : ta('state.active')}</span></td>
              <td className="admin-actions">
                <button type="button" className="mod-button" aria-label={ta('editOf', { name: u.username })} aria-expanded={editing === u.username}
                  onClick={() => { setEditing(editing === u.username ? null : u.username); setCreating(false); setNotice(null); }}>{ta('edit')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {editedUser && (
        <EditUser key={`${editedUser.username}|${users.state === 'ready' ? users.updatedAt : 0}`} user={editedUser} self={editedUser.username === session.user?.username}
          areas={areas} layerKey={layer?.key} organisations={orgList} onChanged={reload} onClose={() => { const name = editedUser.username; setEditing(null); focusEditButton(name); }} />
      )}

      {creating ? (
        <CreateUser areas={areas} layerKey={layer?.key} organisations={orgList} onCancel={() => setCreating(false)}
          onCreated={(name) => { setCreating(false); setNotice(ta('create.done', { name })); reload(); }} />
      ) : (
        <p><button type="button" className="mod-button primary" onClick={() => { setCreating(true); setEditing(null); setNotice(null); }}>{ta('create.open')}</button></p>
      )}
      {organisations.state === 'error' && <p className="error" role="alert">{errorText(organisations.error, lang)}</p>}
    </div>
  );
}

/** Back to the row's "Bearbeiten" after closing its panel, so the keyboard does not start over at the top. */
function focusEditButton(username: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`tr[data-username="${CSS.escape(username)}"] .admin-actions button`)?.focus());
}

/** The heading of a panel that just opened takes the focus (keyboard and screen reader users land in it). */
function useFocusOnOpen() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return ref;
}

function RoleSelect({ id, value, onChange, invalid }: { id: string; value: RoleName; onChange: (role: RoleName) => void; invalid: boolean }) {
  const { ta } = useAdminText();
  const { tm } = useText();
  return (
    <div className="mod-field"><label htmlFor={id}>{ta('field.role')}</label>
      <select id={id} value={value} aria-invalid={invalid} onChange={(e) => onChange(e.target.value as RoleName)}>
        {ROLES.map((r) => <option key={r} value={r}>{tm(roleKey(r))}</option>)}
      </select></div>
  );
}

/** The scope the role needs: planning areas (check boxes, in the order chosen) or one organisation. */
function ScopeFields({ id, role, areas, chosen, setChosen, organisationId, setOrganisationId, organisations, field }: {
  id: string; role: RoleName; areas: AreaOption[]; chosen: string[]; setChosen: (codes: string[]) => void;
  organisationId: number | null; setOrganisationId: (id: number | null) => void; organisations: Organisation[]; field: string | null;
}) {
  const { ta } = useAdminText();
  const [filter, setFilter] = useState('');
  if (role === 'coordinator') {
    const needle = filter.trim().toLowerCase();
    const shown = areas.filter((a) => chosen.includes(a.code) || needle === '' || a.name.toLowerCase().includes(needle) || a.code.toLowerCase().includes(needle));
    return (
      <fieldset className="mod-field wide admin-areas" aria-invalid={field === 'scope.planningAreas'} aria-describedby={`${id}-areas-hint`}>
        <legend>{ta('field.areas')}</legend>
        <p className="field-hint" id={`${id}-areas-hint`}>{ta('field.areasHint')}</p>
        {areas.length > 12 && (
          <span className="admin-filter"><label htmlFor={`${id}-filter`}>{ta('field.areaFilter')}</label>
            <input id={`${id}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} /></span>
        )}
        <ul className="admin-checks">
          {shown.map((a) => (
            <li key={a.code}>
              <label className="mod-check">
                <input type="checkbox" name="planningAreas" value={a.code} checked={chosen.includes(a.code)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, a.code] : chosen.filter((c) => c !== a.code))} />
                {a.name}{chosen[0] === a.code && chosen.length > 1 ? ' ★' : ''}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    );
  }
  if (role === 'provider') {
    return (
      <div className="mod-field wide"><label htmlFor={`${id}-org`}>{ta('field.organisation')}</label>
        <select id={`${id}-org`} value={organisationId ?? ''} aria-invalid={field === 'scope.organisationId'} required
          onChange={(e) => setOrganisationId(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">{ta('field.chooseOrganisation')}</option>
          {organisations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
        {organisations.length === 0 && <span className="field-hint">{ta('field.noOrganisations')}</span>}
      </div>
    );
  }
  return null;
}

function CreateUser({ areas, layerKey, organisations, onCancel, onCreated }: {
  areas: AreaOption[]; layerKey: string | undefined; organisations: Organisation[]; onCancel: () => void; onCreated: (username: string) => void;
}) {
  const { ta, lang } = useAdminText();
  const { tm } = useText();
  const id = useId();
  const heading = useFocusOnOpen();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<RoleName>('viewer');
  const [password, setPassword] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [organisationId, setOrganisationId] = useState<number | null>(null);
  const { error, busy, run, field } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const name = username.trim();
      await createUser({ username: name, displayName: displayName.trim() || null, role, password, scope: scopeFor(role, chosen, layerKey, organisationId) });
      onCreated(name);
    });
  };
  return (
    <section className="mod-section admin-panel" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>{ta('create.title')}</h3>
      <form className="mod-grid" onSubmit={submit}>
        <div className="mod-field"><label htmlFor={`${id}-u`}>{ta('field.username')}</label>
          <input id={`${id}-u`} name="username" required minLength={2} maxLength={64} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} aria-invalid={field === 'username'} /></div>
        <div className="mod-field"><label htmlFor={`${id}-d`}>{ta('field.displayName')}</label>
          <input id={`${id}-d`} name="displayName" maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} aria-invalid={field === 'displayName'} /></div>
        <RoleSelect id={`${id}-r`} value={role} onChange={setRole} invalid={field === 'role'} />
        <div className="mod-field"><label htmlFor={`${id}-p`}>{ta('field.password')}</label>
          <input id={`${id}-p`} name="password" type="password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={field === 'password'} aria-describedby={`${id}-p-h`} />
          <span className="field-hint" id={`${id}-p-h`}>{ta('field.passwordHint')}</span></div>
        <ScopeFields id={id} role={role} areas={areas} chosen={chosen} setChosen={setChosen} organisationId={organisationId} setOrganisationId={setOrganisationId} organisations={organisations} field={field} />
        {error !== null && <p className="error admin-wide" role="alert">{errorText(error, lang)}</p>}
        <div className="admin-buttons">
          <button type="submit" className="mod-button primary" disabled={busy}>{ta('create.save')}</button>
          <button type="button" className="mod-button" onClick={onCancel}>{tm('common.cancel')}</button>
        </div>
      </form>
    </section>
  );
}

function EditUser({ user, self, areas, layerKey, organisations, onChanged, onClose }: {
  user: ListedUser; self: boolean; areas: AreaOption[]; layerKey: string | undefined; organisations: Organisation[]; onChanged: () => void; onClose: () => void;
}) {
  const { ta, lang } = useAdminText();
  const id = useId();
  const heading = useFocusOnOpen();
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [role, setRole] = useState<RoleName>((ROLES as readonly string[]).includes(user.role) ? user.role as RoleName : 'viewer');
  const [chosen, setChosen] = useState<string[]>(Array.isArray(user.scope.planningAreas) ? user.scope.planningAreas.map(String) : []);
  const [organisationId, setOrganisationId] = useState<number | null>(Number.isInteger(Number(user.scope.organisationId)) && Number(user.scope.organisationId) > 0 ? Number(user.scope.organisationId) : null);
  const [saved, setSaved] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const [reset, setReset] = useState<{ password: string | null } | null>(null);
  const save = useSubmit();
  const resetting = useSubmit();
  const toggling = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void save.run(async () => {
      const layer = typeof user.scope.layer === 'string' ? user.scope.layer : layerKey;
      await updateUser(user.username, { displayName: displayName.trim() || null, role, scope: scopeFor(role, chosen, layer, organisationId) });
      setSaved(true);
      onChanged();
    });
  };
  const submitReset = (e: FormEvent) => {
    e.preventDefault();
    setReset(null);
    void resetting.run(async () => {
      const answer = await resetPassword(user.username, newPassword === '' ? null : newPassword);
      setNewPassword('');
      setReset({ password: answer.password });
    });
  };
  const toggle = () => {
    if (!user.disabled && !window.confirm(ta('confirmDisable', { name: user.username }))) return;
    void toggling.run(async () => {
      await updateUser(user.username, { disabled: !user.disabled });
      onChanged();
    });
  };

  return (
    <section className="mod-section admin-panel" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>{ta('edit.title', { name: user.username })}</h3>
      {user.disabled && <p className="note">{ta('disabledNote')}</p>}
      <form className="mod-grid" onSubmit={submit}>
        <div className="mod-field"><label htmlFor={`${id}-d`}>{ta('field.displayName')}</label>
          <input id={`${id}-d`} maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} aria-invalid={save.field === 'displayName'} /></div>
        <RoleSelect id={`${id}-r`} value={role} onChange={(r) => { setRole(r); setSaved(false); }} invalid={save.field === 'role'} />
        <ScopeFields id={id} role={role} areas={areas} chosen={chosen} setChosen={setChosen} organisationId={organisationId} setOrganisationId={setOrganisationId} organisations={organisations} field={save.field} />
        {save.error !== null && <p className="error admin-wide" role="alert">{errorText(save.error, lang)}</p>}
        {saved && <p className="admin-wide admin-notice" role="status">{ta('edit.saved')}</p>}
        <div className="admin-buttons">
          <button type="submit" className="mod-button primary" disabled={save.busy}>{ta('edit.save')}</button>
          <button type="button" className="mod-button" onClick={onClose}>{ta('edit.close')}</button>
        </div>
      </form>

      <h4>{ta('reset.title')}</h4>
      <form className="mod-grid" onSubmit={submitReset}>
        <div className="mod-field"><label htmlFor={`${id}-np`}>{ta('reset.field')}</label>
          <input id={`${id}-np`} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)}
            aria-describedby={`${id}-np-h`} aria-invalid={resetting.field === 'password'} /></div>
        <button type="submit" className="mod-button" disabled={resetting.busy}>{ta('reset.save')}</button>
        <p className="field-hint admin-wide" id={`${id}-np-h`}>{ta('reset.hint')}</p>
        {resetting.error !== null && <p className="error admin-wide" role="alert">{errorText(resetting.error, lang)}</p>}
        {reset && (
          <div className="admin-wide admin-notice" role="status">
            <p>{ta('reset.done')}</p>
            {reset.password && <p>{ta('reset.generated')} <code className="admin-password">{reset.password}</code></p>}
          </div>
        )}
      </form>

      <h4>{user.disabled ? ta('enable') : ta('state.title')}</h4>
      <p>
        <button type="button" className={`mod-button${user.disabled ? '' : ' danger'}`} onClick={toggle} disabled={toggling.busy || (self && !user.disabled)}>
          {user.disabled ? ta('enable') : ta('disable')}
        </button>
      </p>
      {toggling.error !== null && <p className="error" role="alert">{errorText(toggling.error, lang)}</p>}
    </section>
  );
}
