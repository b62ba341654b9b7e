import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { getAreas, getLayers } from '../areas/api.ts';
import { getIndicators } from '../indicators/api.ts';
import { ApiError, errorText } from '../shared/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatNumber } from '../shared/format.ts';
import { useText } from '../auth/text.ts';
import { useSession } from '../auth/session.ts';
import { SignInNotice } from '../auth/AccountMenu.tsx';
import { AreaMap, type DrawReport } from './AreaMap.tsx';
import { createRun, exportUrl, getDefinitions, getFocusAreas, getRun, getRuns, getTemplates, saveDefinition, type IndexDefinition, type Run } from './api.ts';
import { DefinitionEditor } from './DefinitionEditor.tsx';
import { ResultTable } from './ResultTable.tsx';
import { FocusAreas } from './FocusAreas.tsx';
import { CompareRuns } from './CompareRuns.tsx';
import { classColours, commonPeriods, localProblems, NOT_RATED } from './definition.ts';
import './indices.css';
import { layerRoles } from '../areas/roles.ts';

declare global {
  interface Window {
    /** What the index map drew (e2e test): classes, colours, areas. */
    __lernortIndexMap?: DrawReport;
    __lernortIndexMapReady?: boolean;
  }
}

export function IndexPage() {
  const { tm, lang, locale, pick } = useText();
  const session = useSession();
  const id = useId();
  const templates = useApi('index-templates', getTemplates);
  const definitions = useApi('index-definitions', getDefinitions);
  const indicators = useApi('indicators', getIndicators);
  const layers = useApi('layers', getLayers);
  const baseLayer = layers.state === 'ready' ? layerRoles(layers.data).base?.key ?? '' : '';

  const [source, setSource] = useState('');
  const [def, setDef] = useState<IndexDefinition | null>(null);
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [saved, setSaved] = useState<string>('');
  const [layerChoice, setLayer] = useState<string | null>(null);
  const layer = layerChoice ?? baseLayer;
  const [period, setPeriod] = useState('');
  const [withSensitivity, setWithSensitivity] = useState(true);
  const [draws, setDraws] = useState(200);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<Run | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const [mapMode, setMapMode] = useState<'status' | 'dynamics'>('status');
  const [selected, setSelected] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  // Readers (coordinators) cannot compute an index, but they open the stored runs and their focus areas.
  const storedRuns = useApi(session.can('data:read') ? 'index-runs' : null, getRuns);
  const openRun = async (runId: number) => {
    setRunError(null);
    try {
      setRun(await getRun(runId));
      setPicked(new Set());
      setSelected(null);
    } catch (err) {
      setRunError(err);
    }
  };

  const indicatorList = indicators.state === 'ready' ? indicators.data : [];
  const periods = useMemo(() => commonPeriods(def, indicatorList), [def, indicatorList]);
  useEffect(() => {
    if (periods.length && !periods.includes(period)) setPeriod(periods[0]);
  }, [periods, period]);

  const load = (value: string) => {
    setSource(value);
    setProblem(null);
    setSaved('');
    if (value.startsWith('tpl:') && templates.state === 'ready') {
      const t = templates.data.find((x) => x.key === value.slice(4));
      if (t) setDef(structuredClone(t));
    } else if (value.startsWith('def:') && definitions.state === 'ready') {
      const d = definitions.data.find((x) => x.key === value.slice(4));
      if (d) setDef(structuredClone(d.body));
    }
  };

  const showProblem = (err: unknown) => {
    setProblem({ field: err instanceof ApiError ? err.field : null, message: errorText(err, lang) });
  };
  const checkLocally = (d: IndexDefinition): boolean => {
    const local = localProblems(d);
    if (local.length) {
      setProblem({ field: local[0].field, message: tm(local[0].key) });
      return false;
    }
    return true;
  };

  const save = async () => {
    if (!def || !checkLocally(def)) return;
    setProblem(null);
    try {
      const v = await saveDefinition(def);
      setSaved(v.created ? tm('idx.savedNew', { key: v.key, version: v.version }) : tm('idx.savedSame', { key: v.key, version: v.version }));
      void invalidate('index-definitions');
    } catch (err) {
      showProblem(err);
    }
  };

  const compute = async () => {
    if (!def || !period || !checkLocally(def)) return;
    setBusy(true);
    setRunError(null);
    setProblem(null);
    try {
      const result = await createRun({ definition: def, layer, period, sensitivity: withSensitivity ? { draws } : undefined });
      setRun(result);
      void invalidate('index-runs');
      setPicked(new Set());
      setSelected(null);
    } catch (err) {
      if (err instanceof ApiError && err.field) showProblem(err);
      setRunError(err);
    } finally {
      setBusy(false);
    }
  };

  const areas = useApi(run ? `areas|${run.layer}|20` : null, (signal) => getAreas(run!.layer, signal, 20));
  const focus = useApi(run && session.can('data:read') ? `focus|${run.layer}|false` : null, (signal) => getFocusAreas(run!.layer, false, signal));
  const designated = useMemo(() => new Set(focus.state === 'ready' ? focus.data.map((f) => f.areaCode) : []), [focus]);

  const dynamicsAvailable = run?.results.some((r) => r.dynamicsClass !== null) ?? false;
  const mode = dynamicsAvailable ? mapMode : 'status';
  const labels = (mode === 'status' ? run?.summary.classLabels : run?.summary.dynamicsClassLabels) ?? [];
  const counts = (mode === 'status' ? run?.summary.classCounts : run?.summary.dynamicsClassCounts) ?? [];
  const k = Math.max(labels.length, counts.length, ...(run?.results.map((r) => (mode === 'status' ? r.class : r.dynamicsClass) ?? 0) ?? [0]));
  const colours = useMemo(() => classColours(k), [k]);
  const fills = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of run?.results ?? []) {
      const c = mode === 'status' ? r.class : r.dynamicsClass;
      m.set(r.areaCode, c === null ? NOT_RATED : colours[c - 1]);
    }
    return m;
  }, [run, mode, colours]);
  const statusColours = useMemo(() => classColours(Math.max(run?.summary.classLabels?.length ?? 0, run?.summary.classCounts?.length ?? 0, 1)), [run]);
  const drawKey = run && areas.state === 'ready' ? `run-${run.id}|${mode}|${focus.state === 'ready' ? focus.updatedAt : 0}|${designated.size}` : '';
  const onDrawn = useCallback((report: DrawReport) => {
    window.__lernortIndexMap = report;
    window.__lernortIndexMapReady = true;
  }, []);
  useEffect(() => {
    window.__lernortIndexMapReady = false;
  }, [drawKey]);
  const byCode = useMemo(() => new Map(run?.results.map((r) => [r.areaCode, r]) ?? []), [run]);
  const notRated = run?.results.filter((r) => r.class === null).length ?? 0;
  const layerName = layers.state === 'ready' ? (() => { const l = layers.data.find((x) => x.key === (run?.layer ?? layer)); return l ? pick(l.name, l.nameEn) : layer; })() : layer;

  return (
    <div className="mod-page index-page">
      <h2>{tm('idx.title')}</h2>
      <p className="hint">{tm('idx.intro')}</p>

      {storedRuns.state === 'ready' && storedRuns.data.length > 0 && (
        <section className="mod-section" aria-labelledby={`${id}-stored`}>
          <h3 id={`${id}-stored`}>{tm('idx.storedRuns')}</h3>
          <ul className="stored-runs">
            {storedRuns.data.slice(0, 8).map((r) => (
              <li key={r.id}>
                <button type="button" className="mod-button" aria-pressed={run?.id === r.id} onClick={() => void openRun(r.id!)}>
                  {tm('idx.openRun', { name: r.definition.name, period: r.period, layer: r.layer })}
                </button>
                {r.createdAt && <span className="muted small"> {new Date(r.createdAt).toLocaleDateString(locale)}</span>}
              </li>
            ))}
          </ul>
          {!session.can('data:write') && run === null && runError === null && <p className="hint small">{tm('idx.readerHint')}</p>}
          {!def && runError !== null && <ErrorMessage error={runError} />}
        </section>
      )}

      <section className="mod-section" aria-labelledby={`${id}-def`}>
        <h3 id={`${id}-def`}>{tm('idx.step1')}</h3>
        {(templates.state === 'error' || definitions.state === 'error') && <ErrorMessage error={templates.state === 'error' ? templates.error : (definitions as { error: unknown }).error} />}
        <div className="mod-field wide">
          <label htmlFor={`${id}-src`}>{tm('idx.startFrom')}</label>
          <select id={`${id}-src`} value={source} onChange={(e) => load(e.target.value)}>
            <option value="">{tm('idx.choose')}</option>
            <optgroup label={tm('idx.templates')}>
              {templates.state === 'ready' && templates.data.map((t) => <option key={t.key} value={`tpl:${t.key}`}>{pick(t.name, t.nameEn)}</option>)}
            </optgroup>
            <optgroup label={tm('idx.stored')}>
              {definitions.state === 'ready' && definitions.data.map((d) => <option key={d.key} value={`def:${d.key}`}>{`${d.name} (${d.key}, v${d.version})`}</option>)}
            </optgroup>
          </select>
        </div>
        {def && (
          <>
            <DefinitionEditor value={def} onChange={(d) => { setDef(d); setSaved(''); }} indicators={indicatorList} errorField={problem?.field ?? null} errorMessage={problem?.message ?? null} />
            {problem && <p className="error" role="alert">{problem.field ? tm('idx.fieldProblem', { field: problem.field, message: problem.message }) : problem.message}</p>}
            {saved && <p className="ok" role="status">{saved}</p>}
            {session.can('data:write')
              ? <button type="button" className="mod-button" onClick={() => void save()}>{tm('idx.save')}</button>
              : <SignInNotice need="data:write" />}
          </>
        )}
      </section>

      {def && (
        <section className="mod-section" aria-labelledby={`${id}-run`}>
          <h3 id={`${id}-run`}>{tm('idx.step2')}</h3>
          <div className="mod-grid">
            <div className="mod-field">
              <label htmlFor={`${id}-layer`}>{tm('idx.layer')}</label>
              <select id={`${id}-layer`} value={layer} onChange={(e) => setLayer(e.target.value)}>
                {layers.state === 'ready' && layers.data.filter((l) => l.areaCount > 1).map((l) => <option key={l.key} value={l.key}>{pick(l.name, l.nameEn)}</option>)}
              </select>
            </div>
            <div className="mod-field">
              <label htmlFor={`${id}-period`}>{tm('idx.period')}</label>
              <select id={`${id}-period`} value={period} onChange={(e) => setPeriod(e.target.value)}>
                {periods.map((p) => <option key={p} value={p}>{p}</option>)}
              </select>
            </div>
            <label className="mod-check">
              <input type="checkbox" checked={withSensitivity} onChange={(e) => setWithSensitivity(e.target.checked)} />
              {tm('idx.withSensitivity')}
            </label>
            {withSensitivity && (
              <div className="mod-field">
                <label htmlFor={`${id}-draws`}>{tm('idx.draws')}</label>
                <input id={`${id}-draws`} type="number" min={10} max={10000} value={draws} onChange={(e) => setDraws(Number(e.target.value))} />
              </div>
            )}
            {session.can('data:write')
              ? <button type="button" className="mod-button primary" disabled={busy || !period} onClick={() => void compute()}>{busy ? tm('idx.computing') : tm('idx.compute')}</button>
              : <SignInNotice need="data:write" />}
          </div>
          {runError !== null && <ErrorMessage error={runError} />}
        </section>
      )}

      {run && (
        <section className="mod-section" aria-labelledby={`${id}-res`}>
          <h3 id={`${id}-res`}>{tm('idx.resultTitle', { name: run.definition.name, version: run.definition.version ?? '–', period: run.period, layer: layerName })}</h3>
          <p className="run-summary" role="status">
            {tm('idx.summary', { rated: run.summary.rated ?? 0, notRated, focus: run.summary.focus ?? 0, unstable: run.summary.unstable ?? 0 })}
            {run.summary.meanAbsRankShift !== undefined && ` ${tm('idx.rankShift', { value: formatNumber(run.summary.meanAbsRankShift, locale, 2) })}`}
            {' '}<span className="muted small">{tm('idx.runMeta', { id: run.id ?? '–', hash: run.inputHash.slice(0, 12) })}</span>
          </p>
          <div className="downloads">
            <span className="downloads-title">{tm('idx.export')}</span>
            {run.id !== null && (
              <ul>
                <li><a href={exportUrl(run.id, 'csv')} download>{tm('idx.exportCsv')}</a></li>
                <li><a href={exportUrl(run.id, 'csv-intl')} download>{tm('idx.exportCsvIntl')}</a></li>
                <li><a href={exportUrl(run.id, 'json')} download>{tm('idx.exportJson')}</a></li>
              </ul>
            )}
          </div>
          <div className="mod-two index-result">
            <div>
              {dynamicsAvailable && (
                <fieldset className="field-radio map-mode">
                  <legend>{tm('idx.mapShows')}</legend>
                  <label><input type="radio" name={`${id}-mode`} checked={mode === 'status'} onChange={() => setMapMode('status')} /> {tm('idx.mapStatus')}</label>
                  <label><input type="radio" name={`${id}-mode`} checked={mode === 'dynamics'} onChange={() => setMapMode('dynamics')} /> {tm('idx.mapDynamics')}</label>
                </fieldset>
              )}
              {areas.state === 'error' && <ErrorMessage error={areas.error} />}
              <AreaMap
                areas={areas.state === 'ready' ? areas.data : null}
                fills={fills}
                outlined={designated}
                selected={selected}
                onSelectArea={setSelected}
                areaTooltip={(code) => {
                  const r = byCode.get(code);
                  if (!r) return code;
                  return (
                    <>
                      <strong>{r.areaName}</strong><br />
                      {r.class !== null ? tm('idx.tooltip', { rank: r.rank ?? '–', cls: `${r.class} ${r.classLabel ?? ''}` }) : tm('idx.notRated')}
                      {r.rankP05 !== null && <><br />{tm('idx.tooltipInterval', { from: r.rankP05, to: r.rankP95 ?? '–' })}</>}
                    </>
                  );
                }}
                drawKey={drawKey}
                onDrawn={onDrawn}
                label={tm('idx.mapLabel', { name: run.definition.name, period: run.period, layer: layerName })}
                describedBy={`${id}-legend`}
              />
              <div className="legend" id={`${id}-legend`}>
                <p className="legend-title">{mode === 'status' ? tm('idx.legendStatus') : tm('idx.legendDynamics')}</p>
                <ul className="mod-legend">
                  {colours.map((c, i) => (
                    <li key={c + i}>
                      <span className="swatch" style={{ background: c }} aria-hidden="true" />
                      {`${i + 1} ${labels[i] ?? ''}`} <span className="muted small">({tm('idx.areasCount', { count: counts[i] ?? 0 })})</span>
                    </li>
                  ))}
                  {notRated > 0 && <li><span className="swatch" style={{ background: NOT_RATED }} aria-hidden="true" />{tm('idx.notRated')} ({notRated})</li>}
                  <li><span className="swatch focus-outline" aria-hidden="true" />{tm('idx.legendFocus')}</li>
                </ul>
                <p className="legend-note">{tm('idx.legendNote')}</p>
              </div>
            </div>
            <div>
              <ResultTable run={run} colours={statusColours} indicators={indicatorList} selected={selected} onSelect={setSelected}
                picked={picked} onPick={(code, on) => setPicked((cur) => { const next = new Set(cur); if (on) next.add(code); else next.delete(code); return next; })}
                designated={designated} />
              <p className="hint small">{tm('idx.rawNote')}</p>
            </div>
          </div>
        </section>
      )}

      {run && (
        <FocusAreas run={run} layer={run.layer} picked={picked} clearPicked={() => setPicked(new Set())} onChanged={() => void invalidate('focus')} />
      )}
      {run && run.id !== null && <CompareRuns run={run} />}
    </div>
  );
}
