import { useId, useState, type FormEvent } from 'react';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { apiSend, errorText } from '../shared/api.ts';
import { useSession } from '../auth/session.ts';
import { getGroup, getGroupMeetings, getGroups, getGroupTypes, getPlanningAreas, wallTime, type GroupDetail, type Meeting } from './api.ts';
import { useCoordText } from './text.ts';
import { CoordinationTabs } from './routes.tsx';
import { SubscribeButton } from './SubscribeDialog.tsx';
import { ruleFor } from './rules.ts';
import { hashHref, navigate } from '../shared/route.ts';

export function GroupsPage() {
  const { tc, lang, local } = useCoordText();
  const session = useSession();
  const id = useId();
  const groups = useApi(session.status === 'signed-in' ? 'coord|groups' : null, getGroups);
  const types = useApi(session.status === 'signed-in' ? 'coord|group-types' : null, getGroupTypes);
  const areas = useApi(session.status === 'signed-in' ? 'coord|planning-areas' : null, getPlanningAreas);
  const [error, setError] = useState<string | null>(null);
  const canWrite = ['admin', 'planner', 'coordinator'].includes(String(session.user?.role));
  if (session.status !== 'signed-in') return <section className="coord-page"><p>{tc('common.signIn')}</p></section>;

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const area = String(form.get('area') ?? '');
    setError(null);
    try {
      const g = await apiSend<{ id: number }>('POST', '/api/groups', {
        type: form.get('type'), name: form.get('name'),
        area: area ? { layer: area.split('/')[0], code: area.slice(area.indexOf('/') + 1) } : null,
      });
      void invalidate('coord');
      navigate(hashHref(['koordination', 'gruppen', g.id]));
    } catch (err) {
      setError(errorText(err, lang));
    }
  };

  return (
    <section className="coord-page">
      <CoordinationTabs />
      <h2>{tc('groups.title')}</h2>
      {groups.state === 'error' && <ErrorMessage error={groups.error} />}
      {groups.state === 'ready' && (
        <ul className="coord-list">
          {groups.data.map((g) => (
            <li key={g.id}><a href={hashHref(['koordination', 'gruppen', g.id])}>{g.name}</a> · {local(g.typeName)} · {g.area?.name ?? tc('groups.cityWide')}
              {g.nextMeeting && <> · {tc('groups.next')}: {wallTime(g.nextMeeting.start, lang)}</>}</li>
          ))}
        </ul>
      )}
      {canWrite && types.state === 'ready' && areas.state === 'ready' && (
        <form className="coord-form" onSubmit={(e) => void create(e)} aria-labelledby={`${id}-h`}>
          <h3 id={`${id}-h`}>{tc('groups.create')}</h3>
          <label htmlFor={`${id}-type`}>{tc('groups.type')}</label>
          <select id={`${id}-type`} name="type">{types.data.map((t) => <option key={t.key} value={t.key}>{local(t.name)}</option>)}</select>
          <label htmlFor={`${id}-name`}>{tc('groups.name')}</label>
          <input id={`${id}-name`} name="name" required maxLength={200} />
          <label htmlFor={`${id}-area`}>{tc('groups.area')}</label>
          <select id={`${id}-area`} name="area" defaultValue={areas.data.find((a) => a.yours) ? `${areas.data.find((a) => a.yours)!.layer}/${areas.data.find((a) => a.yours)!.code}` : ''}>
            <option value="">{tc('groups.cityWide')}</option>
            {areas.data.map((a) => <option key={`${a.layer}/${a.code}`} value={`${a.layer}/${a.code}`}>{a.name}</option>)}
          </select>
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit">{tc('groups.save')}</button>
        </form>
      )}
    </section>
  );
}

export function GroupPage({ groupId }: { groupId: number }) {
  const { tc, lang, local } = useCoordText();
  const group = useApi(`coord|group|${groupId}`, (signal) => getGroup(groupId, signal));
  const meetings = useApi(`coord|group-meetings|${groupId}`, (signal) => getGroupMeetings(groupId, signal));
  if (group.state === 'error') return <ErrorMessage error={group.error} />;
  if (group.state === 'loading') return <p>{tc('common.loading')}</p>;
  const g = group.data;
  return (
    <section className="coord-page">
      <CoordinationTabs />
      <div className="coord-head">
        <h2>{g.name}</h2>
        <SubscribeButton path={`/api/groups/${g.id}/calendar-token`} label={tc('group.subscribe')} />
      </div>
      <p>{local(g.typeName)} · {g.area ? <a href={hashHref(['koordination', 'gebiet', g.area.layer, g.area.code])}>{g.area.name}</a> : tc('groups.cityWide')}</p>
      <h3>{tc('group.members')}</h3>
      <ul className="coord-list">
        {g.members.map((m) => (
          <li key={m.id}>{m.label} · {tc(`group.role.${m.role}` as 'group.role.member')}
            {g.access.write && <> <button type="button" className="link-button" onClick={() => void apiSend('DELETE', `/api/groups/${g.id}/members/${m.id}`).then(() => invalidate('coord'))}>{tc('group.remove')}</button></>}</li>
        ))}
      </ul>
      {g.access.write && <MemberForm group={g} onDone={() => void invalidate('coord')} />}
      <h3>{tc('group.meetings')}</h3>
      {meetings.state === 'ready' && (
        <ul className="coord-list">
          {meetings.data.map((m) => <li key={m.id}><a href={hashHref(['koordination', 'sitzungen', m.id])}>{wallTime(m.start, lang)} – {m.title}</a> · {tc(`meeting.status.${m.status}` as 'meeting.status.planned')}</li>)}
        </ul>
      )}
      {g.access.write && <ScheduleForm group={g} onDone={(id) => { void invalidate('coord'); navigate(hashHref(['koordination', 'sitzungen', id])); }} />}
    </section>
  );
}

function MemberForm({ group, onDone }: { group: GroupDetail; onDone: () => void }) {
  const { tc, lang } = useCoordText();
  const id = useId();
  const [kind, setKind] = useState<'person' | 'account' | 'organisation' | 'facility'>('person');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const value = String(f.get('value') ?? '').trim();
    const body: Record<string, unknown> = { role: f.get('role') };
    if (kind === 'person') Object.assign(body, { name: value, ...(f.get('email') ? { email: f.get('email') } : {}) });
    if (kind === 'account') body.username = value;
    if (kind === 'organisation') body.organisationId = Number(value);
    if (kind === 'facility') body.facilityId = Number(value);
    setError(null);
    try {
      await apiSend('POST', `/api/groups/${group.id}/members`, body);
      form.reset();
      onDone();
    } catch (err) {
      setError(errorText(err, lang));
    }
  };
  return (
    <form className="coord-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{tc('group.addMember')}</h4>
      <label htmlFor={`${id}-kind`}>{tc('group.memberKind')}</label>
      <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
        <option value="person">{tc('group.person')}</option>
        <option value="account">{tc('group.account')}</option>
        <option value="organisation">{tc('group.organisation')}</option>
        <option value="facility">{tc('group.facility')}</option>
      </select>
      <label htmlFor={`${id}-value`}>{tc(kind === 'person' ? 'group.person' : kind === 'account' ? 'group.account' : kind === 'organisation' ? 'group.organisation' : 'group.facility')}</label>
      <input id={`${id}-value`} name="value" required />
      {kind === 'person' && <><label htmlFor={`${id}-email`}>{tc('group.email')}</label><input id={`${id}-email`} name="email" type="email" /></>}
      <label htmlFor={`${id}-role`}>{tc('group.role')}</label>
      <select id={`${id}-role`} name="role" defaultValue="member">
        <option value="chair">{tc('group.role.chair')}</option><option value="member">{tc('group.role.member')}</option><option value="guest">{tc('group.role.guest')}</option>
      </select>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit">{tc('group.add')}</button>
    </form>
  );
}

function ScheduleForm({ group, onDone }: { group: GroupDetail; onDone: (meetingId: number) => void }) {
  const { tc, lang } = useCoordText();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const start = String(f.get('start'));
    const rrule = ruleFor(f.get('repeat') as 'none', start, Number(f.get('count') || 12));
    setError(null);
    try {
      const m = await apiSend<Meeting>('POST', `/api/groups/${group.id}/meetings`, {
        title: f.get('title'), start, durationMinutes: Number(f.get('duration') || 120), ...(rrule ? { rrule } : {}),
        place: f.get('place') || null, onlineUrl: f.get('online') || null,
      });
      onDone(m.id);
    } catch (err) {
      setError(errorText(err, lang));
    }
  };
  return (
    <form className="coord-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{tc('group.schedule')}</h4>
      <label htmlFor={`${id}-title`}>{tc('group.meetingTitle')}</label>
      <input id={`${id}-title`} name="title" required defaultValue={group.name} />
      <label htmlFor={`${id}-start`}>{tc('group.start', { zone: group.zone })}</label>
      <input id={`${id}-start`} name="start" type="datetime-local" required />
      <label htmlFor={`${id}-duration`}>{tc('group.duration')}</label>
      <input id={`${id}-duration`} name="duration" type="number" min={15} max={1440} defaultValue={120} />
      <label htmlFor={`${id}-repeat`}>{tc('group.repeat')}</label>
      <select id={`${id}-repeat`} name="repeat" defaultValue="none">
        <option value="none">{tc('group.repeat.none')}</option><option value="monthly">{tc('group.repeat.monthly')}</option><option value="weekly">{tc('group.repeat.weekly')}</option>
      </select>
      <label htmlFor={`${id}-count`}>{tc('group.count')}</label>
      <input id={`${id}-count`} name="count" type="number" min={2} max={60} defaultValue={12} />
      <label htmlFor={`${id}-place`}>{tc('group.place')}</label>
      <input id={`${id}-place`} name="place" maxLength={500} />
      <label htmlFor={`${id}-online`}>{tc('group.online')}</label>
      <input id={`${id}-online`} name="online" type="url" />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit">{tc('group.create')}</button>
    </form>
  );
}
