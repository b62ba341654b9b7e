import { useState } from 'react';
import { useI18n } from '../shared/i18n.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { errorText } from '../shared/api.ts';
import { getAreas, type Layer } from '../areas/api.ts';
import { deleteSelection, getSelections, saveSelection, type NamedSelection } from '../reports/api.ts';
import { useSession } from '../auth/session.ts';
import type { AreaRow } from './model.ts';

interface Props {
  layer: Layer;
  parentLayer: Layer | undefined;
  rows: AreaRow[];
  selected: string[];
  setSelected: (codes: string[]) => void;
  publicMode: boolean;
}

/**
 * Keyboard ways to select: a list of every area, groups by parent area (e.g. all Ortsteile of a
 * Stadtbezirk), and named selections saved by signed-in users.
 */
export function SelectionTools({ layer, parentLayer, rows, selected, setSelected, publicMode }: Props) {
  const { t, pick, locale, lang } = useI18n();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  // One session for the whole page (auth/session.ts), not a second request of its own.
  const session = useSession();
  const signedIn = !publicMode && session.status === 'signed-in';
  const saved = useApi(signedIn ? 'selections' : null, (signal) => getSelections(signal));
  // Names of the parent areas, from a coarse outline request (small and cached by the browser).
  const parents = useApi(parentLayer ? `areas|${parentLayer.key}|200` : null, (signal) => getAreas(parentLayer!.key, signal, 200));
  const parentNames = new Map(parents.state === 'ready' ? parents.data.features.map((f) => [f.properties.code, f.properties.name]) : []);
  const groups = [...new Set(rows.map((r) => r.parentCode).filter((c): c is string => c !== null))]
    .map((code) => ({ code, name: parentNames.get(code) ?? code, members: rows.filter((r) => r.parentCode === code).map((r) => r.code) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const sortedRows = [...rows].sort((a, b) => a.name.localeCompare(b.name, locale));
  const mine = saved.state === 'ready' ? saved.data.filter((s) => s.layer === layer.key) : [];

  const save = async () => {
    if (!signedIn || !name.trim() || selected.length === 0) return;
    try {
      await saveSelection({ name: name.trim(), layer: layer.key, codes: selected });
      setName('');
      setMessage(null);
      void invalidate('selections');
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };
  const remove = async (s: NamedSelection) => {
    if (!signedIn) return;
    try {
      await deleteSelection(s.id);
      void invalidate('selections');
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  return (
    <div className="selection-tools">
      <div className="field">
        <label htmlFor="ctl-area">{t('controls.area')}</label>
        <select
          id="ctl-area"
          value={selected.length === 1 ? selected[0] : ''}
          onChange={(e) => setSelected(e.target.value ? [e.target.value] : [])}
        >
          <option value="">{t('controls.areaNone')}</option>
          {sortedRows.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
        </select>
      </div>
      {groups.length > 1 && parentLayer && (
        <div className="field">
          <label htmlFor="ctl-group">{t('selection.group')} ({pick(parentLayer.name, parentLayer.nameEn)})</label>
          <select id="ctl-group" value="" onChange={(e) => { const g = groups.find((x) => x.code === e.target.value); if (g) setSelected(g.members); }}>
            <option value="">{t('selection.groupNone')}</option>
            {groups.map((g) => <option key={g.code} value={g.code}>{g.name} ({g.members.length})</option>)}
          </select>
        </div>
      )}
      {signedIn ? (
        <div className="saved-selections">
          {mine.length > 0 && (
            <>
              <h4>{t('selection.saved')}</h4>
              <ul>
                {mine.map((s) => (
                  <li key={s.id}>
                    <button type="button" className="link-button" onClick={() => setSelected(s.codes)}>{s.name} ({s.codes.length})</button>{' '}
                    <button type="button" className="link-button" aria-label={t('selection.delete', { name: s.name })} onClick={() => void remove(s)}>✕</button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {selected.length > 0 && (
            <form className="save-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
              <label htmlFor="selection-name">{t('selection.name')}</label>
              <input id="selection-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
              <button type="submit" disabled={!name.trim()}>{t('selection.save')}</button>
            </form>
          )}
          {message && <p className="error" role="alert">{message}</p>}
        </div>
      ) : (
        !publicMode && session.status === 'anonymous' && <p className="hint small">{t('selection.signIn')}</p>
      )}
    </div>
  );
}
