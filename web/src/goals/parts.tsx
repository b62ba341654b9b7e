import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApi, type Loadable } from '../shared/useApi.ts';
import { errorText, getJson } from '../shared/api.ts';
import { formatNumber } from '../shared/format.ts';
import { useSession } from '../auth/session.ts';
import { getIndicators, type Indicator } from '../indicators/api.ts';
import { getAreas, getLayers, getSeries } from '../areas/api.ts';
import { SeriesChart, type SeriesLine } from '../atlas/SeriesChart.tsx';
import { useGoalText } from './text.ts';
import { RBA_QUADRANTS, type Goal, type GoalInput, type RbaQuadrant, type StatusKey } from './api.ts';

// Pieces the goals pages share: the traffic light with its reason, the chart of actuals and the
// target line, the goal form (also used to accept a workshop proposal), and loading/error states.

const LAMP: Record<StatusKey, 'green' | 'amber' | 'red' | null> = {
  achieved: 'green', 'on-track': 'green', 'needs-acceleration': 'amber', limited: 'amber', deterioration: 'red', 'not-computable': null,
};

/** Three lamps, the status's lit; the words always beside it (colour is never the only signal). */
export function TrafficLight({ status, label }: { status: StatusKey; label: string }) {
  const lit = LAMP[status];
  return (
    <span className={`traffic-light status-${status}`} data-status={status}>
      <span className="lamps" aria-hidden="true">
        {(['red', 'amber', 'green'] as const).map((c) => <span key={c} className={`lamp lamp-${c}${lit === c ? ' on' : ''}`} />)}
      </span>
      <span className="traffic-label">{label}</span>
    </span>
  );
}

/** The status line of a goal: light, label and the reason in words. */
export function GoalStatusLine({ goal }: { goal: Pick<Goal, 'status' | 'statusLabel' | 'reason'> }) {
  const { local } = useGoalText();
  return (
    <div className="goal-status">
      <TrafficLight status={goal.status} label={local(goal.statusLabel)} />
      <p className="goal-reason">{local(goal.reason)}</p>
    </div>
  );
}

export function Loading<T>({ value, children }: { value: Loadable<T>; children: (data: T) => ReactNode }) {
  const { tg, lang } = useGoalText();
  if (value.state === 'loading') return <p className="status" role="status">{tg('common.loading')}</p>;
  if (value.state === 'error') return <p className="error" role="alert">{errorText(value.error, lang) || tg('common.error')}</p>;
  return <>{children(value.data)}</>;
}

export function ErrorLine({ error }: { error: unknown }) {
  const { lang } = useGoalText();
  if (!error) return null;
  return <p className="error" role="alert">{errorText(error, lang)}</p>;
}

/** The indicator's meta data (unit, decimals) for users who may read the catalogue. */
export function useIndicators(): Indicator[] {
  const session = useSession();
  const list = useApi(session.can('data:read') ? 'goal-indicators' : null, getIndicators);
  return list.state === 'ready' ? list.data : [];
}

/** Actuals and the target line (baseline → target year) on the same axes, through the atlas's chart. */
export function GoalChart({ goal, indicator }: { goal: Goal; indicator: Indicator | undefined }) {
  const { tg, lang } = useGoalText();
  const lines = useMemo<SeriesLine[]>(() => {
    const actual: SeriesLine = { name: tg('goal.actual'), colour: '#0b5cad', points: (goal.series ?? []).map((p) => ({ period: String(p.year), value: p.value })) };
    const out = [actual];
    const start = goal.baseline ?? goal.base;
    if (start && goal.target) {
      // The line from the baseline to the target, one point a year so it shares the actuals' axis.
      const pts = [];
      for (let y = start.year; y <= goal.target.year; y++) pts.push({ period: String(y), value: start.value + ((goal.target.value - start.value) * (y - start.year)) / (goal.target.year - start.year) });
      out.push({ name: tg('goal.targetLine'), colour: '#b35900', dashed: true, points: pts });
    }
    return out;
  }, [goal, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  // The atlas chart draws once for its width: draw again when the box changes size (phone rotation).
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width / 20)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  if (!(goal.series ?? []).some((p) => p.value !== null)) return <p className="hint">{tg('goal.noSeries')}</p>;
  const unit = indicator ? (lang === 'en' && indicator.unitEn ? indicator.unitEn : indicator.unit) : '';
  return (
    <div ref={box}>
      <SeriesChart key={width} label={tg('goal.chart', { title: goal.title })} unit={unit} decimals={indicator?.decimals ?? 1} lines={lines} highlightPeriod={String(goal.latest?.year ?? '')} />
    </div>
  );
}

interface PlanningArea { layer: string; code: string; name: string; yours: boolean }

const num = (s: string): number | null => {
  const t = s.trim().replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};

/**
 * The goal form: level, parent, planning area, result statement, indicator (and where it is read),
 * or a provider measure, direction, baseline and target. `fixedTitle` (accepting a proposal) keeps
 * the proposal's title unless changed.
 */
export function GoalForm({ goals, submitLabel, defaults, onSubmit }: {
  goals: Goal[];
  submitLabel: string;
  defaults?: { title?: string; resultStatement?: string; area?: { layer: string; code: string } | null };
  onSubmit: (input: GoalInput & { title: string }) => Promise<void>;
}) {
  const { tg, tk, lang, locale } = useGoalText();
  const id = useId();
  const session = useSession();
  const indicators = useIndicators();
  const areas = useApi(session.can('coordination:read') ? 'goal-planning-areas' : null, (s) => getJson<PlanningArea[]>('/api/planning-areas', s));
  const layers = useApi(session.can('data:read') ? 'goal-layers' : null, getLayers);
  const own = areas.state === 'ready' ? areas.data.find((a) => a.yours) : undefined;
  const [level, setLevel] = useState<GoalInput['level']>('planning-area');
  const [parent, setParent] = useState('');
  const [area, setArea] = useState<string | null>(defaults?.area ? `${defaults.area.layer}/${defaults.area.code}` : null);
  const areaValue = area ?? (own ? `${own.layer}/${own.code}` : '');
  const [title, setTitle] = useState(defaults?.title ?? '');
  const [result, setResult] = useState(defaults?.resultStatement ?? '');
  const [indicator, setIndicator] = useState('');
  const [indLayer, setIndLayer] = useState('');
  const [indCode, setIndCode] = useState('');
  const [measure, setMeasure] = useState('');
  const [quadrant, setQuadrant] = useState<RbaQuadrant | ''>('');
  const [numerator, setNumerator] = useState(''); const [denominator, setDenominator] = useState('');
  const [higher, setHigher] = useState(false);
  const [by, setBy] = useState(''); const [bv, setBv] = useState('');
  const [ty, setTy] = useState(''); const [tv, setTv] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const indArea = useApi(indLayer ? `goal-areas-${indLayer}` : null, (s) => getAreas(indLayer, s, 'auto'));
  const [goalLayer, goalCode] = areaValue.split('/');
  const seriesAt = indLayer && indCode ? { layer: indLayer, code: indCode } : goalLayer && goalCode ? { layer: goalLayer, code: goalCode } : null;
  const series = useApi(indicator && seriesAt && session.can('data:read') ? `goal-series-${indicator}-${seriesAt.layer}-${seriesAt.code}` : null, (s) => getSeries(seriesAt!.layer, seriesAt!.code, indicator, s));
  const ind = indicators.find((i) => i.key === indicator);
  const known = series.state === 'ready' ? series.data.points.filter((p) => p.value !== null && /^\d{4}$/.test(p.period)) : [];

  function chooseIndicator(key: string) {
    setIndicator(key);
    const i = indicators.find((x) => x.key === key);
    if (i && i.polarity !== 'neutral') setHigher(i.polarity === 'higher_is_better');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const [layer, code] = areaValue.split('/');
    const baseline = num(by) !== null && num(bv) !== null ? { year: num(by)!, value: num(bv)! } : null;
    const target = num(ty) !== null && num(tv) !== null ? { year: num(ty)!, value: num(tv)! } : null;
    setBusy(true);
    try {
      await onSubmit({
        level, parentId: parent ? Number(parent) : null, area: layer && code ? { layer, code } : null, title: title.trim(), resultStatement: result,
        indicatorKey: indicator || null, indicatorArea: indLayer && indCode ? { layer: indLayer, code: indCode } : null, measureName: indicator ? null : measure.trim() || null,
        higherIsBetter: higher, baseline, target,
        measure: !indicator && measure.trim() && quadrant ? {
          kind: quadrant === 'how-much' || quadrant === 'better-off-count' ? 'count' : 'share', aspect: quadrant === 'how-much' || quadrant === 'how-well' ? 'effort' : 'effect',
          numerator: numerator.trim() || null, denominator: denominator.trim() || null,
        } : null,
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="goal-form" onSubmit={(e) => void submit(e)} aria-label={submitLabel}>
      <div className="gf-row">
        <label htmlFor={`${id}-level`}>{tg('goal.level')}</label>
        <select id={`${id}-level`} value={level} onChange={(e) => setLevel(e.target.value as GoalInput['level'])}>
          {(['city', 'planning-area', 'domain', 'agreement'] as const).map((l) => <option key={l} value={l}>{tk('level', l)}</option>)}
        </select>
      </div>
      <div className="gf-row">
        <label htmlFor={`${id}-parent`}>{tg('goal.parent')}</label>
        <select id={`${id}-parent`} value={parent} onChange={(e) => setParent(e.target.value)}>
          <option value="">{tg('goal.noParent')}</option>
          {goals.map((g) => <option key={g.id} value={g.id}>{tk('level', g.level)}: {g.title}</option>)}
        </select>
      </div>
      <div className="gf-row">
        <label htmlFor={`${id}-area`}>{tg('goal.area')}</label>
        <select id={`${id}-area`} value={areaValue} onChange={(e) => setArea(e.target.value)}>
          <option value="">{tg('goal.noArea')}</option>
          {areas.state === 'ready' && areas.data.map((a) => <option key={`${a.layer}/${a.code}`} value={`${a.layer}/${a.code}`}>{a.name}</option>)}
        </select>
      </div>
      <div className="gf-row gf-wide">
        <label htmlFor={`${id}-title`}>{tg('goal.titleField')}</label>
        <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
      </div>
      <div className="gf-row gf-wide">
        <label htmlFor={`${id}-result`}>{tg('goal.result')}</label>
        <textarea id={`${id}-result`} value={result} onChange={(e) => setResult(e.target.value)} rows={2} maxLength={5000} />
      </div>
      <div className="gf-row gf-wide">
        <label htmlFor={`${id}-ind`}>{tg('goal.indicator')}</label>
        <select id={`${id}-ind`} value={indicator} onChange={(e) => chooseIndicator(e.target.value)}>
          <option value="">{tg('goal.noIndicator')}</option>
          {indicators.map((i) => <option key={i.key} value={i.key}>{lang === 'en' && i.nameEn ? i.nameEn : i.name}</option>)}
        </select>
      </div>
      {indicator ? (
        <div className="gf-row gf-wide gf-pair">
          <span className="gf-legend" id={`${id}-ia`}>{tg('goal.indicatorArea')}</span>
          <select aria-label={tg('goal.indicatorLayer')} value={indLayer} onChange={(e) => { setIndLayer(e.target.value); setIndCode(''); }}>
            <option value="">{tg('goal.indicatorAreaSame')}</option>
            {layers.state === 'ready' && layers.data.map((l) => <option key={l.key} value={l.key}>{lang === 'en' && l.nameEn ? l.nameEn : l.name}</option>)}
          </select>
          {indLayer && (
            <select aria-labelledby={`${id}-ia`} value={indCode} onChange={(e) => setIndCode(e.target.value)}>
              <option value="">–</option>
              {indArea.state === 'ready' && [...indArea.data.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, locale))
                .map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name} ({f.properties.code})</option>)}
            </select>
          )}
        </div>
      ) : (
        <div className="gf-row gf-wide">
          <label htmlFor={`${id}-measure`}>{tg('goal.measure')}</label>
          <input id={`${id}-measure`} value={measure} onChange={(e) => setMeasure(e.target.value)} maxLength={100} />
          <label htmlFor={`${id}-rba`}>{tg('rba.quadrant')}</label>
          <select id={`${id}-rba`} value={quadrant} onChange={(e) => setQuadrant(e.target.value as RbaQuadrant | '')}>
            <option value="">–</option>
            {RBA_QUADRANTS.map((q) => <option key={q} value={q}>{tk('rba', q)}</option>)}
          </select>
          {(quadrant === 'how-well' || quadrant === 'better-off-share') && (
            <>
              <label htmlFor={`${id}-num`}>{lang === 'de' ? 'Zähler (wer wird gezählt?)' : 'Numerator (who is counted?)'}</label>
              <input id={`${id}-num`} value={numerator} onChange={(e) => setNumerator(e.target.value)} maxLength={300} required />
              <label htmlFor={`${id}-den`}>{lang === 'de' ? 'Nenner (von wie vielen?)' : 'Denominator (out of how many?)'}</label>
              <input id={`${id}-den`} value={denominator} onChange={(e) => setDenominator(e.target.value)} maxLength={300} required />
            </>
          )}
        </div>
      )}
      {known.length > 0 && (
        <p className="hint gf-wide" data-testid="goal-form-series">
          {known.slice(-6).map((p) => `${p.period}: ${formatNumber(p.value!, locale, ind?.decimals ?? 1)}`).join(' · ')}{' '}
          <button type="button" className="link-button" onClick={() => { setBy(known[0].period); setBv(String(known[0].value)); }}>
            {lang === 'de' ? `Ausgangswert ${known[0].period} übernehmen` : `Use ${known[0].period} as baseline`}
          </button>
        </p>
      )}
      <fieldset className="gf-row gf-wide gf-radio">
        <legend>{tg('goal.direction')}</legend>
        <label><input type="radio" name={`${id}-dir`} checked={!higher} onChange={() => setHigher(false)} /> {tg('goal.lower')}</label>
        <label><input type="radio" name={`${id}-dir`} checked={higher} onChange={() => setHigher(true)} /> {tg('goal.higher')}</label>
      </fieldset>
      <div className="gf-row"><label htmlFor={`${id}-by`}>{tg('goal.baselineYear')}</label><input id={`${id}-by`} inputMode="numeric" value={by} onChange={(e) => setBy(e.target.value)} /></div>
      <div className="gf-row"><label htmlFor={`${id}-bv`}>{tg('goal.baselineValue')}</label><input id={`${id}-bv`} inputMode="decimal" value={bv} onChange={(e) => setBv(e.target.value)} /></div>
      <div className="gf-row"><label htmlFor={`${id}-ty`}>{tg('goal.targetYear')}</label><input id={`${id}-ty`} inputMode="numeric" value={ty} onChange={(e) => setTy(e.target.value)} /></div>
      <div className="gf-row"><label htmlFor={`${id}-tv`}>{tg('goal.targetValue')}</label><input id={`${id}-tv`} inputMode="decimal" value={tv} onChange={(e) => setTv(e.target.value)} /></div>
      <ErrorLine error={error} />
      <div className="gf-wide"><button type="submit" disabled={busy}>{submitLabel}</button></div>
    </form>
  );
}

/** A number in the current language, or a dash. */
export function useNum() {
  const { locale } = useGoalText();
  return (v: number | null | undefined, decimals = 1) => (v === null || v === undefined ? '–' : formatNumber(v, locale, decimals));
}
