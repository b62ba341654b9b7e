import { useId, useState, type FormEvent } from 'react';
import { invalidate, setApiData, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { apiSend, errorText, upload } from '../shared/api.ts';
import { hashHref, navigate } from '../shared/route.ts';
import { getMeeting, htmlToText, textToHtml, wallTime, type AgendaItem, type Meeting } from './api.ts';
import { useCoordText } from './text.ts';
import { CoordinationTabs } from './routes.tsx';

/** The meeting page: head and lifecycle, attendance, agenda with minutes per item, decisions, tasks, documents. */
export function MeetingPage({ meetingId }: { meetingId: number }) {
  const { tc, lang } = useCoordText();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const key = ['coord', 'meeting', meetingId] as const;
  const loaded = useApi(key, (signal) => getMeeting(meetingId, signal));
  // After a write the page shows the meeting again (the data stays on screen meanwhile: focus is kept).
  const refresh = () => invalidate('coord');
  if (loaded.state === 'error') return <ErrorMessage error={loaded.error} />;
  if (loaded.state === 'loading') return <p>{tc('common.loading')}</p>;
  const m = loaded.data;
  const editable = m.access.write && m.status !== 'finalised' && m.status !== 'cancelled';
  const minutesOpen = editable && (m.status === 'held' || m.status === 'minutes-draft');

  /** Runs a write that answers the meeting; shows the server's message on refusal. */
  const act = async (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
    setError(null);
    setStatus(null);
    try {
      const next = await apiSend<Meeting>(method, path, body);
      // The answer is the meeting as it is now: show it at once, then refresh what depends on it.
      if (next && next.id === meetingId) setApiData(key, next);
      void invalidate('coord');
      setStatus(tc('meeting.saved'));
      return next;
    } catch (err) {
      setError(errorText(err, lang));
      return null;
    }
  };

  return (
    <section className="coord-page meeting-page">
      <CoordinationTabs />
      <p><a href={hashHref(['koordination', 'gruppen', m.groupId])}>{m.groupName}</a></p>
      <h2>{m.title}</h2>
      <dl className="coord-facts">
        <dt>{tc('meeting.when')}</dt><dd>{wallTime(m.start, lang)}–{m.end.slice(11, 16)} ({m.zone})</dd>
        <dt>{tc('meeting.where')}</dt><dd>{m.place ?? '–'}{m.onlineUrl && <> · <a href={m.onlineUrl} rel="noopener noreferrer">{m.onlineUrl}</a></>}</dd>
        <dt>{tc('meeting.status')}</dt><dd data-testid="meeting-status">{tc(`meeting.status.${m.status}` as 'meeting.status.planned')}</dd>
      </dl>
      <div className="coord-actions no-print">
        {m.allowedActions.filter((a) => a !== 'finalise').map((a) => (
          <button key={a} type="button" onClick={() => void act('POST', `/api/meetings/${m.id}/status`, { action: a })}>{tc(`meeting.action.${a}` as 'meeting.action.hold')}</button>
        ))}
        {m.access.write && m.status === 'minutes-draft' && (
          <button type="button" onClick={() => { if (window.confirm(tc('meeting.finaliseConfirm'))) void act('POST', `/api/meetings/${m.id}/finalise`); }}>{tc('meeting.finalise')}</button>
        )}
        {m.status !== 'planned' && m.status !== 'cancelled' && <>
          <a className="button" href={`/api/meetings/${m.id}/minutes.pdf?lang=${lang}`}>{tc('meeting.pdf')}</a>
          <a className="button" href={`/api/meetings/${m.id}/minutes.pdf?confidential=omit&lang=${lang}`}>{tc('meeting.pdfPublic')}</a>
        </>}
        {m.access.write && ['held', 'minutes-draft', 'finalised'].includes(m.status) && (
          <button type="button" onClick={() => void act('POST', `/api/meetings/${m.id}/next?lang=${lang}`, {}).then((n) => { if (n) navigate(hashHref(['koordination', 'sitzungen', n.id])); })}>{tc('meeting.next')}</button>
        )}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {status && <p role="status" className="saved">{status}</p>}
      {m.confidentialLeftOut > 0 && <p>{tc('meeting.leftOut', { count: m.confidentialLeftOut })}</p>}

      <Attendance meeting={m} editable={minutesOpen} act={act} />

      <h3>{tc('meeting.agenda')}</h3>
      <ol className="agenda">
        {m.agenda.map((item) => <AgendaEntry key={`${item.id}-${item.minutes ?? ''}-${item.outcome ?? ''}`} meeting={m} item={item} minutesOpen={minutesOpen} act={act} />)}
      </ol>
      {editable && <AddItem meeting={m} act={act} />}

      <h3>{tc('meeting.tasks')}</h3>
      <ul className="coord-list">
        {m.tasks.map((x) => (
          <li key={x.id}>{x.title} · {x.ownerLabel ?? '–'} · {tc('meeting.due')} {x.due ?? '–'} ·{' '}
            <select aria-label={`${tc('meeting.status')}: ${x.title}`} value={x.status} onChange={(e) => void apiSend('PATCH', `/api/tasks/${x.id}`, { status: e.target.value, ...(e.target.value === 'dropped' ? { reason: '—' } : {}) }).then(() => refresh(), (err: unknown) => setError(errorText(err, lang)))}>
              {['open', 'in-progress', 'done', 'dropped'].map((s) => <option key={s} value={s}>{tc(`task.status.${s}` as 'task.status.open')}</option>)}
            </select>
          </li>
        ))}
      </ul>
      {minutesOpen && <AddTask meeting={m} act={act} />}

      <h3>{tc('meeting.documents')}</h3>
      <ul className="coord-list">{m.documents.map((d) => <li key={d.id}><a href={`/api/documents/${d.id}`}>{d.fileName}</a> ({Math.ceil(d.sizeBytes / 1024)} KB)</li>)}</ul>
      {editable && <Upload meeting={m} onDone={() => void refresh()} onError={setError} />}
    </section>
  );
}

type Act = (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => Promise<Meeting | null>;

function Attendance({ meeting, editable, act }: { meeting: Meeting; editable: boolean; act: Act }) {
  const { tc } = useCoordText();
  const [present, setPresent] = useState(() => new Set(meeting.attendance.filter((a) => a.status === 'present').map((a) => a.memberId)));
  return (
    <fieldset className="attendance" disabled={!editable}>
      <legend>{tc('meeting.attendance')}</legend>
      {meeting.attendance.map((a) => (
        <label key={a.memberId}>
          <input type="checkbox" checked={present.has(a.memberId)} onChange={(e) => setPresent((s) => { const n = new Set(s); if (e.target.checked) n.add(a.memberId); else n.delete(a.memberId); return n; })} />
          {a.label}
        </label>
      ))}
      {editable && <button type="button" onClick={() => void act('PUT', `/api/meetings/${meeting.id}/attendance`, { entries: meeting.attendance.map((a) => ({ memberId: a.memberId, status: present.has(a.memberId) ? 'present' : 'absent' })) })}>{tc('meeting.saveAttendance')}</button>}
    </fieldset>
  );
}

function AgendaEntry({ meeting, item, minutesOpen, act }: { meeting: Meeting; item: AgendaItem; minutesOpen: boolean; act: Act }) {
  const { tc } = useCoordText();
  const id = useId();
  const [text, setText] = useState(() => htmlToText(item.minutes));
  const [outcome, setOutcome] = useState(item.outcome ?? 'done');
  const decisions = meeting.decisions.filter((d) => d.itemId === item.id);
  const addDecision = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void act('POST', `/api/meetings/${meeting.id}/decisions`, { itemId: item.id, text: f.get('text'), reviewAtNextMeeting: f.get('review') === 'on' }).then((ok) => { if (ok) form.reset(); });
  };
  return (
    <li className="agenda-item">
      <h4>{item.title}{item.confidential && <span className="badge"> {tc('meeting.confidential')}</span>}{item.standing && <span className="badge"> {tc('meeting.standing')}</span>}</h4>
      {minutesOpen ? (
        <div className="no-print">
          <label htmlFor={`${id}-min`}>{tc('meeting.minutes')}</label>
          <textarea id={`${id}-min`} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          <label htmlFor={`${id}-out`}>{tc('meeting.outcome')}</label>
          <select id={`${id}-out`} value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            {['done', 'open', 'deferred'].map((o) => <option key={o} value={o}>{tc(`meeting.outcome.${o}` as 'meeting.outcome.done')}</option>)}
          </select>
          <button type="button" onClick={() => void act('PUT', `/api/meetings/${meeting.id}/agenda/${item.id}`, { minutes: textToHtml(text), outcome })}>{tc('meeting.saveMinutes')}</button>
        </div>
      ) : item.minutes ? <div className="minutes" dangerouslySetInnerHTML={{ __html: item.minutes /* sanitised by the server (io/sanitize-minutes.ts) */ }} /> : null}
      {decisions.length > 0 && <ul className="decisions">{decisions.map((d) => <li key={d.id}><strong>{tc('meeting.decisionText')}:</strong> {d.text}</li>)}</ul>}
      {minutesOpen && (
        <form className="coord-inline no-print" onSubmit={addDecision}>
          <label htmlFor={`${id}-dec`}>{tc('meeting.addDecision')}</label>
          <input id={`${id}-dec`} name="text" required />
          <label><input type="checkbox" name="review" /> {tc('meeting.review')}</label>
          <button type="submit">{tc('meeting.addDecision')}</button>
        </form>
      )}
    </li>
  );
}

function AddItem({ meeting, act }: { meeting: Meeting; act: Act }) {
  const { tc } = useCoordText();
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void act('POST', `/api/meetings/${meeting.id}/agenda`, { title: f.get('title'), confidential: f.get('confidential') === 'on', standing: f.get('standing') === 'on' }).then(() => form.reset());
  };
  return (
    <form className="coord-inline no-print" onSubmit={submit}>
      <label htmlFor={`${id}-t`}>{tc('meeting.itemTitle')}</label>
      <input id={`${id}-t`} name="title" required maxLength={500} />
      <label><input type="checkbox" name="confidential" /> {tc('meeting.confidential')}</label>
      <label><input type="checkbox" name="standing" /> {tc('meeting.standing')}</label>
      <button type="submit">{tc('meeting.addItem')}</button>
    </form>
  );
}

function AddTask({ meeting, act }: { meeting: Meeting; act: Act }) {
  const { tc } = useCoordText();
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void act('POST', `/api/meetings/${meeting.id}/tasks`, {
      title: f.get('title'), ownerMemberId: f.get('owner') ? Number(f.get('owner')) : null, due: f.get('due') || null, decisionId: f.get('decision') ? Number(f.get('decision')) : null,
    }).then(() => form.reset());
  };
  return (
    <form className="coord-form no-print" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{tc('meeting.addTask')}</h4>
      <label htmlFor={`${id}-t`}>{tc('meeting.taskTitle')}</label>
      <input id={`${id}-t`} name="title" required maxLength={500} />
      <label htmlFor={`${id}-o`}>{tc('meeting.owner')}</label>
      <select id={`${id}-o`} name="owner">{meeting.attendance.map((a) => <option key={a.memberId} value={a.memberId}>{a.label}</option>)}</select>
      <label htmlFor={`${id}-d`}>{tc('meeting.due')}</label>
      <input id={`${id}-d`} name="due" type="date" />
      <label htmlFor={`${id}-dc`}>{tc('meeting.decision')}</label>
      <select id={`${id}-dc`} name="decision"><option value="">{tc('meeting.noDecision')}</option>{meeting.decisions.map((d) => <option key={d.id} value={d.id}>{d.text}</option>)}</select>
      <button type="submit">{tc('meeting.addTask')}</button>
    </form>
  );
}

function Upload({ meeting, onDone, onError }: { meeting: Meeting; onDone: () => void; onError: (text: string) => void }) {
  const { tc, lang } = useCoordText();
  const id = useId();
  const send = async (file: File) => {
    const body = new FormData();
    body.set('meetingId', String(meeting.id));
    body.set('file', file);
    try {
      await upload(`/api/groups/${meeting.groupId}/documents`, body);
      onDone();
    } catch (err) {
      onError(errorText(err, lang));
    }
  };
  return (
    <p className="no-print">
      <label htmlFor={`${id}-f`}>{tc('meeting.upload')}</label>{' '}
      <input id={`${id}-f`} type="file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void send(f); }} />
    </p>
  );
}
