import { useId, useState, type FormEvent } from 'react';
import { getJson } from '../shared/api.ts';
import { useApi } from '../shared/useApi.ts';
import { useSession } from '../auth/session.ts';
import { useGoalText } from './text.ts';
import {
  createAgreement, createDialogue, createGoal, createWorkshop, getAgreements, getDialogues, getGoals, getWorkshops, href, RBA_QUADRANTS,
  type Agreement, type Goal,
} from './api.ts';
import { ErrorLine, GoalForm, Loading, TrafficLight } from './parts.tsx';
import { navigate } from '../shared/route.ts';

// "#/ziele": the goal hierarchy (city → planning area → agreement) with each goal's traffic light
// and reason, the goal agreements (overdue reports flagged), workshops and effectiveness dialogues,
// and — for those who may — forms to create each.

const LEVEL_ORDER = ['city', 'domain', 'planning-area', 'agreement'];

function GoalTree({ goals, agreements }: { goals: Goal[]; agreements: Agreement[] }) {
  const { tg, tk, local } = useGoalText();
  const ids = new Set(goals.map((g) => g.id));
  const roots = goals.filter((g) => g.parentId === null || !ids.has(g.parentId))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.id - b.id);
  const children = (id: number) => goals.filter((g) => g.parentId === id);
  const agreementsOf = (id: number) => agreements.filter((a) => a.content.goalIds.includes(String(id)));
  const node = (g: Goal) => {
    const kids = children(g.id);
    const ags = agreementsOf(g.id);
    return (
      <li key={g.id} className={`goal-node level-${g.level}`}>
        <div className="goal-card">
          <span className="goal-level">{tk('level', g.level)}{g.area ? ` · ${g.area.name}` : ''}</span>
          <a href={href.goal(g.id)} className="goal-title">{g.title}</a>
          <TrafficLight status={g.status} label={local(g.statusLabel)} />
          <p className="goal-reason">{local(g.reason)}</p>
        </div>
        {(kids.length > 0 || ags.length > 0) && (
          <ul className="goal-tree">
            {kids.map(node)}
            {ags.map((a) => (
              <li key={`a${a.id}`} className="goal-node level-agreement-link">
                <div className="goal-card">
                  <span className="goal-level">{tg('level.agreement')} · {a.provider.name ?? ''}</span>
                  <a href={href.agreement(a.id)}>{a.content.title}</a> <span className="badge">{tk('state', a.state)}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </li>
    );
  };
  if (!roots.length) return <p>{tg('home.noGoals')}</p>;
  return <ul className="goal-tree goal-tree-root">{roots.map(node)}</ul>;
}

/** Providers' performance measures in the four RBA quadrants, each with its traffic light (METHODS.md §8). */
export function RbaQuadrants({ goals }: { goals: Goal[] }) {
  const { tg, tk, local } = useGoalText();
  const measured = goals.filter((g) => g.rba);
  if (!measured.length) return null;
  const betterOff = measured.some((g) => g.rba!.aspect === 'effect');
  return (
    <section aria-labelledby="goals-h-rba" className="goal-rba">
      <h3 id="goals-h-rba">{tg('rba.title')}</h3>
      <p className="hint">{tg('rba.intro')}</p>
      <div className="rba-grid" data-testid="rba-grid">
        {RBA_QUADRANTS.map((q) => {
          const inQ = measured.filter((g) => g.rba!.quadrant === q);
          return (
            <section key={q} className={`rba-cell rba-${q}`} aria-label={tk('rba', q)}>
              <h4>{tk('rba', q)}</h4>
              {inQ.length === 0 ? <p className="hint">{tg('rba.none')}</p> : (
                <ul className="goal-links">
                  {inQ.map((g) => <li key={g.id}><a href={href.goal(g.id)}>{g.title}</a> <TrafficLight status={g.status} label={local(g.statusLabel)} /></li>)}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      {!betterOff && <p className="hint" role="note">{tg('rba.noBetterOff')}</p>}
    </section>
  );
}

function AgreementForm({ goals, onCreated }: { goals: Goal[]; onCreated: (a: Agreement) => void }) {
  const { tg } = useGoalText();
  const id = useId();
  const orgs = useApi('goal-orgs', (s) => getJson<{ id: number; name: string }[]>('/api/organisations', s));
  const areas = useApi('goal-planning-areas', (s) => getJson<{ layer: string; code: string; name: string; yours: boolean }[]>('/api/planning-areas', s));
  const year = new Date().getFullYear();
  const [org, setOrg] = useState('');
  const [area, setArea] = useState<string | null>(null);
  const own = areas.state === 'ready' ? areas.data.find((a) => a.yours) : undefined;
  const areaValue = area ?? (own ? `${own.layer}/${own.code}` : '');
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const [goalIds, setGoalIds] = useState<string[]>([]);
  const [measures, setMeasures] = useState('');
  const [dates, setDates] = useState(`${year}-06-30, ${year}-12-31`);
  const [funding, setFunding] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const [layer, code] = areaValue.split('/');
    const chosen = goals.filter((g) => goalIds.includes(String(g.id)));
    try {
      const a = await createAgreement({
        providerOrganisationId: Number(org), area: layer && code ? { layer, code } : null,
        content: {
          title: title.trim(), period: { from, to }, goalIds, measures: measures.split('\n').map((m) => m.trim()).filter(Boolean),
          indicatorKeys: [...new Set(chosen.map((g) => g.indicatorKey).filter((k): k is string => !!k))],
          reportingDates: dates.split(/[,\s]+/).map((d) => d.trim()).filter(Boolean), offerIds: [], fundingReference: funding.trim() || null,
        },
      });
      onCreated(a);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="goal-form" onSubmit={(e) => void submit(e)} aria-label={tg('agreement.new')}>
      <div className="gf-row">
        <label htmlFor={`${id}-org`}>{tg('agreement.provider')}</label>
        <select id={`${id}-org`} value={org} onChange={(e) => setOrg(e.target.value)} required>
          <option value="">–</option>
          {orgs.state === 'ready' && [...orgs.data].sort((a, b) => a.name.localeCompare(b.name)).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
      </div>
      <div className="gf-row">
        <label htmlFor={`${id}-area`}>{tg('agreement.areaLabel')}</label>
        <select id={`${id}-area`} value={areaValue} onChange={(e) => setArea(e.target.value)}>
          <option value="">–</option>
          {areas.state === 'ready' && areas.data.map((a) => <option key={`${a.layer}/${a.code}`} value={`${a.layer}/${a.code}`}>{a.name}</option>)}
        </select>
      </div>
      <div className="gf-row gf-wide"><label htmlFor={`${id}-title`}>{tg('agreement.titleField')}</label><input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} /></div>
      <div className="gf-row"><label htmlFor={`${id}-from`}>{tg('agreement.from')}</label><input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} required /></div>
      <div className="gf-row"><label htmlFor={`${id}-to`}>{tg('agreement.to')}</label><input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} required /></div>
      <fieldset className="gf-row gf-wide gf-checks">
        <legend>{tg('agreement.goals')}</legend>
        {goals.map((g) => (
          <label key={g.id}><input type="checkbox" checked={goalIds.includes(String(g.id))} onChange={(e) => setGoalIds((c) => (e.target.checked ? [...c, String(g.id)] : c.filter((x) => x !== String(g.id))))} /> {g.title}{g.area ? ` (${g.area.name})` : ''}</label>
        ))}
      </fieldset>
      <div className="gf-row gf-wide"><label htmlFor={`${id}-m`}>{tg('agreement.measures')} <span className="hint">({tg('agreement.measuresHint')})</span></label><textarea id={`${id}-m`} rows={3} value={measures} onChange={(e) => setMeasures(e.target.value)} /></div>
      <div className="gf-row gf-wide"><label htmlFor={`${id}-d`}>{tg('agreement.dates')} <span className="hint">({tg('agreement.datesHint')})</span></label><input id={`${id}-d`} value={dates} onChange={(e) => setDates(e.target.value)} /></div>
      <div className="gf-row gf-wide"><label htmlFor={`${id}-f`}>{tg('agreement.funding')}</label><input id={`${id}-f`} value={funding} onChange={(e) => setFunding(e.target.value)} maxLength={200} /></div>
      <ErrorLine error={error} />
      <div className="gf-wide"><button type="submit">{tg('agreement.save')}</button></div>
    </form>
  );
}

function WorkshopForm({ onCreated }: { onCreated: (id: number) => void }) {
  const { tg } = useGoalText();
  const id = useId();
  const areas = useApi('goal-planning-areas', (s) => getJson<{ layer: string; code: string; name: string; yours: boolean }[]>('/api/planning-areas', s));
  const own = areas.state === 'ready' ? areas.data.find((a) => a.yours) : undefined;
  const [area, setArea] = useState<string | null>(null);
  const areaValue = area ?? (own ? `${own.layer}/${own.code}` : '');
  const [title, setTitle] = useState('');
  const [budget, setBudget] = useState('5');
  const [max, setMax] = useState('3');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const [layer, code] = areaValue.split('/');
    try {
      const w = await createWorkshop({ title: title.trim(), area: layer && code ? { layer, code } : null, votesPerPerson: Number(budget), maxPerProposal: Number(max) });
      onCreated(w.id);
    } catch (err) { setError(err); }
  }
  return (
    <form className="goal-form" onSubmit={(e) => void submit(e)} aria-label={tg('workshop.new')}>
      <div className="gf-row gf-wide"><label htmlFor={`${id}-t`}>{tg('workshop.titleField')}</label><input id={`${id}-t`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} /></div>
      <div className="gf-row">
        <label htmlFor={`${id}-a`}>{tg('goal.area')}</label>
        <select id={`${id}-a`} value={areaValue} onChange={(e) => setArea(e.target.value)}>
          <option value="">{tg('goal.noArea')}</option>
          {areas.state === 'ready' && areas.data.map((a) => <option key={`${a.layer}/${a.code}`} value={`${a.layer}/${a.code}`}>{a.name}</option>)}
        </select>
      </div>
      <div className="gf-row"><label htmlFor={`${id}-b`}>{tg('workshop.budget')}</label><input id={`${id}-b`} type="number" min={1} max={100} value={budget} onChange={(e) => setBudget(e.target.value)} /></div>
      <div className="gf-row"><label htmlFor={`${id}-m`}>{tg('workshop.max')}</label><input id={`${id}-m`} type="number" min={1} max={100} value={max} onChange={(e) => setMax(e.target.value)} /></div>
      <ErrorLine error={error} />
      <div className="gf-wide"><button type="submit">{tg('workshop.save')}</button></div>
    </form>
  );
}

function AreaDialogueForm() {
  const { tg } = useGoalText();
  const id = useId();
  const areas = useApi('goal-planning-areas', (s) => getJson<{ layer: string; code: string; name: string; yours: boolean }[]>('/api/planning-areas', s));
  const own = areas.state === 'ready' ? areas.data.find((a) => a.yours) : undefined;
  const [area, setArea] = useState<string | null>(null);
  const areaValue = area ?? (own ? `${own.layer}/${own.code}` : '');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const [layer, code] = areaValue.split('/');
    const name = areas.state === 'ready' ? areas.data.find((a) => `${a.layer}/${a.code}` === areaValue)?.name ?? code : code;
    try {
      const d = await createDialogue({ year: Number(year), area: { layer, code }, title: `${tg('dialogue.planningArea')} ${name}`, worked: '', didNotWork: '', changes: '', followUps: [] });
      navigate(href.dialogue(d.id));
    } catch (err) { setError(err); }
  }
  return (
    <form className="goal-form" onSubmit={(e) => void submit(e)} aria-label={tg('dialogue.new')}>
      <div className="gf-row">
        <label htmlFor={`${id}-a`}>{tg('goal.area')}</label>
        <select id={`${id}-a`} value={areaValue} onChange={(e) => setArea(e.target.value)} required>
          <option value="">–</option>
          {areas.state === 'ready' && areas.data.map((a) => <option key={`${a.layer}/${a.code}`} value={`${a.layer}/${a.code}`}>{a.name}</option>)}
        </select>
      </div>
      <div className="gf-row"><label htmlFor={`${id}-y`}>{tg('agreement.year')}</label><input id={`${id}-y`} type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(e.target.value)} /></div>
      <ErrorLine error={error} />
      <div className="gf-wide"><button type="submit">{tg('dialogue.create')}</button></div>
    </form>
  );
}

export function GoalsPage() {
  const { tg, tk } = useGoalText();
  const session = useSession();
  const [tick, setTick] = useState(0);
  const on = session.status === 'signed-in' && session.can('goals:read');
  const goals = useApi(on ? `goals-${tick}` : null, getGoals);
  const agreements = useApi(on ? `agreements-${tick}` : null, getAgreements);
  const workshops = useApi(on ? `workshops-${tick}` : null, getWorkshops);
  const dialogues = useApi(on ? `dialogues-${tick}` : null, (s) => getDialogues(undefined, s));
  const write = session.can('goals:write');

  if (session.status === 'unknown') return <p className="status">{tg('common.loading')}</p>;
  if (!on) return <section className="goals-page"><h2>{tg('home.title')}</h2><p>{tg('home.signIn')}</p></section>;

  const goalList = goals.state === 'ready' ? goals.data : [];
  return (
    <section className="goals-page" aria-labelledby="goals-title">
      <h2 id="goals-title">{tg('home.title')}</h2>
      <p className="hint">{tg('home.intro')}</p>
      <div className="goals-columns">
        <section aria-labelledby="goals-h-tree" className="goals-main">
          <h3 id="goals-h-tree">{tg('home.hierarchy')}</h3>
          <Loading value={goals}>{(list) => <GoalTree goals={list} agreements={agreements.state === 'ready' ? agreements.data : []} />}</Loading>
          {goals.state === 'ready' && <RbaQuadrants goals={goals.data} />}
          {write && (
            <details className="goal-create">
              <summary>{tg('goal.new')}</summary>
              <GoalForm goals={goalList} submitLabel={tg('goal.save')} onSubmit={async (input) => { const g = await createGoal(input); navigate(href.goal(g.id)); }} />
            </details>
          )}
        </section>
        <aside className="goals-side">
          <section aria-labelledby="goals-h-ag">
            <h3 id="goals-h-ag">{tg('home.agreements')}</h3>
            <Loading value={agreements}>{(list) => list.length === 0 ? <p>{tg('home.noAgreements')}</p> : (
              <ul className="goal-links">
                {list.map((a) => (
                  <li key={a.id}>
                    <a href={href.agreement(a.id)}>{a.content.title}</a> <span className="hint">v{a.version} · {a.provider.name ?? ''}</span> <span className="badge">{tk('state', a.state)}</span>
                    {a.overdue.length > 0 && <span className="overdue-flag"> {tg('agreement.overdueList', { dates: a.overdue.join(', ') })}</span>}
                  </li>
                ))}
              </ul>
            )}</Loading>
            {write && (
              <details className="goal-create">
                <summary>{tg('agreement.new')}</summary>
                <AgreementForm goals={goalList} onCreated={(a) => { navigate(href.agreement(a.id)); }} />
              </details>
            )}
          </section>
          <section aria-labelledby="goals-h-ws">
            <h3 id="goals-h-ws">{tg('home.workshops')}</h3>
            <Loading value={workshops}>{(list) => list.length === 0 ? <p>{tg('home.noWorkshops')}</p> : (
              <ul className="goal-links">{list.map((w) => <li key={w.id}><a href={href.workshop(w.id)}>{w.title}</a> <span className="hint">{w.area?.name ?? ''} · {tg('workshop.count', { count: w.proposals })}</span></li>)}</ul>
            )}</Loading>
            {write && (
              <details className="goal-create">
                <summary>{tg('workshop.new')}</summary>
                <WorkshopForm onCreated={(id) => { setTick((n) => n + 1); navigate(href.workshop(id)); }} />
              </details>
            )}
          </section>
          <section aria-labelledby="goals-h-dl">
            <h3 id="goals-h-dl">{tg('home.dialogues')}</h3>
            <Loading value={dialogues}>{(list) => list.length === 0 ? <p>{tg('home.noDialogues')}</p> : (
              <ul className="goal-links">{list.map((d) => <li key={d.id}><a href={href.dialogue(d.id)}>{tg('dialogue.title', { year: d.year })}: {d.title}</a>{d.finalisedAt && <span className="badge">✓</span>}</li>)}</ul>
            )}</Loading>
            {write && (
              <details className="goal-create">
                <summary>{tg('dialogue.new')}</summary>
                <AreaDialogueForm />
              </details>
            )}
          </section>
        </aside>
      </div>
    </section>
  );
}

