import { useState, type FormEvent } from 'react';
import { useApi } from '../shared/useApi.ts';
import { useSession } from '../auth/session.ts';
import { useGoalText } from './text.ts';
import type { Indicator } from '../indicators/api.ts';
import { getGroups } from '../coordination/api.ts';
import { getAgreements, getGoal, getGoals, href, recordStatus, setPublished, type Goal } from './api.ts';
import { ErrorLine, GoalChart, GoalStatusLine, Loading, TrafficLight, useIndicators, useNum } from './parts.tsx';

// "#/ziele/ziel/{id}": one goal — result statement, owner, indicator, baseline, target, direction;
// the computed status as a traffic light with the reason in words; the chart of actuals with the
// target line; the status history per reporting date; its place in the hierarchy.

/** The owner in words: the working group's name (coordination's list) or the coordinator's name, never a bare id. */
export function useOwnerName(goal: Goal): string {
  const { tg } = useGoalText();
  const groups = useApi('goal-owner-groups', getGroups);
  if (goal.owner.groupId !== null) {
    const g = groups.state === 'ready' ? groups.data.find((x) => x.id === goal.owner.groupId) : undefined;
    return g ? g.name : tg('goal.ownerGroupUnknown');
  }
  if (goal.owner.userId !== null) return goal.owner.userName ?? tg('goal.ownerUserUnknown');
  return '–';
}

function Facts({ goal, ind }: { goal: Goal; ind: Indicator | undefined }) {
  const { tg, tk, lang, local } = useGoalText();
  const n = useNum();
  const d = ind?.decimals ?? 1;
  const unit = ind ? ` ${lang === 'en' && ind.unitEn ? ind.unitEn : ind.unit}` : '';
  const owner = useOwnerName(goal);
  return (
    <dl className="goal-facts">
      <dt>{tg('goal.level')}</dt><dd>{tk('level', goal.level)}{goal.area ? ` · ${goal.area.name}` : ''}</dd>
      <dt>{tg('goal.result')}</dt><dd>{goal.resultStatement || '–'}</dd>
      <dt>{tg('goal.owner')}</dt><dd>{goal.owner.groupId !== null ? <a href={`#/koordination/gruppen/${goal.owner.groupId}`}>{owner}</a> : owner}</dd>
      <dt>{goal.indicatorKey ? tg('goal.indicator') : tg('goal.measure')}</dt>
      <dd>
        {goal.indicatorKey ? <a href={`#/indikator/${encodeURIComponent(goal.indicatorKey)}`}>{ind ? (lang === 'en' && ind.nameEn ? ind.nameEn : ind.name) : goal.indicatorKey}</a> : goal.measureName ?? '–'}
        {goal.indicatorArea && <> · {tg('goal.indicatorArea')}: {goal.indicatorArea.name}</>}
      </dd>
      {goal.rba && <><dt>{tg('rba.quadrant')}</dt><dd data-testid="goal-rba">{local(goal.rba.question)}{goal.rba.kind === 'share' && goal.rba.numerator && goal.rba.denominator ? ` · ${tg('rba.share', { numerator: goal.rba.numerator, denominator: goal.rba.denominator })}` : ''}</dd></>}
      <dt>{tg('goal.baseline')}</dt><dd>{goal.baseline ? `${n(goal.baseline.value, d)}${unit} (${goal.baseline.year})` : '–'}</dd>
      <dt>{tg('goal.target')}</dt><dd>{goal.target ? `${n(goal.target.value, d)}${unit} (${goal.target.year})` : tg('goal.noTarget')}</dd>
      <dt>{tg('goal.direction')}</dt><dd>{goal.higherIsBetter ? tg('goal.higher') : tg('goal.lower')}</dd>
      <dt>{tg('goal.latest')}</dt><dd>{goal.latest ? `${n(goal.latest.value, d)}${unit} (${goal.latest.year})` : '–'}</dd>
      {goal.linearProgress !== null && <><dt>{tg('goal.progress')}</dt><dd>{n(goal.linearProgress * 100, 0)} %</dd></>}
      <dt>{tg('publish.state')}</dt><dd>{goal.published ? tg('common.yes') : tg('common.no')}</dd>
      {goal.originProposalId !== null && <><dt>{lang === 'de' ? 'Herkunft' : 'Origin'}</dt><dd>{tg('goal.origin', { id: goal.originProposalId })}</dd></>}
    </dl>
  );
}

function History({ goal, decimals, onRecorded }: { goal: Goal; decimals: number; onRecorded: () => void }) {
  const { tg, tk, local } = useGoalText();
  const session = useSession();
  const n = useNum();
  const [asOf, setAsOf] = useState(new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<unknown>(null);
  async function record(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try { await recordStatus(goal.id, asOf); onRecorded(); } catch (err) { setError(err); }
  }
  const history = goal.history ?? [];
  return (
    <section aria-labelledby="goal-h-history">
      <h3 id="goal-h-history">{tg('goal.history')}</h3>
      {history.length === 0 ? <p className="hint">{tg('goal.noHistory')}</p> : (
        <div className="table-scroll">
          <table className="goal-table stack" data-testid="goal-history">
            <thead><tr><th scope="col">{tg('goal.asOf')}</th><th scope="col">{tg('goal.status')}</th><th scope="col" className="num">{tg('goal.latest')}</th><th scope="col">{tg('goal.reason')}</th></tr></thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.asOf}>
                  <th scope="row">{h.asOf}</th>
                  <td data-label={tg('goal.status')}><TrafficLight status={h.status} label={tk('status', h.status)} /></td>
                  <td data-label={tg('goal.latest')} className="num">{h.latest ? `${n(h.latest.value, decimals)} (${h.latest.year})` : '–'}</td>
                  <td data-label={tg('goal.reason')}>{local(h.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {session.can('goals:write') && (
        <form className="goal-inline" onSubmit={(e) => void record(e)}>
          <label htmlFor="goal-asof">{tg('goal.asOf')}</label>
          <input id="goal-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} required />
          <button type="submit">{tg('goal.record')}</button>
          <ErrorLine error={error} />
        </form>
      )}
    </section>
  );
}

function Publish({ goal, onChanged }: { goal: Goal; onChanged: () => void }) {
  const { tg } = useGoalText();
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  if (!session.can('goals:write')) return null;
  async function toggle() {
    setError(null);
    try { await setPublished(goal.id, !goal.published); onChanged(); } catch (err) { setError(err); }
  }
  return (
    <section className="goal-inline">
      <button type="button" onClick={() => void toggle()}>{goal.published ? tg('publish.off') : tg('publish.on')}</button>
      <span className="hint">{tg('publish.hint')}</span>
      <ErrorLine error={error} />
    </section>
  );
}

export function GoalDetail({ goalId }: { goalId: number }) {
  const { tg, tk, local } = useGoalText();
  const [tick, setTick] = useState(0);
  const goal = useApi(`goal-${goalId}-${tick}`, (s) => getGoal(goalId, s));
  const all = useApi('goal-all', getGoals);
  const agreements = useApi('goal-agreements', getAgreements);
  const indicators = useIndicators();
  return (
    <section className="goals-page goal-detail">
      <nav className="goal-crumbs"><a href={href.home}>{tg('goal.back')}</a></nav>
      <Loading value={goal}>{(g) => {
        const parent = all.state === 'ready' ? all.data.find((x) => x.id === g.parentId) : undefined;
        const kids = all.state === 'ready' ? all.data.filter((x) => x.parentId === g.id) : [];
        const ags = agreements.state === 'ready' ? agreements.data.filter((a) => a.content.goalIds.includes(String(g.id))) : [];
        return (
          <>
            <h2>{g.title}</h2>
            <div className="goal-hero" data-testid="goal-status">
              <GoalStatusLine goal={g} />
            </div>
            <div className="goal-detail-grid">
              <div>
                <Facts goal={g} ind={indicators.find((i) => i.key === g.indicatorKey)} />
                {(parent || kids.length > 0 || ags.length > 0) && (
                  <section aria-labelledby="goal-h-tree">
                    <h3 id="goal-h-tree">{tg('home.hierarchy')}</h3>
                    <ul className="goal-links">
                      {parent && <li>↑ <a href={href.goal(parent.id)}>{tk('level', parent.level)}: {parent.title}</a></li>}
                      {kids.map((k) => <li key={k.id}>↓ <a href={href.goal(k.id)}>{tk('level', k.level)}: {k.title}</a> — {local(k.statusLabel)}</li>)}
                      {ags.map((a) => <li key={a.id}>↓ <a href={href.agreement(a.id)}>{tg('level.agreement')}: {a.content.title}</a> <span className="badge">{tk('state', a.state)}</span></li>)}
                    </ul>
                  </section>
                )}
              </div>
              <div className="goal-chart">
                <GoalChart goal={g} indicator={indicators.find((i) => i.key === g.indicatorKey)} />
              </div>
            </div>
            <Publish goal={g} onChanged={() => setTick((n) => n + 1)} />
            <History goal={g} decimals={indicators.find((i) => i.key === g.indicatorKey)?.decimals ?? 1} onRecorded={() => setTick((n) => n + 1)} />
          </>
        );
      }}</Loading>
    </section>
  );
}
