import type { Indicator } from '../indicators/api.ts';
import { formatNumber } from '../shared/format.ts';
import { useText } from '../auth/text.ts';
import type { Run, RunResult } from './api.ts';
import { NOT_RATED } from './definition.ts';

/** The 5–95 % rank interval as a small bar over the ranks 1..N, the median as a tick. */
function IntervalBar({ r, n }: { r: RunResult; n: number }) {
  if (r.rankP05 === null || r.rankP95 === null || n < 2) return null;
  const x = (rank: number) => 2 + ((rank - 1) / (n - 1)) * 96;
  return (
    <svg className="interval-bar" width="100" height="12" viewBox="0 0 100 12" aria-hidden="true">
      <line x1="2" x2="98" y1="6" y2="6" stroke="#9a9a9a" strokeWidth="1" />
      <rect x={x(r.rankP05)} y="2" width={Math.max(1.5, x(r.rankP95) - x(r.rankP05))} height="8" fill={r.unstable ? '#b35806' : '#0b5cad'} />
      {r.medianRank !== null && <line x1={x(r.medianRank)} x2={x(r.medianRank)} y1="0" y2="12" stroke="#1a1a1a" strokeWidth="2" />}
    </svg>
  );
}

interface Props {
  run: Run;
  colours: string[];
  indicators: Indicator[];
  selected: string | null;
  onSelect: (code: string) => void;
  picked: ReadonlySet<string>;
  onPick: (code: string, on: boolean) => void;
  designated: ReadonlySet<string>;
}

export function ResultTable({ run, colours, indicators, selected, onSelect, picked, onPick, designated }: Props) {
  const { tm, locale, pick } = useText();
  const keys = Object.keys((run.params.indicators as Record<string, unknown> | undefined) ?? run.results[0]?.components ?? {});
  const hasDyn = run.results.some((r) => r.dynamicsClass !== null);
  const hasSens = run.results.some((r) => r.rankP05 !== null);
  const n = run.summary.rated ?? run.results.filter((r) => r.rank !== null).length;
  const rows = [...run.results].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.areaName.localeCompare(b.areaName));
  const num = (v: number | null | undefined, d: number) => (v === null || v === undefined ? '–' : formatNumber(v, locale, d));
  const indName = (key: string) => {
    const ind = indicators.find((i) => i.key === key);
    return ind ? pick(ind.name, ind.nameEn) : key;
  };
  return (
    <div className="mod-scroll">
      <table className="mod-table result-table">
        <caption>
          {tm('idx.tableCaption', { name: run.definition.name, period: run.period })}
          <span className="table-hint"> {tm('idx.tableHint')}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">{tm('idx.pick')}</span></th>
            <th scope="col">{tm('idx.area')}</th>
            <th scope="col" className="num">{tm('idx.rank')}</th>
            <th scope="col" className="num">{tm('idx.score')}</th>
            <th scope="col">{tm('idx.class')}</th>
            {hasDyn && <th scope="col">{tm('idx.dynClass')}</th>}
            <th scope="col">{tm('idx.focusFlag')}</th>
            {hasSens && <th scope="col" className="num">{tm('idx.medianRank')}</th>}
            {hasSens && <th scope="col">{tm('idx.rankInterval')}</th>}
            {hasSens && <th scope="col">{tm('idx.flip')}</th>}
            {keys.map((k) => <th scope="col" className="num raw" key={k}>{indName(k)}</th>)}
            <th scope="col">{tm('idx.excluded')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.areaCode} className={r.areaCode === selected ? 'selected' : undefined} onClick={() => onSelect(r.areaCode)}>
              <td>
                <input type="checkbox" checked={picked.has(r.areaCode)} onClick={(e) => e.stopPropagation()} onChange={(e) => onPick(r.areaCode, e.target.checked)}
                  aria-label={tm('idx.pickArea', { name: r.areaName })} disabled={r.rank === null} />
              </td>
              <th scope="row">
                <button type="button" className="row-button" onClick={(e) => { e.stopPropagation(); onSelect(r.areaCode); }}>{r.areaName}</button>
              </th>
              <td className="num">{r.rank ?? '–'}</td>
              <td className="num">{num(r.score, 2)}</td>
              <td>
                <span className="row-swatch" style={{ background: r.class !== null ? colours[r.class - 1] : NOT_RATED }} aria-hidden="true" />
                {r.class !== null ? `${r.class} ${r.classLabel ?? ''}` : tm('idx.notRated')}
              </td>
              {hasDyn && <td>{r.dynamicsClass !== null ? `${r.dynamicsClass} ${r.dynamicsClassLabel ?? ''}` : '–'}</td>}
              <td>
                {r.focus && <span className="badge focus">{tm('idx.byRule')}</span>}
                {designated.has(r.areaCode) && <span className="badge focus"> {tm('idx.designated')}</span>}
              </td>
              {hasSens && <td className="num">{r.medianRank ?? '–'}</td>}
              {hasSens && (
                <td className="interval-cell">
                  <IntervalBar r={r} n={n} />
                  <span className="interval-text">{r.rankP05 !== null ? `${r.rankP05}–${r.rankP95}` : '–'}</span>
                </td>
              )}
              {hasSens && (
                <td>
                  {r.unstable ? <span className="badge flip">{tm('idx.flipped', { pct: num((r.classFlipRate ?? 0) * 100, 0) })}</span>
                    : r.classFlipRate !== null ? <span className="muted small">{num(r.classFlipRate * 100, 0)} %</span> : '–'}
                </td>
              )}
              {keys.map((k) => <td className="num raw" key={k}>{num(r.components[k]?.value, 1)}</td>)}
              <td className="small">{r.excludedReason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
