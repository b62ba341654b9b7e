import { useState } from 'react';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useSession } from '../auth/session.ts';
import { getCalendar, wallTime } from './api.ts';
import { useCoordText } from './text.ts';
import { CoordinationTabs } from './routes.tsx';
import { SubscribeButton } from './SubscribeDialog.tsx';
import { hashHref } from '../shared/route.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** A month as a list of days with meetings (wall times of each group's zone). */
export function CalendarPage() {
  const { tc, lang } = useCoordText();
  const session = useSession();
  const today = new Date();
  const [month, setMonth] = useState({ year: today.getFullYear(), month: today.getMonth() + 1 });
  const last = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
  const from = `${month.year}-${pad(month.month)}-01`;
  const to = `${month.year}-${pad(month.month)}-${pad(last)}`;
  const meetings = useApi(session.status === 'signed-in' ? `coord|calendar|${from}|${to}` : null, (signal) => getCalendar(from, to, signal));
  const shift = (by: number) => setMonth((m) => { const d = new Date(Date.UTC(m.year, m.month - 1 + by, 1)); return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 }; });
  const title = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(month.year, month.month - 1, 1)));
  if (session.status !== 'signed-in') return <section className="coord-page"><p>{tc('common.signIn')}</p></section>;
  const list = meetings.state === 'ready' ? meetings.data.filter((m) => m.start.startsWith(`${month.year}-${pad(month.month)}`)) : [];
  const days = [...new Set(list.map((m) => m.start.slice(0, 10)))];
  return (
    <section className="coord-page">
      <CoordinationTabs />
      <div className="coord-head">
        <h2>{tc('calendar.title')}: <span aria-live="polite">{title}</span></h2>
        <SubscribeButton path="/api/me/calendar-token" label={tc('sub.mine')} />
      </div>
      <div className="coord-actions">
        <button type="button" onClick={() => shift(-1)}>← {tc('calendar.prev')}</button>
        <button type="button" onClick={() => shift(1)}>{tc('calendar.next')} →</button>
      </div>
      {meetings.state === 'error' && <ErrorMessage error={meetings.error} />}
      {meetings.state === 'ready' && days.length === 0 && <p>{tc('calendar.empty')}</p>}
      <dl className="calendar">
        {days.map((day) => (
          <div key={day} className="calendar-day">
            <dt>{wallTime(`${day}T00:00`, lang).split(',')[0].split(' ')[0]}</dt>
            {list.filter((m) => m.start.startsWith(day)).map((m) => (
              <dd key={m.id} className={m.status === 'cancelled' ? 'cancelled' : undefined}>
                <a href={hashHref(['koordination', 'sitzungen', m.id])}>{wallTime(m.start, lang).split(/, | /)[1]} {m.title}</a> · {m.groupName} · {tc(`meeting.status.${m.status}` as 'meeting.status.planned')}
              </dd>
            ))}
          </div>
        ))}
      </dl>
    </section>
  );
}
