import { useEffect } from 'react';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatValue } from '../shared/format.ts';
import { useSession } from '../auth/session.ts';
import { getMyTasks, getPlanningAreaPage, getPlanningAreas, wallTime, type Task } from './api.ts';
import { useCoordText } from './text.ts';
import { CoordinationTabs } from './routes.tsx';
import { SubscribeButton } from './SubscribeDialog.tsx';
import { hashHref } from '../shared/route.ts';

/** Start page: a coordinator lands on its planning area; everyone else chooses one. */
export function CoordinationHome() {
  const { tc } = useCoordText();
  const session = useSession();
  const areas = useApi(session.status === 'signed-in' ? 'coord|planning-areas' : null, getPlanningAreas);
  const tasks = useApi(session.status === 'signed-in' ? 'coord|my-tasks' : null, getMyTasks);
  if (session.status !== 'signed-in') return <section className="coord-page"><h2>{tc('home.title')}</h2><p>{tc('common.signIn')}</p></section>;
  if (areas.state === 'error') return <ErrorMessage error={areas.error} />;
  if (areas.state === 'loading') return <p>{tc('common.loading')}</p>;
  const own = areas.data.find((a) => a.yours);
  if (own) return <PlanningAreaView layer={own.layer} code={own.code} />;
  return (
    <section className="coord-page">
      <CoordinationTabs />
      <h2>{tc('home.title')}</h2>
      <p>{tc('home.intro')}</p>
      <h3>{tc('home.areas')}</h3>
      <ul className="coord-list">
        {areas.data.map((a) => <li key={`${a.layer}/${a.code}`}><a href={hashHref(['koordination', 'gebiet', a.layer, a.code])}>{a.name}</a></li>)}
      </ul>
      <h3>{tc('home.myTasks')}</h3>
      {tasks.state === 'ready' && <TaskList tasks={tasks.data} />}
      <p><SubscribeButton path="/api/me/calendar-token" label={tc('sub.mine')} /></p>
    </section>
  );
}

export function TaskList({ tasks }: { tasks: Task[] }) {
  const { tc } = useCoordText();
  if (tasks.length === 0) return <p>{tc('home.none')}</p>;
  return (
    <ul className="coord-list">
      {tasks.map((x) => (
        <li key={x.id} className={x.dueState === 'overdue' ? 'overdue' : undefined}>
          <strong>{x.title}</strong> · {x.groupName} · {x.ownerLabel ?? '–'} · {tc('meeting.due')} {x.due ?? '–'}
          {x.dueState === 'overdue' && <> · <em>{tc('task.overdue')}</em></>} · {tc(`task.status.${x.status}` as 'task.status.open')}
          {x.meetingId && <> · <a href={hashHref(['koordination', 'sitzungen', x.meetingId])}>↗</a></>}
        </li>
      ))}
    </ul>
  );
}

/** "+554", "−0,3", "±0": a change with one more decimal than the value when it would round to zero. */
function signed(change: number, locale: string, decimals: number): string {
  const places = Math.abs(change) > 0 && Math.abs(change) < 0.5 * 10 ** -decimals ? decimals + 1 : decimals;
  const rounded = Number(change.toFixed(places));
  if (rounded === 0) return '±0';
  return `${rounded > 0 ? '+' : '−'}${formatValue(Math.abs(rounded), locale, places, '').trim()}`;
}

/** The planning-area page: indicators, focus areas, facilities and offers, groups, meetings, tasks. Printable. */
export function PlanningAreaView({ layer, code }: { layer: string; code: string }) {
  const { tc, lang, local } = useCoordText();
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  const page = useApi(`coord|planning-area|${layer}|${code}`, (signal) => getPlanningAreaPage(layer, code, signal));
  useEffect(() => {
    if (page.state === 'ready') document.title = `Lernort – ${tc('area.title', { name: page.data.area.name })}`;
  }, [page, tc]);
  if (page.state === 'error') return <ErrorMessage error={page.error} />;
  if (page.state === 'loading') return <p>{tc('common.loading')}</p>;
  const p = page.data;
  const items = p.profile?.sections.flatMap((s) => s.items) ?? [];
  return (
    <section className="coord-page area-page">
      <CoordinationTabs />
      <div className="coord-head">
        <h2>{tc('area.title', { name: p.area.name })}</h2>
        <button type="button" className="no-print" onClick={() => window.print()}>{tc('area.print')}</button>
      </div>
      <p>
        {tc('area.coordinators')}: {p.coordinators.map((c) => c.name).join(', ') || '–'}
        {' · '}{tc('area.provider')}: {p.managingProvider?.name ?? '–'}
      </p>
      <div className="coord-grid">
        <section aria-labelledby="coord-ind">
          <h3 id="coord-ind">{tc('area.indicators')}</h3>
          <table className="coord-table">
            <tbody>
              {items.map((i) => (
                <tr key={i.slot}>
                  <th scope="row">{local(i.label)}</th>
                  <td>{i.available && i.value !== null && i.indicator ? formatValue(i.value, locale, i.indicator.decimals, lang === 'de' ? i.indicator.unit : i.indicator.unitEn) : tc('area.noData')}</td>
                  <td>{i.change !== null && i.indicator ? `${tc('area.change')} ${signed(i.change, locale, i.indicator.decimals)}` : ''}</td>
                  <td>{i.period ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="no-print"><a href={hashHref(['gebiet', p.area.layer, p.area.code])}>{tc('area.fullProfile')}</a></p>
          <h3>{tc('area.focus')}</h3>
          {p.focusAreas.length === 0 ? <p>{tc('area.noFocus')}</p> : <ul className="coord-list">{p.focusAreas.map((f) => <li key={f.id}>{f.name} ({f.validFrom}) – {f.reason}</li>)}</ul>}
        </section>
        <section aria-labelledby="coord-fac">
          <h3 id="coord-fac">{tc('area.facilities', { count: p.facilities.total })}</h3>
          <ul className="coord-list">{p.facilities.byType.map((b) => <li key={b.type}>{local(b.name)}: {b.count}</li>)}</ul>
          <h3>{tc('area.offers')}</h3>
          <ul className="coord-list">{p.offersByDomain.map((d) => <li key={d.key}>{local(d.name)}: {d.offers}</li>)}</ul>
          {p.offersByDomain.length === 0 && <p>{tc('home.none')}</p>}
        </section>
      </div>
      <h3>{tc('area.groups')}</h3>
      {p.groups.length === 0 ? <p>{tc('home.none')}</p> : (
        <ul className="coord-list">
          {p.groups.map((g) => (
            <li key={g.id}><a href={hashHref(['koordination', 'gruppen', g.id])}>{g.name}</a> ({local(g.typeName)})
              {g.nextMeeting && <> · {tc('groups.next')}: <a href={hashHref(['koordination', 'sitzungen', g.nextMeeting.id])}>{wallTime(g.nextMeeting.start, lang)}</a></>}</li>
          ))}
        </ul>
      )}
      <h3>{tc('area.meetings')}</h3>
      {p.upcomingMeetings.length === 0 ? <p>{tc('home.none')}</p> : (
        <ul className="coord-list">{p.upcomingMeetings.map((m) => <li key={m.id}><a href={hashHref(['koordination', 'sitzungen', m.id])}>{wallTime(m.start, lang)} – {m.title}</a> ({m.groupName})</li>)}</ul>
      )}
      <h3>{tc('area.tasks')}</h3>
      <TaskList tasks={p.openTasks} />
    </section>
  );
}
