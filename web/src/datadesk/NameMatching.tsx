import { useId } from 'react';
import { useDeskText } from './text.ts';
import type { UnmatchedName } from './api.ts';

// Each name the server could not match, with its nearest candidates: the analyst picks an area
// (a suggestion or any area of the layer) and confirms it, one name at a time. Only confirmed
// choices go into the nameMapping of the next run.

export interface AreaChoice { code: string; name: string }

export interface NameChoice { target: string; confirmed: boolean }

interface Props {
  unmatched: UnmatchedName[];
  areas: AreaChoice[];
  choices: Record<string, NameChoice>;
  onChange: (name: string, choice: NameChoice) => void;
}

export function defaultChoice(u: UnmatchedName): NameChoice {
  return { target: u.suggestions[0]?.code ?? '', confirmed: false };
}

/** A name the server matched only after normalising its spelling: shown for checking too. */
export function normalisedRow(m: { name: string; code: string; layer: string }): UnmatchedName {
  return { name: m.name, lines: [], status: 'normalised', suggestions: [{ code: m.code, name: m.code, layer: m.layer, score: 1 }] };
}

export function NameMatching({ unmatched, areas, choices, onChange }: Props) {
  const { dt, locale } = useDeskText();
  const id = useId();
  const areaName = new Map(areas.map((a) => [a.code, a.name]));
  if (unmatched.length === 0) return null;
  const open = unmatched.filter((u) => !choices[u.name]?.confirmed).length;
  return (
    <div className="dd-names">
      <p>{dt('names.intro')}</p>
      <p role="status">{open === 0 ? dt('names.allConfirmed') : dt('names.open', { count: open })}</p>
      <table className="dd-table">
        <thead>
          <tr><th scope="col">{dt('names.inFile')}</th><th scope="col">{dt('names.found')}</th><th scope="col">{dt('names.lines')}</th><th scope="col">{dt('names.target')}</th><th scope="col">{dt('names.state')}</th></tr>
        </thead>
        <tbody>
          {unmatched.map((u, i) => {
            const choice = choices[u.name] ?? defaultChoice(u);
            const selectId = `${id}-${i}`;
            const suggested = new Set(u.suggestions.map((s) => s.code));
            return (
              <tr key={u.name} className={choice.confirmed ? 'dd-confirmed' : undefined}>
                <th scope="row"><label htmlFor={selectId}>{u.name}</label></th>
                <td>{dt(u.status === 'normalised' ? 'names.how.normalised' : u.status === 'ambiguous' ? 'names.how.ambiguous' : u.status === 'suggested' ? 'names.how.suggested' : 'names.how.unmatched')}</td>
                <td>{u.lines.length > 0 ? u.lines.join(', ') : '–'}</td>
                <td>
                  <select id={selectId} value={choice.target} onChange={(e) => onChange(u.name, { target: e.target.value, confirmed: false })}>
                    <option value="">{dt('names.choose')}</option>
                    {u.suggestions.length > 0 && (
                      <optgroup label={dt('names.suggestions')}>
                        {u.suggestions.map((s) => (
                          <option key={s.code} value={s.code}>{areaName.get(s.code) ?? s.name} ({s.code}, {dt('names.score', { score: Math.round(s.score * 100).toLocaleString(locale) })})</option>
                        ))}
                      </optgroup>
                    )}
                    <optgroup label={dt('names.allAreas')}>
                      {areas.filter((a) => !suggested.has(a.code)).map((a) => <option key={a.code} value={a.code}>{a.name} ({a.code})</option>)}
                    </optgroup>
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="dd-button"
                    aria-pressed={choice.confirmed}
                    disabled={!choice.target}
                    aria-label={choice.confirmed ? dt('names.undoConfirmFor', { name: u.name }) : dt('names.confirmFor', { name: u.name })}
                    onClick={() => onChange(u.name, { ...choice, confirmed: !choice.confirmed })}
                  >
                    {choice.confirmed ? dt('names.confirmed') : dt('names.confirm')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
