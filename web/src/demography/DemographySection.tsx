import { useApi, type Loadable } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useSession } from '../auth/session.ts';
import { getAreaDemography, type AgeStructure, type AreaDemography, type ScenarioSeries } from './api.ts';
import { useDemographyText } from './text.ts';
import './demography.css';

// The demography section of the area profile: age structure (counted bands, or the three broad
// groups estimated from two ratios, marked as estimates with their range), the projection chart
// (actuals, low–high band, medium line, imported series, published city forecasts when the area is
// the city) and the backtest: the method's error beside the naive baseline and the published
// forecasts. Internal (data:read): true values, no suppression.

const SCENARIO_COLOURS: Record<string, string> = { low: '#9ecae1', medium: '#08519c', high: '#9ecae1' };
const OTHER_COLOURS = ['#d95f02', '#7570b3', '#1b9e77', '#e7298a'];

function AgeBars({ age }: { age: AgeStructure }) {
  const { td, num, pick } = useDemographyText();
  const total = age.bands.reduce((s, b) => s + b.value, 0);
  const max = Math.max(...age.bands.map((b) => b.max ?? b.value), ...age.nested.map((b) => b.value), 1);
  return (
    <table className="demo-age" data-testid="demo-age">
      <caption>{td('age.caption')} · {age.source === 'derived' ? td('age.derived', { year: age.year ?? '' }) : td('age.counted', { year: age.year ?? '' })}</caption>
      <tbody>
        {age.bands.map((b) => (
          <tr key={`${b.from}-${b.to}`} data-estimated={b.estimated ? 'true' : 'false'}>
            <th scope="row">{pick(b.label)}</th>
            <td className="bar-cell">
              <svg width="220" height="16" role="img" aria-label={`${pick(b.label)}: ${num(b.value)}`}>
                <rect x="0" y="2" width={(200 * b.value) / max} height="12" fill={b.estimated ? 'url(#demo-hatch)' : '#3182bd'} stroke="#3182bd" />
                {b.min !== undefined && b.max !== undefined && <line x1={(200 * b.min) / max} x2={(200 * b.max) / max} y1="8" y2="8" stroke="#111" strokeWidth="2" />}
              </svg>
            </td>
            <td className="num">{num(b.value)}{b.estimated && <span className="flag-mark"> ({td('age.estimated')})</span>}</td>
            <td className="num muted">{num((100 * b.value) / (total || 1), 1)} %</td>
            <td className="small muted">{b.min !== undefined && b.max !== undefined ? td('age.range', { min: num(b.min), max: num(b.max) }) : ''}</td>
          </tr>
        ))}
        {age.nested.map((b) => (
          <tr key={`n${b.from}-${b.to}`} className="nested">
            <th scope="row">{td('age.nested')} {pick(b.label)}</th>
            <td className="bar-cell"><svg width="220" height="12" aria-hidden="true"><rect x="0" y="2" width={(200 * b.value) / max} height="8" fill="#9ecae1" /></svg></td>
            <td className="num">{num(b.value)}</td>
            <td className="num muted">{num((100 * b.value) / (total || 1), 1)} %</td>
            <td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Age by sex as a population pyramid (men left, women right), where stored breakdowns give it. */
function Pyramid({ p }: { p: NonNullable<AgeStructure['pyramid']> }) {
  const { td, num, pick } = useDemographyText();
  const max = Math.max(...p.bands.flatMap((b) => [b.male, b.female]), 1);
  const rowH = 18, W = 520, mid = W / 2, half = mid - 70;
  const bands = [...p.bands].reverse(); // oldest on top
  return (
    <figure className="demo-pyramid" data-testid="demo-pyramid">
      <svg width={W} height={bands.length * rowH + 24} role="img" aria-label={td('pyr.caption', { year: p.year })}>
        <text x={mid - 40} y="12" textAnchor="end" fontSize="11">{td('pyr.male')}</text>
        <text x={mid + 40} y="12" fontSize="11">{td('pyr.female')}</text>
        {bands.map((b, i) => {
          const y = 18 + i * rowH;
          const wm = (half * b.male) / max;
          const wf = (half * b.female) / max;
          return (
            <g key={`${b.from}-${b.to}`}>
              <rect x={mid - 35 - wm} y={y} width={wm} height={rowH - 4} fill="#3182bd"><title>{`${pick(b.label)}, ${td('pyr.male')}: ${num(b.male)}`}</title></rect>
              <text x={mid} y={y + rowH - 7} textAnchor="middle" fontSize="10">{b.to === null ? `${b.from}+` : `${b.from}–${b.to - 1}`}</text>
              <rect x={mid + 35} y={y} width={wf} height={rowH - 4} fill="#e6550d"><title>{`${pick(b.label)}, ${td('pyr.female')}: ${num(b.female)}`}</title></rect>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">{td('pyr.caption', { year: p.year })}</figcaption>
    </figure>
  );
}

/** The planning target groups of this area (or planning area): medium with the low–high range, estimates flagged. */
function TargetGroups({ tg }: { tg: NonNullable<AreaDemography['targetGroups']> }) {
  const { td, num, pick } = useDemographyText();
  if (!tg.area || tg.area.bands.length === 0) return <p>{td('tg.none')}</p>;
  const years = [2025, 2030, 2035, 2040];
  const at = (b: NonNullable<typeof tg.area>['bands'][number], sc: string, y: number) => b.scenarios.find((s) => s.scenario === sc)?.values.find((v) => v.year === y)?.value;
  return (
    <>
      <table className="demo-target" data-testid="demo-target-groups">
        <caption>{td('tg.caption')}</caption>
        <thead><tr><th scope="col">{td('tg.band')}</th>{years.map((y) => <th key={y} scope="col" className="num">{y}</th>)}</tr></thead>
        <tbody>
          {tg.area.bands.map((b) => {
            const meta = tg.bands.find((x) => x.key === b.key);
            return (
              <tr key={b.key} data-estimated={b.estimated ? 'true' : 'false'}>
                <th scope="row" title={meta ? pick(meta.how) : undefined}>{meta ? pick(meta.label) : b.key}{b.estimated && <span className="flag-mark"> ({td('tg.estimated')})</span>}</th>
                {years.map((y) => (
                  <td key={y} className="num">{num(at(b, 'medium', y))} <span className="small muted">({num(at(b, 'low', y))}–{num(at(b, 'high', y))})</span></td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul className="small muted">{tg.bands.map((b) => <li key={b.key}>{pick(b.label)}: {pick(b.how)}</li>)}</ul>
      {tg.notes.map((n) => <p key={n.de} className="note small">{pick(n)}</p>)}
    </>
  );
}

function ProjectionChart({ d, publishedAll }: { d: NonNullable<AreaDemography['projection']>; publishedAll: AreaDemography['published'] }) {
  const { td, num, pick } = useDemographyText();
  const { area, params } = d;
  const isCity = d.city.code === area.code;
  const own = area.scenarios.filter((s) => ['low', 'medium', 'high'].includes(s.scenario));
  const others = area.scenarios.filter((s) => !['low', 'medium', 'high'].includes(s.scenario));
  const pubs = isCity ? publishedAll : [];
  const published = pubs.map((p) => ({ year: p.targetYear, value: p.population }));
  const all = [...area.actual, ...area.scenarios.flatMap((s) => s.values), ...published];
  const years = all.map((p) => p.year);
  const x0 = Math.min(...years);
  const x1 = Math.max(...years);
  const vs = all.map((p) => p.value);
  const lo = Math.min(...vs) * 0.97;
  const hi = Math.max(...vs) * 1.03;
  const W = 620, H = 240, L = 64, R = 12, T = 10, B = 28;
  const x = (y: number) => L + ((y - x0) / Math.max(1, x1 - x0)) * (W - L - R);
  const y = (v: number) => T + (1 - (v - lo) / (hi - lo || 1)) * (H - T - B);
  const line = (pts: Array<{ year: number; value: number }>) => pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
  const low = own.find((s) => s.scenario === 'low');
  const high = own.find((s) => s.scenario === 'high');
  const medium = own.find((s) => s.scenario === 'medium');
  const band = low && high ? `${line(low.values)}L${[...high.values].reverse().map((p) => `${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join('L')}Z` : '';
  const ticks = Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  const yearTicks = Array.from({ length: Math.floor(x1 / 5) - Math.ceil(x0 / 5) + 1 }, (_, i) => (Math.ceil(x0 / 5) + i) * 5);
  const launch = Number(params.launchYear);
  const label = (s: ScenarioSeries) => (s.scenario in SCENARIO_COLOURS ? td(`proj.${s.scenario}` as 'proj.low') : s.scenario);
  const at = (s: ScenarioSeries | undefined, yr: number) => s?.values.find((p) => p.year === yr)?.value;
  return (
    <figure className="demo-chart" data-testid="demo-projection">
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={td('proj.caption', { horizon: String(params.horizon ?? ''), launch: String(launch) })}>
        {ticks.map((v) => <g key={v}><line x1={L} x2={W - R} y1={y(v)} y2={y(v)} stroke="#e5e5e5" /><text x={L - 6} y={y(v) + 4} textAnchor="end" fontSize="11">{num(v)}</text></g>)}
        {yearTicks.map((yy) => <text key={yy} x={x(yy)} y={H - 8} textAnchor="middle" fontSize="11">{yy}</text>)}
        <line x1={x(launch)} x2={x(launch)} y1={T} y2={H - B} stroke="#999" strokeDasharray="3 3" />
        {band && <path d={band} fill="#c6dbef" opacity="0.7" data-testid="demo-band" />}
        {others.map((s, i) => <path key={s.scenario} d={line(s.values)} fill="none" stroke={OTHER_COLOURS[i % OTHER_COLOURS.length]} strokeWidth="1.5" strokeDasharray="5 3" />)}
        {medium && <path d={line(medium.values)} fill="none" stroke="#08519c" strokeWidth="2" strokeDasharray="6 3" />}
        <path d={line(area.actual)} fill="none" stroke="#111" strokeWidth="2" />
        {pubs.map((p) => <circle key={p.id} cx={x(p.targetYear)} cy={y(p.population)} r="3.5" fill={p.basis === 'official' ? '#fff' : '#d95f02'} stroke="#d95f02"><title>{`${p.publisher} ${p.edition} ${p.variant} (${p.basis}): ${num(p.population)}`}</title></circle>)}
      </svg>
      <figcaption>
        <ul className="demo-legend">
          <li><span className="swatch" style={{ background: '#111' }} /> {td('proj.actual')}</li>
          <li><span className="swatch" style={{ background: '#08519c' }} /> {td('proj.medium')}</li>
          <li><span className="swatch" style={{ background: '#c6dbef' }} /> {td('proj.band')}</li>
          {others.map((s, i) => <li key={s.scenario}><span className="swatch" style={{ background: OTHER_COLOURS[i % OTHER_COLOURS.length] }} /> {s.scenario}</li>)}
          {pubs.length > 0 && <li><span className="swatch round" style={{ background: '#d95f02' }} /> {td('proj.published')}</li>}
        </ul>
        <p className="small muted">{td('proj.caption', { horizon: String(params.horizon ?? ''), launch: String(launch) })}. {pick(d.method)}</p>
      </figcaption>
      <table className="demo-proj-table">
        <thead><tr><th scope="col">{td('proj.year')}</th>{area.scenarios.map((s) => <th key={s.scenario} scope="col" className="num">{label(s)}</th>)}</tr></thead>
        <tbody>
          {[2025, 2030, 2035, 2040].filter((yr) => area.scenarios.some((s) => at(s, yr) !== undefined)).map((yr) => (
            <tr key={yr} data-year={yr}><th scope="row">{yr} <span className="small muted">({td('proj.forecast')})</span></th>{area.scenarios.map((s) => <td key={s.scenario} className="num">{num(at(s, yr))}</td>)}</tr>
          ))}
          <tr><th scope="row">{td('proj.relative', { from: String(params.from ?? ''), to: String(params.to ?? '') })}</th>{area.scenarios.map((s) => <td key={s.scenario} className="num">{s.relative === null ? '–' : `${s.relative > 0 ? '+' : ''}${num(s.relative, 1)} %`}</td>)}</tr>
        </tbody>
      </table>
    </figure>
  );
}

function BacktestTable({ b, isCity }: { b: NonNullable<AreaDemography['backtest']>; isCity: boolean }) {
  const { td, num, pct, lang } = useDemographyText();
  return (
    <table className="demo-backtest" data-testid="demo-backtest">
      <caption>{td('bt.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{td('bt.run')}</th>
          {!isCity && <th scope="col" className="num">{td('bt.area')}</th>}
          {!isCity && <th scope="col" className="num">{td('bt.areaNaive')}</th>}
          <th scope="col" className="num">{td('bt.mape')}</th>
          <th scope="col" className="num">{td('bt.naiveMape')}</th>
          <th scope="col" className="num">{td('bt.city')}</th>
          <th scope="col" className="num">{td('bt.cityNaive')}</th>
          <th scope="col">{td('bt.published')}</th>
        </tr>
      </thead>
      <tbody>
        {b.summary.map((s) => (
          <tr key={`${s.launchYear}-${s.target}`}>
            <th scope="row">{s.launchYear} → {s.target}</th>
            {!isCity && <td className="num">{pct(s.area?.chosen)}</td>}
            {!isCity && <td className="num">{pct(s.area?.naive)}</td>}
            <td className="num">{num(s.areas.chosenMape, 1)} %</td>
            <td className="num">{num(s.areas.naiveMape, 1)} %</td>
            <td className="num">{pct(s.city.chosen)}</td>
            <td className="num">{pct(s.city.naiveConstant)}</td>
            <td className="small">
              {s.published.length === 0 ? '–' : s.published.map((p) => (
                <div key={`${p.publisher}${p.edition}${p.variant}`}>
                  {p.publisher.replace('Statistisches Landesamt Sachsen, ', '').replace('Stadt Leipzig, Amt für Statistik und Wahlen', lang === 'de' ? 'Stadt' : 'City')} {p.edition} {p.variant}: {pct(p.peBridged ?? p.pe)}
                  {p.bandMiss ? <> ({td('bt.bandMiss', { x: pct(p.bandMiss) })})</> : null}
                  {p.warning && <span className="muted" title={lang === 'de' ? p.warning.de : p.warning.en}> ⚠</span>}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The area's demography, loaded once per profile (null while the session is unknown or without data:read). */
export function useAreaDemography(layer: string, code: string): { allowed: boolean; known: boolean; data: Loadable<AreaDemography> } {
  const session = useSession();
  const allowed = session.can('data:read');
  const data = useApi(allowed ? `demography|${layer}|${code}` : null, (signal) => getAreaDemography(layer, code, signal));
  return { allowed, known: session.status !== 'unknown', data };
}

export function DemographySection({ code, demo }: { code: string; demo: ReturnType<typeof useAreaDemography> }) {
  const { td, num, pick } = useDemographyText();
  const { allowed, data: d } = demo;
  return (
    <section className="profile-section demo" aria-labelledby="sec-demography" data-testid="demography-section">
      <h3 id="sec-demography">{td('section')}</h3>
      <svg width="0" height="0" aria-hidden="true" style={{ position: 'absolute' }}>
        <defs><pattern id="demo-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#c6dbef" /><line x1="0" y1="0" x2="0" y2="6" stroke="#3182bd" strokeWidth="2" /></pattern></defs>
      </svg>
      {demo.known && !allowed && <p role="note">{td('signin')}</p>}
      {allowed && d.state === 'loading' && <p className="status">{td('loading')}</p>}
      {allowed && d.state === 'error' && <ErrorMessage error={d.error} />}
      {allowed && d.state === 'ready' && (
        <div data-testid="demography-ready">
          <h4>{td('age.title')}</h4>
          {d.data.age.pyramid && <Pyramid p={d.data.age.pyramid} />}
          {d.data.age.bands.length > 0 ? <AgeBars age={d.data.age} /> : !d.data.age.pyramid && <p>{td('age.none')}</p>}
          {d.data.age.notes.map((n) => <p key={n.de} className="note">{pick(n)}</p>)}
          {d.data.age.sex && <p>{td('age.sex', { year: d.data.age.sex.year, male: d.data.age.sex.unit === 'percent' ? `${num(d.data.age.sex.male, 1)} %` : num(d.data.age.sex.male), female: d.data.age.sex.unit === 'percent' ? `${num(d.data.age.sex.female, 1)} %` : num(d.data.age.sex.female) })}</p>}
          {d.data.age.ratios.length > 0 && (
            <dl className="demo-ratios">
              {d.data.age.ratios.map((r) => <div key={r.key}><dt>{pick(r.label)} ({r.year})</dt><dd>{num(r.value, 1)} <span className="small muted">– {pick(r.definition)}</span></dd></div>)}
            </dl>
          )}
          {d.data.age.cannotShow.length > 0 && (
            <details className="demo-cannot" open>
              <summary>{td('age.cannot')}</summary>
              <ul>{d.data.age.cannotShow.map((c) => <li key={c.de}>{pick(c)}</li>)}</ul>
            </details>
          )}
          <h4>{td('proj.title')}</h4>
          {d.data.projection ? (
            <>
              <ProjectionChart d={d.data.projection} publishedAll={d.data.published} />
              <p className="small muted">{d.data.projection.runId ? td('proj.stored', { id: d.data.projection.runId }) : td('proj.fresh')}</p>
              {d.data.projection.warnings.map((w) => <p key={w.de} className="note small">{pick(w)}</p>)}
              {d.data.basisWarnings.length > 0 && (
                <div className="note demo-basis" role="note" data-testid="demo-basis-warning">
                  <strong>⚠ {td('basis.title')} ({d.data.basisWarnings[0].code})</strong>
                  <ul className="small">{d.data.basisWarnings.map((w) => <li key={w.de}>{pick(w)}</li>)}</ul>
                </div>
              )}
            </>
          ) : <p>{td('proj.none', { why: d.data.projectionNote ? pick(d.data.projectionNote) : '–' })}</p>}
          {d.data.targetGroups && (
            <>
              <h4>{td('tg.title')}</h4>
              <TargetGroups tg={d.data.targetGroups} />
            </>
          )}
          {d.data.backtest && (
            <>
              <h4>{td('bt.title')}</h4>
              <BacktestTable b={d.data.backtest} isCity={d.data.projection?.city.code === code} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The projected medium value of a year, for the profile's "Bevölkerungsprognose" line. */
export function mediumAt(d: AreaDemography, year: number): number | null {
  return d.projection?.area.scenarios.find((s) => s.scenario === 'medium')?.values.find((v) => v.year === year)?.value ?? null;
}
