import { useState, type FormEvent } from 'react';
import { useApi } from '../shared/useApi.ts';
import { useSession } from '../auth/session.ts';
import { useGoalText } from './text.ts';
import { acceptProposal, addComment, addProposal, castVotes, getGoals, getWorkshop, href, type Proposal, type Workshop } from './api.ts';
import { ErrorLine, GoalForm, Loading } from './parts.tsx';
import { navigate } from '../shared/route.ts';

// "#/ziele/werkstatt/{id}": a Bildungswerkstatt — proposals with their comments and votes, one
// budget of votes per person (the ballot replaces one's earlier one), and accepting a proposal
// into a goal that keeps the proposal as its origin.

function CommentForm({ proposal, onDone }: { proposal: Proposal; onDone: (w: Workshop) => void }) {
  const { tg } = useGoalText();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = `comment-${proposal.id}`;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try { onDone(await addComment(proposal.id, text.trim())); setText(''); } catch (err) { setError(err); }
  }
  return (
    <form className="goal-inline" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id} className="visually-hidden">{tg('workshop.comment', { title: proposal.title })}</label>
      <input id={id} value={text} onChange={(e) => setText(e.target.value)} required maxLength={5000} placeholder={tg('workshop.comment', { title: proposal.title })} />
      <button type="submit">{tg('workshop.commentSend')}</button>
      <ErrorLine error={error} />
    </form>
  );
}

function Board({ initial }: { initial: Workshop }) {
  const { tg } = useGoalText();
  const session = useSession();
  const [w, setW] = useState(initial);
  const [points, setPoints] = useState<Record<string, number>>({});
  const [error, setError] = useState<unknown>(null);
  const [voted, setVoted] = useState(false);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [accepting, setAccepting] = useState<number | null>(null);
  const goals = useApi(session.can('goals:write') ? 'workshop-goals' : null, getGoals);
  const used = Object.values(points).reduce((a, b) => a + b, 0);
  const left = w.votesPerPerson - used;

  async function propose(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try { setW(await addProposal(w.id, { title: title.trim(), text: text.trim() })); setTitle(''); setText(''); } catch (err) { setError(err); }
  }
  async function vote(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setVoted(false);
    const ballot = Object.fromEntries(Object.entries(points).filter(([, v]) => v > 0));
    try { setW(await castVotes(w.id, ballot)); setVoted(true); } catch (err) { setError(err); }
  }

  return (
    <>
      <h2>{w.title}</h2>
      <p className="hint">{w.area ? `${w.area.name} · ` : ''}{tg('workshop.rules', { budget: w.votesPerPerson, max: w.maxPerProposal, voters: w.voters })}</p>
      <section aria-labelledby="ws-h-proposals">
        <h3 id="ws-h-proposals">{tg('workshop.proposals', { count: w.proposals.length })}</h3>
        <ol className="proposals">
          {w.proposals.map((p) => (
            <li key={p.id} className="proposal" data-testid={`proposal-${p.id}`}>
              <div className="proposal-head">
                <h4>{p.title}</h4>
                <span className="proposal-points" data-testid="proposal-points">{tg('workshop.points', { points: p.points })}{p.rank !== null ? ` · ${tg('workshop.rank', { rank: p.rank })}` : ''}</span>
              </div>
              {p.text && <p>{p.text}</p>}
              {p.acceptedGoalId !== null ? (
                <p className="accepted">✓ {tg('workshop.accepted')} — <a href={href.goal(p.acceptedGoalId)}>{tg('workshop.openGoal')}</a></p>
              ) : (
                <div className="goal-inline">
                  <label htmlFor={`votes-${p.id}`}>{tg('workshop.myVotes', { title: p.title })}</label>
                  <input id={`votes-${p.id}`} form="ws-vote" type="number" min={0} max={w.maxPerProposal} value={points[p.id] ?? 0} className="vote-input"
                    onChange={(e) => setPoints((c) => ({ ...c, [p.id]: Math.max(0, Math.min(w.maxPerProposal, Number(e.target.value) || 0)) }))} />
                </div>
              )}
              {p.comments.length > 0 && (
                <ul className="comments">{p.comments.map((c, i) => <li key={i}><strong>{c.author ?? '–'}:</strong> {c.text}</li>)}</ul>
              )}
              <CommentForm proposal={p} onDone={setW} />
              {session.can('goals:write') && p.acceptedGoalId === null && (
                accepting === p.id ? (
                  <div className="accept-box">
                    <h5>{tg('workshop.acceptTitle', { title: p.title })}</h5>
                    <GoalForm goals={goals.state === 'ready' ? goals.data : []} submitLabel={tg('workshop.accept')}
                      defaults={{ title: p.title, resultStatement: p.text, area: w.area }}
                      onSubmit={async (input) => { const g = await acceptProposal(p.id, input); navigate(href.goal(g.id)); }} />
                  </div>
                ) : <button type="button" onClick={() => setAccepting(p.id)}>{tg('workshop.accept')}</button>
              )}
            </li>
          ))}
        </ol>
        {w.proposals.some((p) => p.acceptedGoalId === null) && (
          <form id="ws-vote" className="vote-bar" aria-live="polite" onSubmit={(e) => void vote(e)}>
            <span className={left < 0 ? 'over' : ''} data-testid="votes-left">{left >= 0 ? tg('workshop.left', { left, budget: w.votesPerPerson }) : tg('workshop.over', { over: -left })}</span>
            <button type="submit" disabled={left < 0 || used === 0}>{tg('workshop.vote')}</button>
            {voted && <span className="saved" role="status">{tg('workshop.voted')}</span>}
          </form>
        )}
      </section>
      <ErrorLine error={error} />
      <section aria-labelledby="ws-h-new" className="goal-create-open">
        <h3 id="ws-h-new">{tg('workshop.newProposal')}</h3>
        <form className="goal-form" onSubmit={(e) => void propose(e)}>
          <div className="gf-row gf-wide"><label htmlFor="ws-p-title">{tg('workshop.proposalTitle')}</label><input id="ws-p-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} /></div>
          <div className="gf-row gf-wide"><label htmlFor="ws-p-text">{tg('workshop.proposalText')}</label><textarea id="ws-p-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} /></div>
          <div className="gf-wide"><button type="submit">{tg('workshop.add')}</button></div>
        </form>
      </section>
    </>
  );
}

export function WorkshopPage({ workshopId }: { workshopId: number }) {
  const { tg } = useGoalText();
  const w = useApi(`workshop-${workshopId}`, (s) => getWorkshop(workshopId, s));
  return (
    <section className="goals-page workshop-page">
      <nav className="goal-crumbs"><a href={href.home}>{tg('goal.back')}</a></nav>
      <Loading value={w}>{(data) => <Board initial={data} />}</Loading>
    </section>
  );
}
