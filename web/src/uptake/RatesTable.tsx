import type { AreaRate, RatesReport } from './api.ts';
import { useUptakeText } from './text.ts';

// The rates with their intervals drawn as bars on one common scale, the city as a vertical line;
// and the list of under-served areas with the reason in words.

const WIDTH = 160;

function IntervalBar({ a, max, city }: { a: AreaRate; max: number; city: number | null }) {
  if (a.rate === null || !a.interval || max <= 0) return null;
  const x = (v: number) => Math.max(0, Math.min(WIDTH, (v / max) * WIDTH));
  const colour = a.comparison === 'worse' ? '#b35806' : a.comparison === 'better' ? '#2166ac' : '#666666';
  return (
    <svg width={WIDTH} height="14" role="presentation" aria-hidden="true" className="interval-bar">
      <rect x={x(a.interval.lower)} y="4" width={Math.max(1, x(a.interval.upper) - x(a.interval.lower))} height="6" fill={colour} opacity="0.45" />
      <circle cx={x(a.rate)} cy="7" r="3" fill={colour} />
      {city !== null && <line x1={x(city)} x2={x(city)} y1="0" y2="14" stroke="#000000" strokeWidth="1" />}
    </svg>
  );
}

export function RatesTable({ report, selected }: { report: RatesReport; selected: readonly string[] }) {
  const { tu, num } = useUptakeText();
  const max = Math.max(0, ...report.areas.map((a) => a.interval?.upper ?? 0));
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${num(x * 100)} %`);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={tu('table.caption')}>
      <table className="uptake-table">
        <caption>{tu('table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{tu('col.area')}</th>
            <th scope="col" className="num">{tu('col.participants')}</th>
            <th scope="col" className="num">{tu('col.population')}</th>
            <th scope="col" className="num">{tu('col.rate')}</th>
            <th scope="col">{tu('col.interval')}</th>
            <th scope="col">{tu('col.comparison')}</th>
            <th scope="col" className="num">{tu('col.ratio')}</th>
            <th scope="col">{tu('col.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {report.areas.map((a) => {
            const last = a.trend.at(-1);
            return (
              <tr key={a.code} aria-selected={selected.includes(a.code) || undefined} className={a.need.focusArea ? 'focus-area' : undefined}>
                <th scope="row">{a.name} <span className="code">{a.code}</span></th>
                <td className="num">{a.participants}</td>
                <td className="num">{num(a.population, 0)}</td>
                <td className="num">{pct(a.rate)}{a.unstable.length > 0 && <span className="unstable"> ({tu('unstable')})</span>}</td>
                <td>
                  <IntervalBar a={a} max={max} city={report.city.rate} />
                  <span className="visually-hidden">{pct(a.interval?.lower)} – {pct(a.interval?.upper)}</span>
                  <span className="interval-text" aria-hidden="true"> {pct(a.interval?.lower)}–{pct(a.interval?.upper)}</span>
                </td>
                <td>{a.comparison ? tu(`cmp.${a.comparison}`) : '–'}</td>
                <td className="num">{a.ratio ? `${num(a.ratio.ratio, 2)} [${num(a.ratio.interval?.lower, 2)}–${num(a.ratio.interval?.upper, 2)}]` : '–'}</td>
                <td>{last ? `${tu(`trend.${last.direction}`)} (${last.from}→${last.to})` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function UnderServedList({ report }: { report: RatesReport }) {
  const { tu, lang } = useUptakeText();
  return (
    <section className="uptake-underserved" aria-labelledby="uptake-under">
      <h3 id="uptake-under">{tu('under.title')}</h3>
      {report.underServed.length === 0 ? <p>{tu('under.none')}</p> : (
        <ul>
          {report.underServed.map((u) => (
            <li key={u.code}><strong>{u.name}</strong> ({u.code}): {u.reason[lang]}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
