import { useState, type FormEvent } from 'react';
import { getJson } from '../shared/api.ts';
import { useApi } from '../shared/useApi.ts';
import { useSession } from '../auth/session.ts';
import { useGoalText } from './text.ts';
import {
  agreementStep, createDialogue, editAgreement, getAgreement, getDialogues, getGoals, getReports, href, newVersion,
  type Agreement, type AgreementContent, type Goal, type Report,
} from './api.ts';
import { ErrorLine, Loading, TrafficLight, useIndicators } from './parts.tsx';
import { navigate } from '../shared/route.ts';

// "#/ziele/vereinbarung/{id}": a goal agreement — period, goals, measures, indicators, reporting
// dates with each report's state (overdue flagged), the lifecycle buttons the server allows the
// caller (draft → negotiated → signed → reporting → reviewed → closed), content editing while
// draft or negotiated, "new version" once signed, and its effectiveness dialogues.

const EDITABLE = ['draft', 'negotiated'];
const LIFECYCLE = ['draft', 'negotiated', 'signed', 'reporting', 'reviewed', 'closed'];

function ContentEditor({ a, goals, onSaved }: { a: Agreement; goals: Goal[]; onSaved: (a: Agreement) => void }) {
  const { tg } = useGoalText();
  const c = a.content;
  const [title, setTitle] = useState(c.title);
  const [from, setFrom] = useState(c.period.from);
  const [to, setTo] = useState(c.period.to);
  const [goalIds, setGoalIds] = useState<string[]>([...c.goalIds]);
  const [measures, setMeasures] = useState(c.measures.join('\n'));
  const [indicators, setIndicators] = useState(c.indicatorKeys.join(', '));
  const [dates, setDates] = useState(c.reportingDates.join(', '));
  const [funding, setFunding] = useState(c.fundingReference ?? '');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const patch: Partial<AgreementContent> = {
      title: title.trim(), period: { from, to }, goalIds, measures: measures.split('\n').map((m) => m.trim()).filter(Boolean),
      indicatorKeys: indicators.split(/[,\s]+/).filter(Boolean), reportingDates: dates.split(/[,\s]+/).filter(Boolean), fundingReference: funding.trim() || null,
    };
    try { onSaved(await editAgreement(a.id, patch)); } catch (err) { setError(err); }
  }
  return (
    <form className="goal-form" onSubmit={(e) => void submit(e)} aria-label={tg('agreement.edit')}>
      <p className="hint gf-wide">{tg('agreement.editHint')}</p>
      <div className="gf-row gf-wide"><label htmlFor="ag-title">{tg('agreement.titleField')}</label><input id="ag-title" value={title} onChange={(e) => setTitle(e.target.value)} required /></div>
      <div className="gf-row"><label htmlFor="ag-from">{tg('agreement.from')}</label><input id="ag-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required /></div>
      <div className="gf-row"><label htmlFor="ag-to">{tg('agreement.to')}</label><input id="ag-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required /></div>
      <fieldset className="gf-row gf-wide gf-checks">
        <legend>{tg('agreement.goals')}</legend>
        {goals.map((g) => (
          <label key={g.id}><input type="checkbox" checked={goalIds.includes(String(g.id))} onChange={(e) => setGoalIds((x) => (e.target.checked ? [...x, String(g.id)] : x.filter((y) => y !== String(g.id))))} /> {g.title}</label>
        ))}
      </fieldset>
      <div className="gf-row gf-wide"><label htmlFor="ag-m">{tg('agreement.measures')} <span className="hint">({tg('agreement.measuresHint')})</span></label><textarea id="ag-m" rows={3} value={measures} onChange={(e) => setMeasures(e.target.value)} /></div>
      <div className="gf-row gf-wide"><label htmlFor="ag-i">{tg('agreement.indicators')} <span className="hint">({tg('agreement.indicatorsHint')})</span></label><input id="ag-i" value={indicators} onChange={(e) => setIndicators(e.target.value)} /></div>
      <div className="gf-row gf-wide"><label htmlFor="ag-d">{tg('agreement.dates')} <span className="hint">({tg('agreement.datesHint')})</span></label><input id="ag-d" value={dates} onChange={(e) => setDates(e.target.value)} /></div>
      <div className="gf-row gf-wide"><label htmlFor="ag-f">{tg('agreement.funding')}</label><input id="ag-f" value={funding} onChange={(e) => setFunding(e.target.value)} /></div>
      <ErrorLine error={error} />
      <div className="gf-wide"><button type="submit">{tg('agreement.saveChanges')}</button></div>
    </form>
  );
}

function Lifecycle({ state }: { state: string }) {
  const { tg, tk } = useGoalText();
  const at = LIFECYCLE.indexOf(state);
  return (
    <ol className="lifecycle" aria-label={tg('agreement.lifecycle')}>
      {LIFECYCLE.map((s, i) => (
        <li key={s} className={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>{tk('state', s)}</li>
      ))}
    </ol>
  );
}

function Dialogues({ a }: { a: Agreement }) {
  const { tg } = useGoalText();
  const session = useSession();
  const list = useApi(`ag-dialogues-${a.id}`, (s) => getDialogues(a.id, s));
  const [year, setYear] = useState(String(Number(a.content.period.to.slice(0, 4)) || new Date().getFullYear()));
  const [error, setError] = useState<unknown>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const d = await createDialogue({ year: Number(year), agreementId: a.id, title: a.content.title, worked: '', didNotWork: '', changes: '', followUps: [] });
      navigate(href.dialogue(d.id));
    } catch (err) { setError(err); }
  }
  return (
    <section aria-labelledby="ag-h-dialogues">
      <h3 id="ag-h-dialogues">{tg('agreement.dialogues')}</h3>
      <Loading value={list}>{(ds) => ds.length === 0 ? <p className="hint">{tg('home.noDialogues')}</p> : (
        <ul className="goal-links">{ds.map((d) => <li key={d.id}><a href={href.dialogue(d.id)}>{tg('dialogue.title', { year: d.year })}</a> {d.finalisedAt ? <span className="badge">✓</span> : <span className="hint">{tg('dialogue.draft')}</span>}</li>)}</ul>
      )}</Loading>
      {session.can('goals:write') && (
        <form className="goal-inline" onSubmit={(e) => void create(e)}>
          <label htmlFor="ag-dialogue-year">{tg('agreement.year')}</label>
          <input id="ag-dialogue-year" type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(e.target.value)} className="year-input" />
          <button type="submit">{tg('agreement.newDialogue')}</button>
          <ErrorLine error={error} />
        </form>
      )}
    </section>
  );
}

function Detail({ initial }: { initial: Agreement }) {
  const { tg, tk, local, lang } = useGoalText();
  const session = useSession();
  const [a, setA] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const goals = useApi('ag-goals', getGoals);
  const indicators = useIndicators();
  const areas = useApi(session.can('coordination:read') ? 'goal-planning-areas' : null, (s) => getJson<{ code: string; name: string }[]>('/api/planning-areas', s));
  const areaName = a.area === null ? '–' : (areas.state === 'ready' ? areas.data.find((x) => x.code === a.area)?.name : undefined) ?? a.area;
  const indicatorName = (k: string) => { const i = indicators.find((x) => x.key === k); return i ? (lang === 'en' && i.nameEn ? i.nameEn : i.name) : k; };
  const reports = useApi(`ag-reports-${a.id}-${a.state}`, (s) => getReports(a.id, s));
  const goalList = goals.state === 'ready' ? goals.data : [];
  const reportOf = (due: string): Report | undefined => (reports.state === 'ready' ? reports.data.find((r) => r.due === due) : undefined);
  const editable = EDITABLE.includes(a.state);
  const party = session.can('agreements:party');

  async function step(action: string) {
    setError(null);
    setDone(null);
    try { setA(await agreementStep(a.id, action)); setDone(tg('agreement.stepDone', { step: tk('action', action) })); } catch (err) { setError(err); }
  }
  async function version() {
    setError(null);
    try { const next = await newVersion(a.id); navigate(href.agreement(next.id)); } catch (err) { setError(err); }
  }

  return (
    <>
      <h2>{a.content.title}</h2>
      <p className="agreement-sub">
        {tg('agreement.version', { version: a.version })} · {a.provider.name ?? a.provider.organisationId}
        {a.previousVersionId !== null && <> · <a href={href.agreement(a.previousVersionId)}>{tg('agreement.previous')}</a></>}
      </p>
      <Lifecycle state={a.state} />
      <p><strong>{tg('agreement.state')}:</strong> <span className="badge" data-testid="agreement-state">{tk('state', a.state)}</span></p>
      {!editable && <p className="readonly-note" role="note">{tg('agreement.readOnly')}</p>}
      {a.overdue.length > 0 && <p className="overdue-flag" role="status">{tg('agreement.overdueList', { dates: a.overdue.join(', ') })}</p>}

      {party && (
        <div className="goal-actions" role="group" aria-label={tg('agreement.lifecycle')}>
          {a.allowedActions.map((x) => <button key={x} type="button" onClick={() => void step(x)}>{tk('action', x)}</button>)}
          {!editable && session.can('goals:write') && <button type="button" onClick={() => void version()}>{tg('agreement.newVersion')}</button>}
          {editable && a.allowedActions.length > 0 && <button type="button" className="secondary" aria-expanded={editing} onClick={() => setEditing((x) => !x)}>{tg('agreement.edit')}</button>}
          {a.allowedActions.length === 0 && !(!editable && session.can('goals:write')) && <span className="hint">{tg('agreement.noActions')}</span>}
        </div>
      )}
      {done && <p className="saved" role="status">{done}</p>}
      <ErrorLine error={error} />
      {editing && editable && <ContentEditor a={a} goals={goalList} onSaved={(x) => { setA(x); setEditing(false); }} />}

      <div className="agreement-grid">
        <dl className="goal-facts">
          <dt>{tg('agreement.period')}</dt><dd>{a.content.period.from} – {a.content.period.to}</dd>
          <dt>{tg('agreement.areaLabel')}</dt><dd>{areaName}</dd>
          <dt>{tg('agreement.signatures')}</dt>
          <dd>{tg('agreement.sigCoordinator')}: {a.signatures.coordinator?.slice(0, 10) ?? tg('agreement.unsigned')}<br />{tg('agreement.sigProvider')}: {a.signatures.provider?.slice(0, 10) ?? tg('agreement.unsigned')}</dd>
          <dt>{tg('agreement.measures')}</dt><dd>{a.content.measures.length ? <ul>{a.content.measures.map((m, i) => <li key={i}>{m}</li>)}</ul> : '–'}</dd>
          <dt>{tg('agreement.indicators')}</dt><dd>{a.content.indicatorKeys.length ? a.content.indicatorKeys.map((k, i) => <span key={k}>{i > 0 && ', '}<a href={`#/indikator/${encodeURIComponent(k)}`}>{indicatorName(k)}</a></span>) : '–'}</dd>
          <dt>{tg('agreement.offers')}</dt><dd>{a.content.offerIds.length ? a.content.offerIds.join(', ') : tg('agreement.wholeOrg')}</dd>
          <dt>{tg('agreement.funding')}</dt><dd>{a.content.fundingReference ?? '–'}</dd>
        </dl>
        <section aria-labelledby="ag-h-goals">
          <h3 id="ag-h-goals">{tg('agreement.goals')}</h3>
          {a.content.goalIds.length === 0 ? <p>–</p> : (
            <ul className="goal-links">
              {a.content.goalIds.map((gid) => {
                const g = goalList.find((x) => String(x.id) === gid);
                return <li key={gid}>{g ? <><a href={href.goal(g.id)}>{g.title}</a> <TrafficLight status={g.status} label={local(g.statusLabel)} /></> : <a href={href.goal(Number(gid))}>#{gid}</a>}</li>;
              })}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="ag-h-reports">
        <h3 id="ag-h-reports">{tg('agreement.reports')}</h3>
        <div className="table-scroll">
          <table className="goal-table" data-testid="agreement-reports">
            <thead><tr><th scope="col">{tg('goal.asOf')}</th><th scope="col">{tg('report.state')}</th><th scope="col">{tg('agreement.deadline')}</th><th scope="col"><span className="visually-hidden">{tg('agreement.report')}</span></th></tr></thead>
            <tbody>
              {a.dueDates.map((d) => {
                const r = reportOf(d.due);
                return (
                  <tr key={d.due} className={d.state === 'overdue' ? 'overdue' : ''}>
                    <th scope="row">{d.due}</th>
                    <td>{tk('report.rstate', r?.state ?? 'missing')}</td>
                    <td>{d.state === 'overdue' ? <strong className="overdue-flag">⚠ {tk('report.due', d.state)}</strong> : tk('report.due', d.state)}</td>
                    <td><a href={href.report(a.id, d.due)}>{tg('agreement.report')}<span className="visually-hidden"> {d.due}</span></a></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <Dialogues a={a} />
    </>
  );
}

export function AgreementPage({ agreementId }: { agreementId: number }) {
  const { tg } = useGoalText();
  const a = useApi(`agreement-${agreementId}`, (s) => getAgreement(agreementId, s));
  return (
    <section className="goals-page agreement-page">
      <nav className="goal-crumbs"><a href={href.home}>{tg('goal.back')}</a></nav>
      <Loading value={a}>{(data) => <Detail key={data.id} initial={data} />}</Loading>
    </section>
  );
}
