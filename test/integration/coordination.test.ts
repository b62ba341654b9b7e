// Coordination through the API, on the Leipzig demo: the Grünau coordinator's story of the issue
// (page, Planungsraumarbeitskreis and Campus Grünau network, a monthly series, a held meeting with
// attendance, minutes, a decision and two tasks, finalising, PDF, the .ics feed across the DST
// change), then access: IDOR (West's coordinator gets 404 everywhere), viewers without
// confidential items, providers through their organisation, document limits and reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createUser, login } from '../../src/modules/users/service.ts';
import { routeTable, buildApp } from '../../src/server.ts';
import { loadConfig } from '../../src/config.ts';
import { tablesInDependencyOrder } from '../../src/modules/system/backup.ts';
import { minutesHtml } from '../../src/modules/coordination/minutes-pdf.ts';
import { getMeeting } from '../../src/modules/coordination/meetings.ts';
import { dueReminders, deliver, startReminders } from '../../src/modules/coordination/reminders.ts';
import { QUEUES } from '../../src/modules/coordination/jobs.ts';
import { multipart, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
const password = 'coordination password 1';
const run = `${process.pid}_${Date.now()}`;
interface Who { cookie: string; csrf: string; id: number; username: string }
const who: Record<string, Who> = {};

async function user(name: string, role: string, scope: Record<string, unknown> = {}): Promise<Who> {
  const username = `${name}_${run}`;
  const id = await createUser(t.db, { username, password, role, scope, displayName: name });
  const { token, session } = await login(t.db, username, password, '127.0.0.1', 1);
  return { cookie: `lernort_session=${token}`, csrf: session.csrfToken, id, username };
}

async function call(as: Who | undefined, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({ method: method as 'GET', url, headers: as ? { cookie: as.cookie, 'x-csrf-token': as.csrf } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.body, json: () => res.json(), headers: res.headers, raw: res.rawPayload };
}

async function ok(as: Who, method: string, url: string, payload?: unknown) {
  const r = await call(as, method, url, payload);
  if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${r.body}`);
  return r.json();
}

const ids = { prak: 0, campus: 0, meeting: 0, april: 0, may: 0, item1: 0, item2: 0, decision: 0, task1: 0, task2: 0, document: 0, memberUser: 0, memberPerson: 0, memberOrg: 0, orgId: 0, facilityA: 0, facilityB: 0 };
let token = '';

beforeAll(async () => {
  t = await testApp();
  const page = await t.db.pool.query("SELECT f.id, f.organisation_id FROM facilities f ORDER BY f.id LIMIT 1");
  who.gruenau = await user('koordination_gruenau', 'coordinator', { planningAreas: ['Gruenau'] });
  who.west = await user('koordination_west', 'coordinator', { planningAreas: ['West'] });
  who.viewer = await user('stadtrat', 'viewer');
  const memberOrg = page.rows[0]?.organisation_id;
  who.member = await user('kita_leitung', 'provider', memberOrg ? { organisationId: memberOrg } : {});
  // A provider account links to an organisation that exists (user_organisations has a foreign key).
  const otherOrg = (await t.db.pool.query<{ id: number }>("INSERT INTO organisations (name) VALUES ('Anderer Träger') RETURNING id")).rows[0].id;
  who.otherProvider = await user('anderer_traeger', 'provider', { organisationId: otherOrg });
  who.admin = await user('admin', 'admin');
});
afterAll(async () => t?.close());

describe('the Grünau coordinator’s story', () => {
  it('lands on the Grünau page with indicators, focus areas and facilities', async () => {
    const page = await ok(who.gruenau, 'GET', '/api/planning-areas/planungsraum/Gruenau');
    expect(page.area).toEqual({ layer: 'planungsraum', code: 'Gruenau', name: 'Grünau' });
    expect(page.yours).toBe(true);
    expect(page.coordinators.map((c: { name: string }) => c.name)).toContain('koordination_gruenau');
    expect(page.profile.sections.some((s: { items: { available: boolean }[] }) => s.items.some((i) => i.available))).toBe(true);
    expect(Array.isArray(page.focusAreas)).toBe(true);
    expect(page.facilities.total).toBeGreaterThan(0);
    // Facilities of Grünau lie in the Ortsteile 60–66 (Planungsraum Grünau = Stadtbezirk West).
    const inGruenau = await t.db.pool.query(
      `SELECT DISTINCT fa.facility_id FROM facility_areas fa JOIN areas a ON a.id = fa.area_id JOIN layers l ON l.id = a.layer_id
        WHERE l.key = 'ortsteil' AND a.code IN ('60','61','62','63','64','65','66')`);
    expect(page.facilities.total).toBe(inGruenau.rowCount);
    ids.facilityA = page.facilities.list[0].id;
    ids.facilityB = page.facilities.list[1].id;
  });

  it('creates the Planungsraumarbeitskreis and the Campus Grünau network with member facilities', async () => {
    const prak = await ok(who.gruenau, 'POST', '/api/groups', { type: 'planungsraumarbeitskreis', name: 'Planungsraumarbeitskreis Grünau', area: { layer: 'planungsraum', code: 'Gruenau' } });
    expect(prak.typeName.de).toBe('Planungsraumarbeitskreis');
    expect(prak.access).toEqual({ write: true, confidential: true });
    ids.prak = prak.id;
    const campus = await ok(who.gruenau, 'POST', '/api/groups', { type: 'netzwerk', name: 'Campus Grünau', area: { layer: 'planungsraum', code: 'Gruenau' } });
    ids.campus = campus.id;
    for (const facilityId of [ids.facilityA, ids.facilityB]) await ok(who.gruenau, 'POST', `/api/groups/${ids.campus}/members`, { facilityId });
    const detail = await ok(who.gruenau, 'GET', `/api/groups/${ids.campus}`);
    expect(detail.members.map((m: { kind: string }) => m.kind)).toEqual(['facility', 'facility']);

    ids.memberUser = (await ok(who.gruenau, 'POST', `/api/groups/${ids.prak}/members`, { username: who.member.username, role: 'chair' })).id;
    ids.memberPerson = (await ok(who.gruenau, 'POST', `/api/groups/${ids.prak}/members`, { name: 'Erika Muster', email: 'erika@example.org' })).id;
    ids.orgId = (await ok(who.admin, 'POST', '/api/organisations', { name: `Träger Grünau ${run}`, kind: 'free' })).id;
    ids.memberOrg = (await ok(who.gruenau, 'POST', `/api/groups/${ids.prak}/members`, { organisationId: ids.orgId, role: 'guest' })).id;
    // A member is one thing: a person and an organisation at once is refused.
    expect((await call(who.gruenau, 'POST', `/api/groups/${ids.prak}/members`, { name: 'X', organisationId: ids.orgId })).status).toBe(400);
  });

  it('refuses a group in another planning area', async () => {
    const r = await call(who.gruenau, 'POST', '/api/groups', { type: 'netzwerk', name: 'Fremd', area: { layer: 'planungsraum', code: 'West' } });
    expect(r.status).toBe(403);
    expect(r.json().error.code).toBe('SCOPE_PLANNING_AREA');
  });

  it('schedules a monthly series (second Tuesday, 16:00 Berlin) whose instants follow the DST change', async () => {
    // 10 March 2026 is CET (UTC+1), 14 April 2026 CEST (UTC+2): 16:00 local is 15:00 and 14:00 UTC.
    const first = await ok(who.gruenau, 'POST', `/api/groups/${ids.prak}/meetings`, { title: 'Planungsraumarbeitskreis', start: '2026-03-10T16:00', durationMinutes: 120, rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=12', place: 'Stadtteilbibliothek Grünau' });
    ids.meeting = first.id;
    const list = await ok(who.gruenau, 'GET', `/api/groups/${ids.prak}/meetings`);
    expect(list).toHaveLength(12);
    expect(list.slice(0, 3).map((m: { start: string; startsAt: string }) => [m.start, m.startsAt])).toEqual([
      ['2026-03-10T16:00:00', '2026-03-10T15:00:00.000Z'],
      ['2026-04-14T16:00:00', '2026-04-14T14:00:00.000Z'],
      ['2026-05-12T16:00:00', '2026-05-12T14:00:00.000Z'],
    ]);
    expect(list[11].start).toBe('2027-02-09T16:00:00');
    ids.april = list[1].id;
    ids.may = list[2].id;
    // The May meeting moves to 17:00: the feed gets an override for that occurrence.
    await ok(who.gruenau, 'PUT', `/api/meetings/${ids.may}`, { start: '2026-05-12T17:00' });
  });

  it('holds the meeting with attendance, minutes, a decision and two tasks', async () => {
    await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/status`, { action: 'hold' });
    let m = await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/agenda`, { title: 'Bericht aus den Einrichtungen', standing: true });
    m = await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/agenda`, { title: 'Personalsituation Jugendclub', confidential: true });
    [ids.item1, ids.item2] = m.agenda.map((i: { id: number }) => i.id);
    m = await ok(who.gruenau, 'PUT', `/api/meetings/${ids.meeting}/attendance`, { entries: [{ memberId: ids.memberUser, status: 'present' }, { memberId: ids.memberPerson, status: 'excused' }] });
    expect(m.attendance.find((a: { memberId: number }) => a.memberId === ids.memberUser).status).toBe('present');
    m = await ok(who.gruenau, 'PUT', `/api/meetings/${ids.meeting}/agenda/${ids.item1}`, { minutes: '<p onclick="x()">Die Kitas berichten <b>volle Belegung</b>.<script>alert(1)</script></p>', outcome: 'open' });
    expect(m.status).toBe('minutes-draft');
    expect(m.agenda[0].minutes).toBe('<p>Die Kitas berichten <strong>volle Belegung</strong>.</p>');
    m = await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/decisions`, { itemId: ids.item1, text: 'Gemeinsamer Elternabend im Herbst', reviewAtNextMeeting: true });
    ids.decision = m.decisions[0].id;
    m = await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/tasks`, { title: 'Termin für den Elternabend abstimmen', ownerMemberId: ids.memberUser, due: '2026-04-01', decisionId: ids.decision });
    m = await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/tasks`, { title: 'Raum anfragen', ownerMemberId: ids.memberPerson });
    [ids.task1, ids.task2] = m.tasks.map((x: { id: number }) => x.id);
    // Finalising needs a due date for every task.
    const refused = await call(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/finalise`);
    expect(refused.status).toBe(409);
    expect(refused.json().error.code).toBe('MINUTES_INCOMPLETE');
    expect(refused.json().error.location.field).toBe(`tasks.${ids.task2}.due`);
    await ok(who.gruenau, 'PATCH', `/api/tasks/${ids.task2}`, { due: '2026-03-31' });
  });

  it('finalises; afterwards every edit of the minutes is refused, task status still changes', async () => {
    const m = await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/finalise`);
    expect(m.status).toBe('finalised');
    expect(m.finalisedAt).not.toBeNull();
    const edits: [string, string, unknown][] = [
      ['PUT', `/api/meetings/${ids.meeting}/agenda/${ids.item1}`, { minutes: '<p>geändert</p>' }],
      ['POST', `/api/meetings/${ids.meeting}/agenda`, { title: 'Nachtrag' }],
      ['DELETE', `/api/meetings/${ids.meeting}/agenda/${ids.item2}`, undefined],
      ['PUT', `/api/meetings/${ids.meeting}/attendance`, { entries: [{ memberId: ids.memberPerson, status: 'present' }] }],
      ['PUT', `/api/meetings/${ids.meeting}/minutes`, { html: '<p>x</p>' }],
      ['POST', `/api/meetings/${ids.meeting}/decisions`, { itemId: ids.item1, text: 'neu' }],
      ['DELETE', `/api/meetings/${ids.meeting}/decisions/${ids.decision}`, undefined],
      ['POST', `/api/meetings/${ids.meeting}/tasks`, { title: 'neu', due: '2026-05-01' }],
      ['PUT', `/api/meetings/${ids.meeting}`, { title: 'neu' }],
      ['POST', `/api/meetings/${ids.meeting}/finalise`, undefined],
      ['DELETE', `/api/meetings/${ids.meeting}`, undefined],
    ];
    for (const [method, url, body] of edits) {
      const r = await call(who.gruenau, method, url, body);
      expect([method, url, r.status]).toEqual([method, url, 409]);
    }
    const after = await ok(who.gruenau, 'GET', `/api/meetings/${ids.meeting}`);
    expect(after.agenda[0].minutes).toBe(m.agenda[0].minutes);
    const audit = await t.db.pool.query("SELECT action, entity_id FROM audit_log WHERE entity = 'meetings' AND action = 'finalise' AND entity_id = $1", [String(ids.meeting)]);
    expect(audit.rowCount).toBe(1);
    // The owner (a member with an account) works on the task decided in the finalised minutes.
    const task = await ok(who.member, 'PATCH', `/api/tasks/${ids.task1}`, { status: 'in-progress' });
    expect(task.status).toBe('in-progress');
    // …but may not rename it.
    expect((await call(who.member, 'PATCH', `/api/tasks/${ids.task1}`, { title: 'anders' })).status).toBe(404);
  });

  it('exports the minutes as PDF, and leaves confidential items out on request', async () => {
    const pdf = await call(who.gruenau, 'GET', `/api/meetings/${ids.meeting}/minutes.pdf?confidential=omit`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const m = await getMeeting(t.db.pool, (await import('../../src/modules/users/service.ts').then((s) => s.sessionFromToken(t.db, who.gruenau.cookie.split('=')[1])))!.user, ids.meeting);
    const full = minutesHtml(m, { includeConfidential: true, lang: 'de' });
    const omitted = minutesHtml(m, { includeConfidential: false, lang: 'de' });
    expect(full).toContain('Personalsituation Jugendclub');
    expect(omitted).not.toContain('Personalsituation Jugendclub');
    expect(omitted).toContain('1 vertraulicher Punkt ausgelassen.');
    expect(omitted).toContain('1. Bericht aus den Einrichtungen');
    expect(omitted).toContain('Gemeinsamer Elternabend im Herbst');
  });

  it('prepares the next meeting from the minutes: the next occurrence gets the open items', async () => {
    const next = await ok(who.gruenau, 'POST', `/api/meetings/${ids.meeting}/next`, {});
    expect(next.id).toBe(ids.april);
    expect(next.agenda.map((i: { title: string }) => i.title)).toEqual([
      'Genehmigung des Protokolls der letzten Sitzung',
      'Bericht aus den Einrichtungen',
      'Überprüfung des Beschlusses: Gemeinsamer Elternabend im Herbst',
      'Stand der offenen Aufgaben',
    ]);
    expect(next.agenda[1].standing).toBe(true);
    expect(next.agenda[1].carriedFromMeetingId).toBe(ids.meeting);
  });

  it('serves the group feed as text/calendar with VTIMEZONE and RRULE, the same whatever the server zone', async () => {
    const created = await ok(who.gruenau, 'POST', `/api/groups/${ids.prak}/calendar-token`);
    token = created.token;
    expect(created.path).toBe(`/api/groups/${ids.prak}/calendar.ics?token=${token}`);
    const berlin = await call(undefined, 'GET', created.path);
    expect(berlin.status).toBe(200);
    expect(berlin.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ics = berlin.body;
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('BEGIN:VTIMEZONE');
    expect(lines).toContain('TZID:Europe/Berlin');
    // Summer time starts on the last Sunday of March at 02:00 local (+0100 → +0200) and ends in October.
    expect(ics).toMatch(/BEGIN:DAYLIGHT\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200/);
    expect(ics).toMatch(/BEGIN:STANDARD\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100/);
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20260310T160000');
    expect(lines).toContain('DTEND;TZID=Europe/Berlin:20260310T180000');
    const event = lines.slice(lines.indexOf('BEGIN:VEVENT'));
    expect(event.find((l) => l.startsWith('RRULE:'))).toMatch(/^RRULE:FREQ=MONTHLY;(?=.*BYDAY=2TU)(?=.*COUNT=12)/);
    // The moved May meeting: an override of that occurrence, at 17:00 wall time, after the DST change.
    expect(lines).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260512T160000');
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20260512T170000');
    expect(ics).not.toMatch(/DTSTART:\d{8}T\d{6}Z/); // no UTC start anywhere
    expect(lines.some((l) => l.startsWith('URL:') && l.includes(`/#/koordination/sitzungen/`))).toBe(true);

    const saved = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(0);
      const utc = await call(undefined, 'GET', created.path);
      expect(utc.body).toBe(ics);
      const list = await ok(who.gruenau, 'GET', `/api/groups/${ids.prak}/meetings`);
      expect(list[1].start).toBe('2026-04-14T16:00:00');
      expect(list[1].startsAt).toBe('2026-04-14T14:00:00.000Z');
    } finally {
      process.env.TZ = saved;
    }
  });

  it('answers 404 to feeds without, with a wrong, or with a replaced token', async () => {
    expect((await call(undefined, 'GET', `/api/groups/${ids.prak}/calendar.ics`)).status).toBe(404);
    expect((await call(undefined, 'GET', `/api/groups/${ids.prak}/calendar.ics?token=${'x'.repeat(43)}`)).status).toBe(404);
    expect((await call(undefined, 'GET', `/api/groups/${ids.campus}/calendar.ics?token=${token}`)).status).toBe(404);
    const rotated = await ok(who.gruenau, 'POST', `/api/groups/${ids.prak}/calendar-token`);
    expect((await call(undefined, 'GET', `/api/groups/${ids.prak}/calendar.ics?token=${token}`)).status).toBe(404);
    expect((await call(undefined, 'GET', rotated.path)).status).toBe(200);
    const mine = await ok(who.member, 'POST', '/api/me/calendar-token');
    const feed = await call(undefined, 'GET', mine.path);
    expect(feed.status).toBe(200);
    expect(feed.body).toContain('Planungsraumarbeitskreis (Planungsraumarbeitskreis Grünau)');
  });
});

describe('access', () => {
  // Valid bodies, so that a refusal is about the id and not about the payload.
  const BODIES: Record<string, unknown> = {
    'PUT /api/groups/:id': { type: 'netzwerk', name: 'übernommen', area: { layer: 'planungsraum', code: 'West' } },
    'POST /api/groups/:id/members': { name: 'Eindringling' },
    'PUT /api/groups/:id/members/:memberId': { name: 'Eindringling' },
    'POST /api/groups/:id/meetings': { title: 'x', start: '2026-12-01T10:00' },
    'PUT /api/meetings/:id': { title: 'x' },
    'POST /api/meetings/:id/status': { action: 'cancel' },
    'POST /api/meetings/:id/next': {},
    'POST /api/meetings/:id/agenda': { title: 'x' },
    'PUT /api/meetings/:id/agenda/:itemId': { title: 'x' },
    'PUT /api/meetings/:id/attendance': { entries: [] },
    'PUT /api/meetings/:id/minutes': { html: '<p>x</p>' },
    'POST /api/meetings/:id/decisions': { itemId: 1, text: 'x' },
    'POST /api/meetings/:id/tasks': { title: 'x' },
    'PATCH /api/tasks/:id': { status: 'done' },
  };

  /** Every route that takes a group, meeting, task or document id, called by `attacker` with valid bodies: all 404. */
  async function probe(attacker: Who, target: { group: number; meeting: number; task: number; document: number; member: number; item: number; decision: number }) {
    const values: Record<string, number> = { memberId: target.member, itemId: target.item, decisionId: target.decision };
    const tried: string[] = [];
    const leaks: string[] = [];
    const upload = multipart({ name: 'plan.pdf', content: '%PDF-1.4 test' });
    for (const route of routeTable) {
      const m = /^\/api\/(groups|meetings|tasks|documents)\/:id/.exec(route.url);
      if (!m || route.url.endsWith('calendar.ics')) continue;
      const id = { groups: target.group, meetings: target.meeting, tasks: target.task, documents: target.document }[m[1] as 'groups'];
      const url = route.url.replace(':id', String(id)).replace(/:(\w+)/g, (_x, name: string) => String(values[name]));
      const key = `${route.method} ${route.url}`;
      const headers = { cookie: attacker.cookie, 'x-csrf-token': attacker.csrf };
      const res = route.url.endsWith('/documents') && route.method === 'POST'
        ? await t.app.inject({ method: 'POST', url, payload: upload.payload, headers: { ...upload.headers, ...headers } })
        : await t.app.inject({ method: route.method as 'GET', url, headers, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: (BODIES[key] ?? {}) as object }) });
      tried.push(key);
      if (res.statusCode !== 404) leaks.push(`${key}: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    return { tried, leaks };
  }

  it('gives West’s coordinator 404 on every route that takes a Grünau id, and changes nothing', async () => {
    const before = JSON.stringify(await ok(who.gruenau, 'GET', `/api/meetings/${ids.april}`)) + JSON.stringify(await ok(who.gruenau, 'GET', `/api/groups/${ids.prak}`));
    const april = await ok(who.gruenau, 'GET', `/api/meetings/${ids.april}`);
    const { tried, leaks } = await probe(who.west, { group: ids.prak, meeting: ids.april, task: ids.task1, document: ids.document || 1, member: ids.memberPerson, item: april.agenda[0].id, decision: ids.decision });
    expect(tried.length).toBeGreaterThan(25);
    expect(leaks).toEqual([]);
    const after = JSON.stringify(await ok(who.gruenau, 'GET', `/api/meetings/${ids.april}`)) + JSON.stringify(await ok(who.gruenau, 'GET', `/api/groups/${ids.prak}`));
    expect(after).toBe(before);
    // Lists leave Grünau out for West.
    expect((await ok(who.west, 'GET', '/api/groups')).map((g: { id: number }) => g.id)).not.toContain(ids.prak);
    expect((await ok(who.west, 'GET', '/api/tasks?scope=all'))).toEqual([]);
    expect((await ok(who.west, 'GET', '/api/calendar?from=2026-01-01&to=2027-12-31')).filter((x: { groupId: number }) => x.groupId === ids.prak)).toEqual([]);
    const westPage = await ok(who.west, 'GET', '/api/planning-areas/planungsraum/Gruenau');
    expect(westPage.groups).toEqual([]);
    expect(westPage.yours).toBe(false);
  });

  it('gives the Grünau coordinator 404 on every route that takes an id of West', async () => {
    const group = await ok(who.west, 'POST', '/api/groups', { type: 'planungsraumarbeitskreis', name: 'Planungsraumarbeitskreis West', area: { layer: 'planungsraum', code: 'West' } });
    const member = await ok(who.west, 'POST', `/api/groups/${group.id}/members`, { name: 'Max West' });
    let meeting = await ok(who.west, 'POST', `/api/groups/${group.id}/meetings`, { title: 'PRAK West', start: '2026-06-02T17:00' });
    await ok(who.west, 'POST', `/api/meetings/${meeting.id}/status`, { action: 'hold' });
    meeting = await ok(who.west, 'POST', `/api/meetings/${meeting.id}/agenda`, { title: 'Vertrauliches aus West', confidential: true });
    meeting = await ok(who.west, 'POST', `/api/meetings/${meeting.id}/decisions`, { itemId: meeting.agenda[0].id, text: 'Beschluss West' });
    meeting = await ok(who.west, 'POST', `/api/meetings/${meeting.id}/tasks`, { title: 'Aufgabe West', ownerMemberId: member.id, due: '2026-07-01' });
    const before = JSON.stringify(await ok(who.west, 'GET', `/api/meetings/${meeting.id}`));
    const { tried, leaks } = await probe(who.gruenau, { group: group.id, meeting: meeting.id, task: meeting.tasks[0].id, document: ids.document || 1, member: member.id, item: meeting.agenda[0].id, decision: meeting.decisions[0].id });
    expect(tried.length).toBeGreaterThan(25);
    expect(leaks).toEqual([]);
    expect(JSON.stringify(await ok(who.west, 'GET', `/api/meetings/${meeting.id}`))).toBe(before);
  });

  it('lets viewers read without confidential items and write nothing', async () => {
    const m = await ok(who.viewer, 'GET', `/api/meetings/${ids.meeting}`);
    expect(m.agenda.map((i: { title: string }) => i.title)).toEqual(['Bericht aus den Einrichtungen']);
    expect(m.confidentialLeftOut).toBe(1);
    expect(m.allowedActions).toEqual([]);
    expect((await call(who.viewer, 'POST', `/api/meetings/${ids.april}/agenda`, { title: 'x' })).status).toBe(403);
  });

  it('shows a provider the groups its organisation belongs to, and nothing else', async () => {
    const facilityOrg = (await t.db.pool.query('SELECT organisation_id FROM facilities WHERE id = $1', [ids.facilityA])).rows[0].organisation_id as number | null;
    if (facilityOrg) {
      const provider = await user('campus_traeger', 'provider', { organisationId: facilityOrg });
      expect((await ok(provider, 'GET', '/api/groups')).map((g: { id: number }) => g.id)).toContain(ids.campus);
    }
    expect((await call(who.otherProvider, 'GET', `/api/groups/${ids.campus}`)).status).toBe(404);
    expect((await call(who.otherProvider, 'GET', `/api/meetings/${ids.meeting}`)).status).toBe(404);
    expect(await ok(who.otherProvider, 'GET', '/api/groups')).toEqual([]);
    // The member with an account sees its group.
    expect((await ok(who.member, 'GET', '/api/groups')).map((g: { id: number }) => g.id)).toContain(ids.prak);
  });

  it('lets anonymous visitors see nothing of coordination', async () => {
    for (const url of ['/api/groups', `/api/groups/${ids.prak}`, `/api/meetings/${ids.meeting}`, '/api/tasks', '/api/planning-areas/planungsraum/Gruenau', '/api/calendar']) {
      expect((await call(undefined, 'GET', url)).status).toBe(401);
    }
  });
});

describe('documents', () => {
  it('stores an allowed file in the database and gives the same bytes back', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 7)]);
    const { payload, headers } = multipart({ name: 'Einladung.pdf', content: bytes }, { meetingId: String(ids.april) });
    const res = await t.app.inject({ method: 'POST', url: `/api/groups/${ids.prak}/documents`, payload, headers: { ...headers, cookie: who.gruenau.cookie, 'x-csrf-token': who.gruenau.csrf } });
    expect(res.statusCode).toBe(200);
    ids.document = res.json().id;
    expect(res.json()).toMatchObject({ fileName: 'Einladung.pdf', mediaType: 'application/pdf', sizeBytes: bytes.length, meetingId: ids.april });
    const back = await call(who.member, 'GET', `/api/documents/${ids.document}`);
    expect(back.status).toBe(200);
    expect(Buffer.compare(back.raw, bytes)).toBe(0);
    expect(back.headers['content-disposition']).toBe("attachment; filename*=UTF-8''Einladung.pdf");
    expect((await call(who.west, 'GET', `/api/documents/${ids.document}`)).status).toBe(404);
    expect(await tablesInDependencyOrder(t.db.pool)).toContain('coordination_documents');
  });

  it('refuses types outside the list, content that does not match, and files on finalised minutes', async () => {
    const send = async (name: string, content: Buffer | string, fields: Record<string, string> = {}) => {
      const { payload, headers } = multipart({ name, content }, fields);
      return t.app.inject({ method: 'POST', url: `/api/groups/${ids.prak}/documents`, payload, headers: { ...headers, cookie: who.gruenau.cookie, 'x-csrf-token': who.gruenau.csrf } });
    };
    expect((await send('tool.exe', 'MZ....')).statusCode).toBe(415);
    const renamed = await send('bericht.pdf', 'MZ not a pdf');
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().error.code).toBe('DOCUMENT_CONTENT');
    expect((await send('leer.txt', '')).statusCode).toBe(400);
    expect((await send('notiz.txt', 'Hallo', { meetingId: String(ids.meeting) })).statusCode).toBe(409);
  });

  it('refuses a file above LERNORT_MAX_UPLOAD_MB with 413', async () => {
    const small = await buildApp({ db: t.db, config: { ...loadConfig({}), databaseUrl: inject('databaseUrl'), maxUploadMb: 1 } });
    try {
      const { payload, headers } = multipart({ name: 'gross.txt', content: Buffer.alloc(1024 * 1024 + 10, 65) });
      const res = await small.inject({ method: 'POST', url: `/api/groups/${ids.prak}/documents`, payload, headers: { ...headers, cookie: who.gruenau.cookie, 'x-csrf-token': who.gruenau.csrf } });
      expect(res.statusCode).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('reminders', () => {
  it('turns overdue tasks into one in-app notification per owner and key, however often it runs', async () => {
    // Task 2 (owner: a member without account) reminds nobody; task 1 (in progress, due 1 April) its owner.
    const now = new Date('2026-04-03T08:00:00Z');
    const plan = (await dueReminders(t.db.pool, now)).filter((r) => r.subject.id === String(ids.task1));
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ kind: 'task-overdue', recipientId: `u${who.member.id}` });
    expect(plan[0].de).toBe('Die Aufgabe „Termin für den Elternabend abstimmen“ war am 01.04.2026 fällig und ist seit 2 Tagen überfällig.');
    expect(await deliver(t.db.pool, plan[0], null)).toBe(true);
    expect(await deliver(t.db.pool, plan[0], null)).toBe(false);
    expect((await dueReminders(t.db.pool, now)).filter((r) => r.subject.id === String(ids.task1))).toEqual([]);
    const inbox = await ok(who.member, 'GET', '/api/me/notifications');
    expect(inbox.filter((n: { subjectId: number }) => n.subjectId === ids.task1)).toHaveLength(1);
    await t.app.inject({ method: 'POST', url: `/api/me/notifications/${inbox[0].id}/read`, headers: { cookie: who.member.cookie, 'x-csrf-token': who.member.csrf } });
    expect((await ok(who.member, 'GET', '/api/me/notifications'))[0].readAt).not.toBeNull();
    expect((await call(who.west, 'POST', `/api/me/notifications/${inbox[0].id}/read`)).status).toBe(404);
  });

  it('runs through the job queue (pg-boss on our pool): a planning job queues deliveries that become notifications', async () => {
    const service = await startReminders(t.db);
    try {
      const before = (await t.db.pool.query("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = 'task-overdue'", [who.member.id])).rows[0].n;
      await service.boss.send(QUEUES.planReminders, {});
      // Today the task of 1 April is months overdue: a later "week of lateness" than the one delivered above.
      for (let i = 0; i < 80; i++) {
        const n = (await t.db.pool.query("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = 'task-overdue'", [who.member.id])).rows[0].n;
        if (n > before) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const rows = (await t.db.pool.query("SELECT key FROM notifications WHERE user_id = $1 AND kind = 'task-overdue' ORDER BY id", [who.member.id])).rows;
      expect(rows.length).toBe(before + 1);
      expect(rows.at(-1).key).toMatch(new RegExp(`^task-overdue:${ids.task1}:2026-04-01:\\d+:u${who.member.id}$`));
    } finally {
      await service.stop();
    }
  });
});
