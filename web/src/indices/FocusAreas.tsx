import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../shared/api.ts';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useText } from '../auth/text.ts';
import { useSession } from '../auth/session.ts';
import { SignInNotice } from '../auth/AccountMenu.tsx';
import { designateFocusAreas, getFocusAreas, revokeFocusArea, type FocusArea, type Run } from './api.ts';
import { today } from './definition.ts';

interface Props {
  run: Run | null;
  layer: string;
  picked: ReadonlySet<string>;
  clearPicked: () => void;
  onChanged: () => void;
}

/** Mark focus areas (Schwerpunktgebiete) with reason, validity and decision; list and revoke them. */
export function FocusAreas({ run, layer, picked, clearPicked, onChanged }: Props) {
  const { tm, lang } = useText();
  const session = useSession();
  const id = useId();
  const [showAll, setShowAll] = useState(false);
  const [fromRule, setFromRule] = useState(false);
  const [reason, setReason] = useState('');
  const [validFrom, setValidFrom] = useState(today());
  const [validTo, setValidTo] = useState('');
  const [decisionRef, setDecisionRef] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const list = useApi(session.can('data:read') ? `focus|${layer}|${showAll}` : null, (signal) => getFocusAreas(layer, showAll, signal));
  const ruleCount = run?.results.filter((r) => r.focus).length ?? 0;
  const names = run ? run.results.filter((r) => picked.has(r.areaCode)).map((r) => r.areaName) : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMessage('');
    try {
      const common = { reason: reason.trim(), validFrom, validTo: validTo || undefined, decisionRef: decisionRef.trim() || undefined };
      const rows = fromRule && run?.id
        ? await designateFocusAreas({ runId: run.id, ...common })
        : await designateFocusAreas({ layer, codes: [...picked], ...common });
      setMessage(tm('focus.saved', { count: rows.length }));
      setReason('');
      clearPicked();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  const revoke = async (f: FocusArea) => {
    if (!window.confirm(tm('focus.confirmRevoke', { name: f.areaName }))) return;
    try {
      await revokeFocusArea(f.id);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="mod-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{tm('focus.title')}</h3>
      {!session.can('data:read') ? <SignInNotice need="data:read" /> : (
        <>
          {session.can('data:write') ? (
            <form onSubmit={submit} className="focus-form">
              <fieldset className="field-radio">
                <legend>{tm('focus.which')}</legend>
                <label className="mod-check"><input type="radio" name={`${id}-src`} checked={!fromRule} onChange={() => setFromRule(false)} />{tm('focus.picked', { count: picked.size })}</label>
                <label className="mod-check"><input type="radio" name={`${id}-src`} checked={fromRule} disabled={!run?.id || ruleCount === 0} onChange={() => setFromRule(true)} />{tm('focus.fromRule', { count: ruleCount })}</label>
              </fieldset>
              {!fromRule && <p className="hint small">{names.length ? names.join(', ') : tm('focus.pickHint')}</p>}
              <div className="mod-grid">
                <div className="mod-field wide">
                  <label htmlFor={`${id}-reason`}>{tm('focus.reason')}</label>
                  <input id={`${id}-reason`} required value={reason} onChange={(e) => setReason(e.target.value)} />
                </div>
                <div className="mod-field">
                  <label htmlFor={`${id}-from`}>{tm('focus.validFrom')}</label>
                  <input id={`${id}-from`} type="date" required value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
                </div>
                <div className="mod-field">
                  <label htmlFor={`${id}-to`}>{tm('focus.validTo')}</label>
                  <input id={`${id}-to`} type="date" value={validTo} onChange={(e) => setValidTo(e.target.value)} />
                </div>
                <div className="mod-field">
                  <label htmlFor={`${id}-dec`}>{tm('focus.decisionRef')}</label>
                  <input id={`${id}-dec`} value={decisionRef} placeholder={tm('focus.decisionPlaceholder')} onChange={(e) => setDecisionRef(e.target.value)} />
                </div>
                <button type="submit" className="mod-button primary" disabled={!reason.trim() || (!fromRule && picked.size === 0)}>{tm('focus.mark')}</button>
              </div>
            </form>
          ) : <SignInNotice need="data:write" />}
          {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
          {message && <p className="ok" role="status">{message}</p>}
          <h4>{tm('focus.listTitle')}</h4>
          <label className="mod-check"><input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />{tm('focus.showAll')}</label>
          {list.state === 'error' && <ErrorMessage error={list.error} />}
          {list.state === 'ready' && (list.data.length === 0 ? <p className="hint">{tm('focus.none')}</p> : (
            <table className="mod-table focus-table">
              <thead>
                <tr>
                  <th scope="col">{tm('idx.area')}</th><th scope="col">{tm('focus.reason')}</th><th scope="col">{tm('focus.validity')}</th>
                  <th scope="col">{tm('focus.decisionRef')}</th><th scope="col">{tm('focus.by')}</th><th scope="col"><span className="visually-hidden">{tm('focus.revoke')}</span></th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">{f.areaName}</th>
                    <td>{f.reason}</td>
                    <td>{f.validFrom} – {f.validTo ?? tm('focus.open')}{f.revokedAt && <span className="badge flip"> {tm('focus.revoked')}</span>}</td>
                    <td>{f.decisionRef ?? ''}</td>
                    <td>{f.createdBy}{f.sourceRunId ? ` (${tm('focus.run', { id: f.sourceRunId })})` : ''}</td>
                    <td>{!f.revokedAt && session.can('data:write') && (
                      <button type="button" className="mod-button danger" onClick={() => void revoke(f)} aria-label={tm('focus.revokeOf', { name: f.areaName })}>{tm('focus.revoke')}</button>
                    )}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </>
      )}
    </section>
  );
}
