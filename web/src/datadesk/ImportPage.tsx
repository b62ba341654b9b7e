import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { getAreas, getLayers } from '../areas/api.ts';
import { getIndicators } from '../indicators/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { errorText } from '../shared/api.ts';
import { useDeskText } from './text.ts';
import { uploadImport, type ImportOptions, type ImportReport, type UploadProgress } from './api.ts';
import { inspectFile, type FileInspection } from './inspect.ts';
import { ReportStatus, ReportView } from './ReportView.tsx';
import { defaultChoice, NameMatching, normalisedRow, type NameChoice } from './NameMatching.tsx';
import type { UnmatchedName } from './api.ts';
import { deskHref } from './DataDesk.tsx';

// Import one file: look at it, confirm format / layer / indicator, dry run with the full report,
// confirm unmatched names one by one, then commit exactly what the last clean dry run checked.
// No recipe choice here: the server has no route that lists or runs recipes (CLI only).

const FORMATS = ['', 'long', 'wide', 'portal', 'table', 'leipzig-population', 'kdvalues'] as const;

interface Settings {
  kind: 'observations' | 'areas';
  format: string;
  layer: string;
  indicator: string;
  createIndicators: boolean;
  decimal: '' | ',' | '.';
  codeProperty: string;
  nameProperty: string;
  sourceCrs: string;
  swapAxes: boolean;
}

const INITIAL: Settings = { kind: 'observations', format: '', layer: '', indicator: '', createIndicators: false, decimal: '', codeProperty: '', nameProperty: '', sourceCrs: '', swapAxes: false };

function optionsOf(s: Settings, mapping: Record<string, string>): ImportOptions {
  const opt = (v: string) => v.trim() || undefined;
  if (s.kind === 'areas') {
    return { kind: 'areas', layer: opt(s.layer), codeProperty: opt(s.codeProperty), nameProperty: opt(s.nameProperty), sourceCrs: opt(s.sourceCrs), swapAxes: s.swapAxes };
  }
  return { kind: 'observations', format: opt(s.format), layer: opt(s.layer), indicator: opt(s.indicator), createIndicators: s.createIndicators, decimal: s.decimal || undefined, nameMapping: mapping };
}

export function ImportPage() {
  const { dt, lang, pick, locale } = useDeskText();
  const id = useId();
  const layers = useApi('layers', getLayers);
  // Known keys for the indicator field; read again after each commit (a new key may exist now).
  const known = useApi('indicators', getIndicators);
  const [file, setFile] = useState<File | null>(null);
  const [inspection, setInspection] = useState<FileInspection | null>(null);
  const [settings, setSettings] = useState<Settings>(INITIAL);
  const [choices, setChoices] = useState<Record<string, NameChoice>>({});
  // Every name that needed or got a match in any run of this file (a later run keeps the rows).
  const [nameRows, setNameRows] = useState<UnmatchedName[]>([]);
  const [report, setReport] = useState<ImportReport | null>(null);
  // What the last dry run checked (file, options, mapping): commit is offered for exactly that.
  const [checked, setChecked] = useState<string | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [busy, setBusy] = useState<'dry' | 'commit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mappingNote, setMappingNote] = useState<{ count: number } | 'invalid' | null>(null);
  const reportHeading = useRef<HTMLHeadingElement>(null);

  const layerList = layers.state === 'ready' ? layers.data : [];
  const areas = useApi(settings.layer && nameRows.length > 0 ? `areas|${settings.layer}|200` : null, (signal) => getAreas(settings.layer, signal, 200));
  const areaChoices = useMemo(
    () => (areas.state === 'ready' ? areas.data.features.map((f) => ({ code: f.properties.code, name: f.properties.name })).sort((a, b) => a.name.localeCompare(b.name, locale)) : []),
    [areas, locale],
  );

  const mapping = useMemo(() => {
    const m: Record<string, string> = {};
    for (const [name, c] of Object.entries(choices)) if (c.confirmed && c.target) m[name] = c.target;
    return m;
  }, [choices]);
  const signature = file ? JSON.stringify([file.name, file.size, file.lastModified, optionsOf(settings, mapping)]) : null;
  const canCommit = report !== null && report.status === 'dry_run' && checked === signature;

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setSettings((s) => ({ ...s, [key]: value }));

  const choose = async (f: File | null) => {
    setFile(f);
    setReport(null);
    setChecked(null);
    setChoices({});
    setNameRows([]);
    setError(null);
    if (!f) { setInspection(null); return; }
    const found = inspectFile(new Uint8Array(await f.slice(0, 1_000_000).arrayBuffer()), f.name, layerList);
    setInspection(found);
    setSettings({ ...INITIAL, kind: found.kind, format: found.format, layer: found.layer, indicator: found.indicator });
  };

  const run = async (dryRun: boolean) => {
    if (!file || !signature) return;
    setBusy(dryRun ? 'dry' : 'commit');
    setError(null);
    setProgress({ phase: 'sending', sent: 0, total: file.size });
    try {
      const result = await uploadImport(file, optionsOf(settings, mapping), dryRun, setProgress);
      setReport(result);
      setChecked(dryRun && result.status === 'dry_run' ? signature : null);
      if (result.status === 'committed') void invalidate('indicators', 'imports', 'obs', 'areas');
      // Names that still need a choice keep the one made; new ones start at the best suggestion.
      const found = [...result.unmatched, ...result.mapped.filter((m) => m.how === 'normalised').map(normalisedRow)];
      setNameRows((old) => [...old.filter((r) => !found.some((f) => f.name === r.name)), ...found].sort((a, b) => a.name.localeCompare(b.name)));
      setChoices((old) => {
        const next = { ...old };
        for (const u of found) next[u.name] ??= defaultChoice(u);
        return next;
      });
      requestAnimationFrame(() => reportHeading.current?.focus());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const loadMapping = async (f: File | null) => {
    if (!f) return;
    try {
      const parsed: unknown = JSON.parse(await f.text());
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) throw new Error('shape');
      const loaded = parsed as Record<string, string>;
      setChoices((old) => {
        const next = { ...old };
        for (const [name, target] of Object.entries(loaded)) next[name] = { target, confirmed: true };
        return next;
      });
      setMappingNote({ count: Object.keys(loaded).length });
    } catch {
      setMappingNote('invalid');
    }
  };

  const mappingUrl = useMemo(
    () => (Object.keys(mapping).length > 0 ? URL.createObjectURL(new Blob([JSON.stringify(mapping, null, 2)], { type: 'application/json' })) : null),
    [mapping],
  );
  useEffect(() => () => { if (mappingUrl) URL.revokeObjectURL(mappingUrl); }, [mappingUrl]);

  const committed = report?.status === 'committed';
  const indicatorKey = report?.indicators[0]?.key ?? settings.indicator;

  return (
    <>
      <h2>{dt('import.title')}</h2>
      <p className="dd-lead">{dt('import.lead')}</p>
      <p className="note">{dt('import.noRecipes')}</p>

      <fieldset className="dd-fieldset">
        <legend>{dt('import.step1')}</legend>
        <div className="dd-field">
          <label htmlFor={`${id}-file`}>{dt('import.file')}</label>
          <input id={`${id}-file`} type="file" accept=".csv,.txt,.json,.geojson,.zip" onChange={(e) => void choose(e.target.files?.[0] ?? null)} />
          <span className="field-hint">{dt('import.fileHint')}</span>
        </div>
        {inspection && file && (
          <dl className="dd-facts dd-detected" aria-label={dt('import.detected')}>
            <dt>{dt('import.detectedKind')}</dt><dd>{dt(inspection.kind === 'areas' ? 'kind.areas' : 'kind.observations')}</dd>
            {inspection.encoding && <><dt>{dt('import.encoding')}</dt><dd>{inspection.encoding}</dd></>}
            {inspection.delimiter && <><dt>{dt('import.delimiter')}</dt><dd><code>{inspection.delimiter === '\t' ? 'Tab' : inspection.delimiter}</code></dd></>}
            {inspection.lineEnding && <><dt>{dt('import.lineEnding')}</dt><dd>{inspection.lineEnding}</dd></>}
            {inspection.header.length > 0 && <><dt>{dt('import.header')}</dt><dd>{inspection.header.join(' · ')}</dd></>}
            {inspection.kind === 'observations' && <><dt>{dt('import.dataLines')}</dt><dd>{inspection.dataLines.toLocaleString(locale)}</dd></>}
          </dl>
        )}
      </fieldset>

      {file && (
        <fieldset className="dd-fieldset">
          <legend>{dt('import.step2')}</legend>
          <p className="field-hint">{dt('import.confirmHint')}</p>
          <div className="dd-grid">
            <div className="dd-field">
              <label htmlFor={`${id}-kind`}>{dt('import.kind')}</label>
              <select id={`${id}-kind`} value={settings.kind} onChange={(e) => set('kind', e.target.value as Settings['kind'])}>
                <option value="observations">{dt('kind.observations')}</option>
                <option value="areas">{dt('kind.areas')}</option>
              </select>
            </div>
            <div className="dd-field">
              <label htmlFor={`${id}-layer`}>{dt('import.layer')}</label>
              <select id={`${id}-layer`} value={settings.layer} onChange={(e) => set('layer', e.target.value)}>
                <option value="">{dt(settings.kind === 'areas' ? 'import.layerChoose' : 'import.layerFromFile')}</option>
                {layerList.map((l) => <option key={l.key} value={l.key}>{pick(l.name, l.nameEn)} ({l.key})</option>)}
              </select>
            </div>
            {settings.kind === 'observations' ? (
              <>
                <div className="dd-field">
                  <label htmlFor={`${id}-format`}>{dt('import.format')}</label>
                  <select id={`${id}-format`} value={settings.format} onChange={(e) => set('format', e.target.value)}>
                    {FORMATS.map((f) => <option key={f} value={f}>{f ? dt(`format.${f}`) : dt('format.auto')}</option>)}
                  </select>
                </div>
                <div className="dd-field">
                  <label htmlFor={`${id}-ind`}>{dt('import.indicator')}</label>
                  <input id={`${id}-ind`} type="text" value={settings.indicator} pattern="[a-z0-9_]*" list={`${id}-ind-list`} onChange={(e) => set('indicator', e.target.value)} aria-describedby={`${id}-ind-hint`} />
                  <datalist id={`${id}-ind-list`}>{(known.state === 'ready' ? known.data : []).map((i) => <option key={i.key} value={i.key}>{pick(i.name, i.nameEn)}</option>)}</datalist>
                  <span id={`${id}-ind-hint`} className="field-hint">{dt('import.indicatorHint')}</span>
                </div>
                <div className="dd-field">
                  <label htmlFor={`${id}-dec`}>{dt('import.decimal')}</label>
                  <select id={`${id}-dec`} value={settings.decimal} onChange={(e) => set('decimal', e.target.value as Settings['decimal'])}>
                    <option value="">{dt('import.decimalAuto')}</option>
                    <option value=",">{dt('import.decimalComma')}</option>
                    <option value=".">{dt('import.decimalPoint')}</option>
                  </select>
                </div>
                <div className="dd-field dd-check">
                  <input id={`${id}-create`} type="checkbox" checked={settings.createIndicators} onChange={(e) => set('createIndicators', e.target.checked)} />
                  <label htmlFor={`${id}-create`}>{dt('import.createIndicators')}</label>
                </div>
              </>
            ) : (
              <>
                <div className="dd-field"><label htmlFor={`${id}-cp`}>{dt('import.codeProperty')}</label><input id={`${id}-cp`} type="text" value={settings.codeProperty} onChange={(e) => set('codeProperty', e.target.value)} /></div>
                <div className="dd-field"><label htmlFor={`${id}-np`}>{dt('import.nameProperty')}</label><input id={`${id}-np`} type="text" value={settings.nameProperty} onChange={(e) => set('nameProperty', e.target.value)} /></div>
                <div className="dd-field"><label htmlFor={`${id}-crs`}>{dt('import.sourceCrs')}</label><input id={`${id}-crs`} type="text" placeholder="EPSG:25833" value={settings.sourceCrs} onChange={(e) => set('sourceCrs', e.target.value)} /></div>
                <div className="dd-field dd-check">
                  <input id={`${id}-swap`} type="checkbox" checked={settings.swapAxes} onChange={(e) => set('swapAxes', e.target.checked)} />
                  <label htmlFor={`${id}-swap`}>{dt('import.swapAxes')}</label>
                </div>
                <p className="field-hint dd-wide">{dt('import.crsHint')}</p>
              </>
            )}
          </div>
        </fieldset>
      )}

      {file && (
        <fieldset className="dd-fieldset">
          <legend>{dt('import.step3')}</legend>
          <div className="dd-actions">
            <button type="button" className="dd-button" disabled={busy !== null} onClick={() => void run(true)}>{dt('import.dryRun')}</button>
            <button type="button" className="dd-button primary" disabled={busy !== null || !canCommit} aria-describedby={`${id}-commit-hint`} onClick={() => void run(false)}>{dt('import.commit')}</button>
            <span id={`${id}-commit-hint`} className="field-hint">{canCommit ? dt('import.commitReady') : dt('import.commitHint')}</span>
          </div>
          {busy && progress && (
            <div className="dd-progress" role="status" aria-live="polite">
              {progress.phase === 'sending'
                ? <><progress max={progress.total || 1} value={progress.sent} aria-label={dt('import.sending')} /> {dt('import.sending')} {Math.round((progress.sent / (progress.total || 1)) * 100)} %</>
                : <><progress aria-label={dt(busy === 'dry' ? 'import.checking' : 'import.writing')} /> {dt(busy === 'dry' ? 'import.checking' : 'import.writing')}</>}
            </div>
          )}
          {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
        </fieldset>
      )}

      {report && (
        <section className="dd-section" aria-labelledby={`${id}-report`}>
          <h3 id={`${id}-report`} ref={reportHeading} tabIndex={-1}>{dt(report.status === 'committed' ? 'import.reportCommitted' : 'import.reportDry')}</h3>
          <ReportStatus status={report.status} />
          {nameRows.length > 0 && (
            <section className="dd-section" aria-labelledby={`${id}-names`}>
              <h4 id={`${id}-names`}>{dt('names.title')}</h4>
              <NameMatching unmatched={nameRows} areas={areaChoices} choices={choices} onChange={(name, c) => setChoices((old) => ({ ...old, [name]: c }))} />
              <div className="dd-actions">
                {mappingUrl && <a className="button-link" href={mappingUrl} download={`namenszuordnung-${file?.name.replace(/\.[^.]+$/, '') ?? 'import'}.json`}>{dt('names.download')}</a>}
                <label className="dd-inline" htmlFor={`${id}-mapfile`}>{dt('names.load')}</label>
                <input id={`${id}-mapfile`} type="file" accept=".json,application/json" onChange={(e) => void loadMapping(e.target.files?.[0] ?? null)} />
                {mappingNote && <span role="status">{mappingNote === 'invalid' ? dt('import.mappingInvalid') : dt('import.mappingLoaded', mappingNote)}</span>}
              </div>
              {report.unmatched.length > 0 && <p className="field-hint">{dt('names.rerun')}</p>}
            </section>
          )}
          {report.mapped.some((m) => m.how === 'confirmed') && (
            <p>{dt('import.mapped')} {report.mapped.filter((m) => m.how === 'confirmed').map((m) => `${m.name} → ${m.code} (${dt(m.how === 'confirmed' ? 'how.confirmed' : 'how.normalised')})`).join('; ')}</p>
          )}
          <ReportView report={report} headingLevel={4} showStatus={false} />
          {report.id !== null && <p><a href={deskHref('history', report.id)}>{dt('import.toRecord', { id: report.id })}</a></p>}
          {committed && indicatorKey && (
            <div className="dd-actions dd-next">
              <a className="button-link" href={`#/?indicator=${encodeURIComponent(indicatorKey)}${settings.layer ? `&layer=${encodeURIComponent(settings.layer)}` : ''}`}>{dt('import.toAtlas')}</a>
              <a className="button-link" href={deskHref('catalogue', indicatorKey)}>{dt('import.toCatalogue')}</a>
              <a className="button-link" href={`${deskHref('publication')}?indicator=${encodeURIComponent(indicatorKey)}`}>{dt('import.toPublication')}</a>
            </div>
          )}
        </section>
      )}
    </>
  );
}
