import { useId, useState } from 'react';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useText } from '../auth/text.ts';
import { compareRuns, getRuns, type Run } from './api.ts';

/** Class transitions between the current run and an earlier one on the same layer. */
export function CompareRuns({ run }: { run: Run }) {
  const { tm } = useText();
  const id = useId();
  const [other, setOther] = useState('');
  const runs = useApi('index-runs', getRuns);
  const comparison = useApi(other && run.id ? `index-runs|compare|${run.id}|${other}` : null, (signal) => compareRuns(Number(other), run.id!, signal));
  const choices = runs.state === 'ready' ? runs.data.filter((r) => r.id !== run.id && r.layer === run.layer) : [];
  const label = (c: number | null, labels: string[] | null | undefined) => (c === null ? tm('idx.notRated') : `${c} ${labels?.[c - 1] ?? ''}`);
  return (
    <section className="mod-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{tm('cmp.title')}</h3>
      <div className="mod-field wide">
        <label htmlFor={`${id}-sel`}>{tm('cmp.other')}</label>
        <select id={`${id}-sel`} value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">{tm('idx.choose')}</option>
          {choices.map((r) => <option key={r.id} value={String(r.id)}>{`#${r.id} ${r.definition.name} v${r.definition.version ?? '?'} · ${r.period} · ${r.createdAt?.slice(0, 16).replace('T', ' ') ?? ''}`}</option>)}
        </select>
      </div>
      {comparison.state === 'error' && <ErrorMessage error={comparison.error} />}
      {comparison.state === 'ready' && (
        <div className="mod-two" style={{ marginTop: '0.5rem' }}>
          <table className="mod-table">
            <caption>{tm('cmp.transitions', { a: comparison.data.a.period, b: comparison.data.b.period })}</caption>
            <thead><tr><th scope="col">{tm('cmp.from', { period: comparison.data.a.period })}</th><th scope="col">{tm('cmp.to', { period: comparison.data.b.period })}</th><th scope="col" className="num">{tm('cmp.count')}</th></tr></thead>
            <tbody>
              {comparison.data.transitions.map((t) => (
                <tr key={`${t.from}|${t.to}`} className={t.from !== t.to ? 'changed' : undefined}>
                  <td>{label(t.from, null)}</td><td>{label(t.to, run.summary.classLabels)}</td><td className="num">{t.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="mod-table">
            <caption>{tm('cmp.changed')}</caption>
            <thead><tr><th scope="col">{tm('idx.area')}</th><th scope="col">{tm('cmp.classes')}</th><th scope="col">{tm('cmp.ranks')}</th></tr></thead>
            <tbody>
              {comparison.data.areas.filter((a) => a.change !== 'same').map((a) => (
                <tr key={a.areaCode}>
                  <th scope="row">{a.areaName}</th>
                  <td>{a.classA ?? '–'} → {a.classB ?? '–'} {a.change === 'up' ? `(${tm('cmp.up')})` : `(${tm('cmp.down')})`}</td>
                  <td>{a.rankA ?? '–'} → {a.rankB ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
