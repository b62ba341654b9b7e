import { useState, type FormEvent } from 'react';
import { useApi } from '../shared/useApi.ts';
import { useSession } from '../auth/session.ts';
import { useGoalText } from './text.ts';
import {
  dialogueExport, finaliseDialogue, getAgreement, getDialogue, getGoal, getReports, href, updateDialogue,
  type Dialogue, type FollowUp,
} from './api.ts';
import { ErrorLine, GoalStatusLine, Loading } from './parts.tsx';

// "#/ziele/dialog/{id}": the annual Wirksamkeitsdialog of an agreement or a planning area — what
// worked, what did not, what changes, agreed follow-ups — beside the reports and goals it draws on;
// finalising makes it immutable; PDF and DOCX exports for the Jugendhilfeausschuss.

function Basis({ agreementId }: { agreementId: number }) {
  const { tg, tk, locale } = useGoalText();
  const data = useApi(`dialogue-basis-${agreementId}`, async (s) => {
    const [a, reports] = await Promise.all([getAgreement(agreementId, s), getReports(agreementId, s)]);
    const goals = await Promise.all(a.content.goalIds.map((g) => getGoal(Number(g), s).catch(() => null)));
    return { a, reports, goals: goals.filter((g) => g !== null) };
  });
  const euro = (c: number) => (c / 100).toLocaleString(locale, { style: 'currency', currency: 'EUR' });
  const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);
  return (
    <section aria-labelledby="dl-h-basis" className="dialogue-basis">
      <h3 id="dl-h-basis">{tg('dialogue.basis')}</h3>
      <Loading value={data}>{({ a, reports, goals }) => (
        <>
          <p><a href={href.agreement(a.id)}>{a.content.title}</a> · {a.provider.name ?? ''} · {tk('state', a.state)}</p>
          <ul className="goal-links">
            {goals.map((g) => <li key={g.id}><a href={href.goal(g.id)}>{g.title}</a><GoalStatusLine goal={g} /></li>)}
          </ul>
          {reports.length > 0 && (
            <div className="table-scroll">
              <table className="goal-table stack">
                <thead><tr><th scope="col">{tg('goal.asOf')}</th><th scope="col">{tg('agreement.state')}</th><th scope="col" className="num">{tg('report.fundingShort')}</th><th scope="col" className="num">{tg('report.participants')}</th></tr></thead>
                <tbody>{reports.map((r) => (
                  <tr key={r.due}><th scope="row"><a href={href.report(a.id, r.due)}>{r.due}</a></th><td data-label={tg('report.state')}>{tk('report.rstate', r.state)}</td><td data-label={tg('report.fundingShort')} className="num">{euro(r.inputs.fundingJugendamtCents)}</td><td data-label={tg('report.participants')} className="num">{sum(r.outputs.participantsByAge)}</td></tr>
                ))}</tbody>
              </table>
            </div>
          )}
        </>
      )}</Loading>
    </section>
  );
}

function Editor({ initial }: { initial: Dialogue }) {
  const { tg, lang } = useGoalText();
  const session = useSession();
  const [d, setD] = useState(initial);
  const [title, setTitle] = useState(d.title);
  const [worked, setWorked] = useState(d.worked);
  const [didNot, setDidNot] = useState(d.didNotWork);
  const [changes, setChanges] = useState(d.changes);
  const [follow, setFollow] = useState<FollowUp[]>(d.followUps);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const final = d.finalisedAt !== null;
  const ro = final || !session.can('goals:write');
  const content = () => ({ title: title.trim(), worked, didNotWork: didNot, changes, followUps: follow.filter((f) => f.task.trim()).map((f) => ({ task: f.task.trim(), ...(f.owner?.trim() ? { owner: f.owner.trim() } : {}), ...(f.due ? { due: f.due } : {}) })) });

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null); setSaved(false);
    try { setD(await updateDialogue(d.id, content())); setSaved(true); } catch (err) { setError(err); }
  }
  async function finalise() {
    setError(null); setSaved(false);
    if (!window.confirm(tg('dialogue.finaliseConfirm'))) return;
    try { await updateDialogue(d.id, content()); setD(await finaliseDialogue(d.id)); } catch (err) { setError(err); }
  }
  const area = (id: string, label: string, value: string, set: (v: string) => void) => ro ? (
    <div className="dl-field">
      <h4 id={id}>{label}</h4>
      <p className="dl-text" aria-labelledby={id}>{value || '–'}</p>
    </div>
  ) : (
    <div className="dl-field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={4} value={value} onChange={(e) => set(e.target.value)} maxLength={20000} />
    </div>
  );

  return (
    <>
      <h2>{tg('dialogue.title', { year: d.year })}: {d.title}</h2>
      <p className={final ? 'final-note' : 'hint'} data-testid="dialogue-state">{final ? tg('dialogue.finalised', { at: d.finalisedAt!.slice(0, 10) }) : tg('dialogue.draft')}</p>
      <section className="export-box" aria-labelledby="dl-h-export">
        <h3 id="dl-h-export">{tg('dialogue.export')}</h3>
        <div className="goal-actions">
          <a className="button" href={dialogueExport(d.id, 'pdf', lang)} target="_blank" rel="noopener" data-testid="export-pdf">{tg('dialogue.pdf')}</a>
          <a className="button" href={dialogueExport(d.id, 'docx', lang)} download data-testid="export-docx">{tg('dialogue.docx')}</a>
        </div>
      </section>
      <div className="dialogue-grid">
        <form className="dialogue-form" onSubmit={(e) => void save(e)} aria-label={tg('dialogue.title', { year: d.year })}>
          {!ro && <div className="dl-field"><label htmlFor="dl-title">{tg('dialogue.titleField')}</label><input id="dl-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} /></div>}
          {area('dl-worked', tg('dialogue.worked'), worked, setWorked)}
          {area('dl-didnot', tg('dialogue.didNotWork'), didNot, setDidNot)}
          {area('dl-changes', tg('dialogue.changes'), changes, setChanges)}
          {ro ? (
            <section aria-labelledby="dl-h-follow">
              <h4 id="dl-h-follow">{tg('dialogue.followUps')}</h4>
              {follow.length === 0 ? <p>–</p> : (
                <ul className="dl-follow-list">{follow.map((f, i) => <li key={i}>{f.task}{f.owner ? ` (${f.owner})` : ''}{f.due ? ` – ${tg('dialogue.due')} ${f.due}` : ''}</li>)}</ul>
              )}
            </section>
          ) : (
          <fieldset className="dl-follow">
            <legend>{tg('dialogue.followUps')}</legend>
            {follow.map((f, i) => (
              <div key={i} className="dl-follow-row">
                <input aria-label={`${tg('dialogue.task')} ${i + 1}`} placeholder={tg('dialogue.task')} value={f.task} onChange={(e) => setFollow((x) => x.map((y, j) => (j === i ? { ...y, task: e.target.value } : y)))} />
                <input aria-label={`${tg('dialogue.owner')} ${i + 1}`} placeholder={tg('dialogue.owner')} value={f.owner ?? ''} onChange={(e) => setFollow((x) => x.map((y, j) => (j === i ? { ...y, owner: e.target.value } : y)))} />
                <input aria-label={`${tg('dialogue.due')} ${i + 1}`} type="date" value={f.due ?? ''} onChange={(e) => setFollow((x) => x.map((y, j) => (j === i ? { ...y, due: e.target.value } : y)))} />
                <button type="button" className="secondary" onClick={() => setFollow((x) => x.filter((_, j) => j !== i))}>{tg('dialogue.remove')}<span className="visually-hidden"> {i + 1}</span></button>
              </div>
            ))}
            <button type="button" className="secondary" onClick={() => setFollow((x) => [...x, { task: '' }])}>{tg('dialogue.addFollowUp')}</button>
          </fieldset>
          )}
          <ErrorLine error={error} />
          {!ro && (
            <div className="goal-actions">
              <button type="submit">{tg('dialogue.save')}</button>
              <button type="button" className="secondary" onClick={() => void finalise()}>{tg('dialogue.finalise')}</button>
              {saved && <span className="saved" role="status">{tg('dialogue.saved')}</span>}
            </div>
          )}
        </form>
        {d.agreementId !== null && <Basis agreementId={d.agreementId} />}
      </div>
    </>
  );
}

export function DialoguePage({ dialogueId }: { dialogueId: number }) {
  const { tg } = useGoalText();
  const d = useApi(`dialogue-${dialogueId}`, (s) => getDialogue(dialogueId, s));
  return (
    <section className="goals-page dialogue-page">
      <nav className="goal-crumbs"><a href={href.home}>{tg('goal.back')}</a></nav>
      <Loading value={d}>{(data) => <Editor initial={data} />}</Loading>
    </section>
  );
}
