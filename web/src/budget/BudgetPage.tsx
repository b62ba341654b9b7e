import { useEffect, useRef, useState, type FormEvent } from 'react';
import * as Plot from '@observablehq/plot';
import { useSession } from '../auth/session.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { invalidate, useApi } from '../shared/useApi.ts';
import { useLayerRoles } from '../areas/useLayerRoles.ts';
import { budgetApi, euroToCents, uploadLastYear, type Comparison, type LastYearError, type Pot, type Template } from './api.ts';
import { useBudgetText } from './text.ts';
import './budget.css';

// The budget page for planners (issue 10): pots, models from the templates with α, w, floor and cap,
// scenarios computed from an index run, two scenarios side by side (table and chart of the
// differences), the explanation of one area term by term, freezing with the resolution reference,
// and the exports. Every control is a native form element, so the page works from the keyboard.

const WRITERS = ['admin', 'planner'];

function useMoney() {
  const { locale } = useBudgetText();
  return (cents: number | null) => (cents === null ? '–' : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100));
}

export function BudgetPage() {
  const { tb } = useBudgetText();
  const session = useSession();
  const [potId, setPotId] = useState<number | null>(null);
  const signedIn = session.status === 'signed-in' && session.can('data:read');
  const pots = useApi(signedIn ? 'budget|pots' : null, budgetApi.pots);
  const canWrite = WRITERS.includes(String(session.user?.role));
  const refresh = () => void invalidate('budget');
  useEffect(() => {
    if (pots.state === 'ready' && potId === null && pots.data.length) setPotId(pots.data[0].id);
  }, [pots, potId]);

  if (!signedIn) return <section className="budget"><h2>{tb('title')}</h2><p>{tb('signIn')}</p></section>;
  return (
    <section className="budget" aria-labelledby="budget-title">
      <h2 id="budget-title">{tb('title')}</h2>
      <p>{tb('intro')}</p>
      {pots.state === 'error' && <ErrorMessage error={pots.error} />}
      {pots.state === 'ready' && <PotList pots={pots.data} selected={potId} onSelect={setPotId} />}
      {canWrite && <PotForm onSaved={refresh} />}
      {canWrite && potId !== null && <LastYearForm potId={potId} onSaved={refresh} />}
      {canWrite && <ModelForm onSaved={refresh} />}
      {potId !== null && <Scenarios potId={potId} canWrite={canWrite} onChange={refresh} />}
    </section>
  );
}

function PotList({ pots, selected, onSelect }: { pots: Pot[]; selected: number | null; onSelect: (id: number) => void }) {
  const { tb, lang } = useBudgetText();
  const money = useMoney();
  return (
    <table className="budget-pots">
      <caption>{tb('pots')}</caption>
      <thead><tr><th scope="col">{tb('pot')}</th><th scope="col">{tb('domain')}</th><th scope="col">{tb('year')}</th><th scope="col">{tb('source')}</th><th scope="col" className="n">{tb('total')}</th><th scope="col" className="n">{tb('lastYear')}</th><th scope="col">{tb('scenarios')}</th></tr></thead>
      <tbody>
        {pots.map((p) => (
          <tr key={p.id} aria-selected={p.id === selected}>
            <td><button type="button" className="link" aria-pressed={p.id === selected} onClick={() => onSelect(p.id)}>{p.name}</button></td>
            <td>{lang === 'de' ? p.domainName : p.domainNameEn}</td><td>{p.fiscalYear}</td><td>{p.fundingSource}</td>
            <td className="n">{money(p.totalCents)}</td><td className="n">{p.lastYear.rows ? money(p.lastYear.totalCents) : '–'}</td>
            <td>{p.scenarios}{p.frozenScenarioId ? ` (${tb('decided')}: #${p.frozenScenarioId})` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PotForm({ onSaved }: { onSaved: () => void }) {
  const { tb, lang } = useBudgetText();
  const domains = useApi('service-domains|budget', budgetApi.domains);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    try {
      await budgetApi.createPot({ domain: f.get('domain'), fiscalYear: Number(f.get('year')), fundingSource: String(f.get('source') ?? ''), name: f.get('name'), totalCents: euroToCents(String(f.get('total'))) ?? -1 });
      onSaved();
    } catch (err) { setError(err); }
  };
  return (
    <form className="budget-form" onSubmit={submit} aria-label={tb('createPot')}>
      <fieldset><legend>{tb('createPot')}</legend>
        <label>{tb('domain')} <select name="domain" required>{domains.state === 'ready' && domains.data.map((d) => <option key={d.key} value={d.key}>{lang === 'de' ? d.name : d.nameEn}</option>)}</select></label>
        <label>{tb('year')} <input name="year" type="number" min={1990} max={2200} defaultValue={new Date().getFullYear() + 1} required /></label>
        <label>{tb('source')} <input name="source" defaultValue="Kommune" /></label>
        <label>{tb('name')} <input name="name" required /></label>
        <label>{tb('total')} <input name="total" inputMode="decimal" required placeholder="18.100.000,00" /></label>
        <button type="submit">{tb('createPot')}</button>
        {error !== null && <ErrorMessage error={error} />}
      </fieldset>
    </form>
  );
}

function LastYearForm({ potId, onSaved }: { potId: number; onSaved: () => void }) {
  const { tb, lang } = useBudgetText();
  const money = useMoney();
  const baseLayer = useLayerRoles().base?.key ?? '';
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<LastYearError[]>([]);
  const [done, setDone] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null); setProblems([]); setDone('');
    try {
      const r = await uploadLastYear(potId, f.get('file') as File, String(f.get('layer')));
      setDone(tb('imported', { rows: r.rows, total: money(r.totalCents) }));
      onSaved();
    } catch (err) {
      setError(err);
      setProblems((err as { problems?: LastYearError[] }).problems ?? []);
    }
  };
  return (
    <form className="budget-form" onSubmit={submit} aria-label={tb('lastYearImport')}>
      <fieldset><legend>{tb('lastYearImport')}</legend>
        <label>{tb('file')} <input name="file" type="file" accept=".csv,.xlsx,text/csv" required /></label>
        <label>{tb('layer')} <input key={baseLayer} name="layer" defaultValue={baseLayer} required size={10} /></label>
        <small>{tb('lastYearHint')}</small>
        <button type="submit">{tb('upload')}</button>
        {done && <span role="status">{done}</span>}
        {error !== null && <ErrorMessage error={error} />}
        {problems.length > 0 && <ul className="budget-problems">{problems.slice(0, 20).map((p, i) => <li key={i}>{p.line !== undefined ? `${tb('line')} ${p.line}` : ''}{p.field ? ` (${p.field})` : ''}: {lang === 'de' ? p.de : p.en}</li>)}</ul>}
      </fieldset>
    </form>
  );
}

function ModelForm({ onSaved }: { onSaved: () => void }) {
  const { tb } = useBudgetText();
  const templates = useApi('budget|templates', budgetApi.templates);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>, list: Template[]) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const model = structuredClone(list[Number(f.get('template'))].model) as Record<string, unknown> & { formula: Record<string, unknown> };
    const num = (k: string) => (String(f.get(k) ?? '').trim() === '' ? undefined : Number(String(f.get(k)).replace(',', '.')));
    if (model.formula.kind === 'share') {
      if (num('alpha') !== undefined) model.formula.alpha = num('alpha');
      if (num('w') !== undefined) model.formula.w = num('w');
    }
    if (num('floor') !== undefined && num('cap') !== undefined) {
      model.damping = { floor: num('floor'), cap: num('cap') };
      model.lastYear = 'last_year';
    }
    setError(null);
    try {
      const saved = await budgetApi.saveModel(String(f.get('key')), model);
      setDone(`${tb('saved')} ${saved.key} v${saved.version}`);
      onSaved();
    } catch (err) { setError(err); }
  };
  if (templates.state !== 'ready') return null;
  return (
    <form className="budget-form" onSubmit={(e) => submit(e, templates.data)} aria-label={tb('models')}>
      <fieldset><legend>{tb('models')}</legend>
        <label>{tb('template')} <select name="template">{templates.data.map((t, i) => <option key={t.file} value={i}>{t.model.name}</option>)}</select></label>
        <label>{tb('key')} <input name="key" pattern="[a-z0-9_\-]{1,64}" required defaultValue="jew" /></label>
        <label>{tb('alpha')} <input name="alpha" inputMode="decimal" size={5} /></label>
        <label>{tb('w')} <input name="w" inputMode="decimal" size={5} /></label>
        <label>{tb('floor')} <input name="floor" inputMode="decimal" size={5} placeholder="-0,05" aria-describedby="damping-hint" /></label>
        <label>{tb('cap')} <input name="cap" inputMode="decimal" size={5} placeholder="0,10" aria-describedby="damping-hint" /></label>
        <small id="damping-hint">{tb('noDamping')}</small>
        <button type="submit">{tb('saveModel')}</button>
        {done && <span role="status">{done}</span>}
        {error !== null && <ErrorMessage error={error} />}
      </fieldset>
    </form>
  );
}

function Scenarios({ potId, canWrite, onChange }: { potId: number; canWrite: boolean; onChange: () => void }) {
  const { tb } = useBudgetText();
  const list = useApi(`budget|scenarios|${potId}`, () => budgetApi.scenarios(potId));
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const items = list.state === 'ready' ? list.data : [];
  useEffect(() => {
    if (items.length && (a === null || !items.some((s) => s.id === a))) setA(items[0].id);
    if (items.length > 1 && (b === null || !items.some((s) => s.id === b))) setB(items[1].id);
  }, [items, a, b]);
  return (
    <div className="budget-scenarios">
      {canWrite && <ScenarioForm potId={potId} onSaved={onChange} />}
      <h3>{tb('compare')}</h3>
      {list.state === 'error' && <ErrorMessage error={list.error} />}
      <div className="budget-pick">
        {([[tb('a'), a, setA], [tb('b'), b, setB]] as const).map(([label, value, set]) => (
          <label key={label}>{label} <select value={value ?? ''} onChange={(e) => set(Number(e.target.value))}>
            {items.map((s) => <option key={s.id} value={s.id}>#{s.id} {s.name}{s.frozenAt ? ` – ${tb('frozen', { ref: s.decisionRef ?? '' })}` : ''}</option>)}
          </select></label>
        ))}
      </div>
      {items.filter((s) => s.id === a || s.id === b).map((s) => <ScenarioActions key={s.id} scenario={s} canWrite={canWrite} onChange={onChange} />)}
      {a !== null && b !== null && <CompareView a={a} b={b} />}
    </div>
  );
}

function ScenarioForm({ potId, onSaved }: { potId: number; onSaved: () => void }) {
  const { tb } = useBudgetText();
  const models = useApi('budget|models', budgetApi.models);
  const runs = useApi('index-runs|budget', budgetApi.runs);
  const baseLayer = useLayerRoles().base?.key ?? '';
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    try {
      await budgetApi.createScenario({
        potId, name: f.get('name'), model: { key: f.get('model') }, layer: f.get('layer'), period: f.get('period'), population: f.get('population'),
        need: f.get('run') ? { source: 'index-run', runId: Number(f.get('run')), field: f.get('field') } : undefined,
      });
      onSaved();
    } catch (err) { setError(err); }
  };
  return (
    <form className="budget-form" onSubmit={submit} aria-label={tb('newScenario')}>
      <fieldset><legend>{tb('newScenario')}</legend>
        <label>{tb('name')} <input name="name" required /></label>
        <label>{tb('model')} <select name="model" required>{models.state === 'ready' && models.data.map((m) => <option key={m.key} value={m.key}>{m.name} ({m.key} v{m.version})</option>)}</select></label>
        <label>{tb('layer')} <input key={baseLayer} name="layer" defaultValue={baseLayer} required size={10} /></label>
        <label>{tb('period')} <input name="period" defaultValue="2019" required size={6} /></label>
        <label>{tb('population')} <input name="population" defaultValue="einwohner" required size={12} /></label>
        <label>{tb('run')} <select name="run"><option value="">–</option>{runs.state === 'ready' && runs.data.map((r) => <option key={r.id} value={r.id}>#{r.id} {r.definition.name} ({r.layer} {r.period})</option>)}</select></label>
        <label>{tb('field')} <select name="field"><option value="class-indicator">{tb('classIndicator')}</option><option value="score">{tb('score')}</option><option value="rank-score">{tb('rankScore')}</option></select></label>
        <button type="submit">{tb('compute')}</button>
        {error !== null && <ErrorMessage error={error} />}
      </fieldset>
    </form>
  );
}

function ScenarioActions({ scenario, canWrite, onChange }: { scenario: { id: number; name: string; frozenAt: string | null; decisionRef: string | null }; canWrite: boolean; onChange: () => void }) {
  const { tb, lang } = useBudgetText();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const base = `/api/budget/scenarios/${scenario.id}`;
  const freeze = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    try {
      await budgetApi.freeze(scenario.id, String(new FormData(e.currentTarget).get('ref')));
      dialog.current?.close();
      onChange();
    } catch (err) { setError(err); }
  };
  return (
    <div className="budget-actions">
      <strong>#{scenario.id} {scenario.name}</strong> · {scenario.frozenAt ? tb('frozen', { ref: scenario.decisionRef ?? '' }) : tb('draft')} · {tb('export')}:
      {' '}<a href={`${base}/export.csv?lang=${lang}`}>CSV</a> <a href={`${base}/export.xlsx?lang=${lang}`}>XLSX</a> <a href={`${base}/export.pdf?lang=${lang}`}>PDF</a>
      {canWrite && !scenario.frozenAt && <button type="button" onClick={() => dialog.current?.showModal()}>{tb('freeze')}</button>}
      {canWrite && <button type="button" onClick={async () => { try { setNote(tb('written', { keys: (await budgetApi.indicators(scenario.id)).indicators.join(', ') })); } catch (err) { setError(err); } }}>{tb('asIndicator')}</button>}
      {note && <span role="status"> {note}</span>}
      <dialog ref={dialog} aria-labelledby={`freeze-${scenario.id}`}>
        <form onSubmit={freeze}>
          <h4 id={`freeze-${scenario.id}`}>{tb('freezeTitle')}: {scenario.name}</h4>
          <p>{tb('freezeHint')}</p>
          <label>{tb('decisionRef')} <input name="ref" required autoFocus /></label>
          <div><button type="button" onClick={() => dialog.current?.close()}>{tb('cancel')}</button> <button type="submit">{tb('confirm')}</button></div>
          {error !== null && <ErrorMessage error={error} />}
        </form>
      </dialog>
    </div>
  );
}

function CompareView({ a, b }: { a: number; b: number }) {
  const { tb, lang } = useBudgetText();
  const money = useMoney();
  const cmp = useApi(`budget|compare|${a}|${b}`, () => budgetApi.compare(a, b));
  const [area, setArea] = useState<string | null>(null);
  if (cmp.state === 'error') return <ErrorMessage error={cmp.error} />;
  if (cmp.state !== 'ready') return null;
  const c = cmp.data;
  const total = (k: 'amountA' | 'amountB') => c.areas.reduce((s, r) => s + (r[k] ?? 0), 0);
  return (
    <div className="budget-compare">
      <DifferenceChart cmp={c} />
      <table>
        <thead><tr><th scope="col">{tb('area')}</th><th scope="col" className="n">{c.a.name}</th><th scope="col" className="n">{c.b.name}</th><th scope="col" className="n">{tb('diff')}</th><th scope="col">{tb('explain')}</th></tr></thead>
        <tbody>
          {c.areas.map((r) => (
            <tr key={r.code}>
              <th scope="row">{r.code} {r.name}</th><td className="n">{money(r.amountA)}</td><td className="n">{money(r.amountB)}</td>
              <td className={`n ${(r.differenceCents ?? 0) < 0 ? 'neg' : (r.differenceCents ?? 0) > 0 ? 'pos' : ''}`}>{money(r.differenceCents)}</td>
              <td><button type="button" className="link" aria-pressed={area === r.code} aria-label={tb('why', { name: r.name })} onClick={() => setArea(r.code)}>{tb('whyShort')}</button></td>
            </tr>
          ))}
          <tr className="sum"><th scope="row">{tb('sum')}</th><td className="n">{money(total('amountA'))}</td><td className="n">{money(total('amountB'))}</td><td className="n">{money(total('amountB') - total('amountA'))}</td><td /></tr>
        </tbody>
      </table>
      <div className="budget-side">
        <figure className="budget-map"><img src={`/api/budget/scenarios/compare/map.svg?a=${a}&b=${b}&lang=${lang}&v=${cmp.state === 'ready' ? cmp.updatedAt : 0}`} alt={tb('mapAlt', { a: c.a.name, b: c.b.name })} /></figure>
        {area && <Explanation ids={[a, b]} code={area} />}
      </div>
    </div>
  );
}

function DifferenceChart({ cmp }: { cmp: Comparison }) {
  const { tb } = useBudgetText();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const data = cmp.areas.filter((r) => r.differenceCents !== null).map((r) => ({ name: r.name, diff: (r.differenceCents as number) / 100 }));
    const chart = Plot.plot({
      height: 220, marginBottom: 70, x: { tickRotate: -60, label: null }, y: { label: '€', grid: true },
      marks: [Plot.barY(data, { x: 'name', y: 'diff', fill: (d: { diff: number }) => (d.diff < 0 ? '#2166ac' : '#b2182b'), sort: { x: 'y' } }), Plot.ruleY([0])],
    });
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [cmp]);
  return <figure className="budget-chart"><figcaption>{tb('chart')}</figcaption><div ref={ref} /></figure>;
}

function Explanation({ ids, code }: { ids: number[]; code: string }) {
  const { tb, lang } = useBudgetText();
  const money = useMoney();
  const all = useApi(`budget|why|${ids.join('-')}|${code}`, () => Promise.all(ids.map((id) => budgetApi.explain(id, code))));
  if (all.state === 'error') return <ErrorMessage error={all.error} />;
  if (all.state !== 'ready') return null;
  const [first] = all.data;
  return (
    <aside className="budget-why" aria-live="polite">
      <h4>{tb('why', { name: first.area.name })}</h4>
      <table>
        <thead><tr><th scope="col">{tb('term')}</th>{ids.map((id) => <th key={id} scope="col" className="n">#{id}</th>)}</tr></thead>
        <tbody>
          {first.terms.map((t, i) => <tr key={t.key}><th scope="row">{lang === 'de' ? t.de : t.en}</th>{all.data.map((e, k) => <td key={k} className="n">{money(e.terms[i].cents)}</td>)}</tr>)}
          <tr className="sum"><th scope="row">{tb('sum')}</th>{all.data.map((e, k) => <td key={k} className="n">{money(e.amountCents)}</td>)}</tr>
        </tbody>
      </table>
      {all.data.every((e) => e.addsUp) && <p>{tb('addsUp')}</p>}
      <p>{tb('sensitivity')}: {first.sensitivity.map((s) => `${s.parameter} ${s.eurPerStep === null ? '–' : s.eurPerStep.toFixed(2)}`).join(' · ')}</p>
    </aside>
  );
}

/** "#/budget": the budget page (App.tsx re-renders on every hash change through its own routes). */
export { isBudgetRoute } from './route.ts';
