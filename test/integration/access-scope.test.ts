// Row-level access over the whole route table: every write route (POST/PUT/PATCH/DELETE) that
// addresses a row by a path parameter and that a scoped role (coordinator, provider, viewer) may
// call declares an access rule (modules/access) or is listed below with a reason. Then, for each
// declared route, a coordinator of planning area Grünau tries to change rows of planning area West
// and a provider of organisation X tries to change rows of organisation Y, with valid bodies:
// every attempt answers 404 with the bilingual error, and no row of the registry, coordination or
// goals tables changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, type SessionUser } from '../../src/modules/users/service.ts';
import { roleHas, type Permission, type Role } from '../../src/modules/users/permissions.ts';
import { mayAct, UNRESTRICTED_ROLES } from '../../src/modules/access/service.ts';
import { routeTable, type RouteEntry } from '../../src/server.ts';
import { multipart, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
const run = `${process.pid}_${Date.now()}`;
const password = 'access scope password 1';

interface Who { cookie: string; csrf: string; user: SessionUser }
const who: Record<'coordA' | 'coordB' | 'provX' | 'provY' | 'admin', Who> = {} as never;

async function account(name: string, role: Role, scope: Record<string, unknown> = {}): Promise<Who> {
  const username = `${name}_${run}`;
  await createUser(t.db, { username, password, role, scope });
  // Sessions from the service: the HTTP login route is rate-limited per client (tested elsewhere).
  const { token, session } = await login(t.db, username, password, '127.0.0.1', 1);
  return { cookie: `lernort_session=${token}`, csrf: session.csrfToken, user: session.user };
}

async function call(as: Who, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({ method: method as 'GET', url, headers: { cookie: as.cookie, 'x-csrf-token': as.csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.body, json: () => res.json() };
}
async function ok(as: Who, method: string, url: string, payload?: unknown) {
  const r = await call(as, method, url, payload);
  if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${r.body}`);
  return r.json();
}

/**
 * Write routes with a path parameter that carry no row rule, and why. Anything else without a
 * rule that a scoped role may call fails the first test.
 */
const EXEMPT: Record<string, string> = {
  'POST /api/workshops/:id/proposals': 'participation: every reader of a workshop (providers too) adds its own proposal; the workshop itself is not changed',
  'POST /api/workshops/:id/votes': 'participation: the caller replaces only its own ballot (one budget per person)',
  'POST /api/proposals/:id/comments': 'participation: the caller adds its own comment to a proposal it may read',
  'POST /api/groups/:id/calendar-token': 'creates the caller\'s own feed token; needs read access to the group only (service: requireGroup read), changes nothing of the group',
  'POST /api/me/notifications/:id/read': 'the caller\'s own notification: the service matches it to the caller and answers 404 for anyone else\'s',
  'DELETE /api/selections/:id': 'the caller\'s own saved selection: the service deletes it only for its owner (user id in the query)',
};

const SCOPED_ROLES: Role[] = ['coordinator', 'provider', 'viewer'];
const isWrite = (r: RouteEntry) => r.method !== 'GET' && r.method !== 'HEAD' && r.method !== 'OPTIONS';
const hasParam = (r: RouteEntry) => /\/:\w+/.test(r.url);
const key = (r: RouteEntry) => `${r.method} ${r.url}`;

/** Valid bodies, so a refusal is the access rule's and not the validator's. */
const BODIES: Record<string, unknown> = {
  'PUT /api/groups/:id': { type: 'netzwerk', name: 'übernommen', area: { layer: 'planungsraum', code: 'Gruenau' } },
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
  'POST /api/meetings/:id/finalise': {},
  'PATCH /api/tasks/:id': { status: 'done' },
  'POST /api/goals/:id/status': { asOf: '2026-06-30' },
  'POST /api/proposals/:id/accept': { level: 'planning-area', area: { layer: 'planungsraum', code: 'West' }, indicatorKey: 'sgb2_anteil_kinder', higherIsBetter: false },
  'PATCH /api/agreements/:id': { measures: ['übernommen'] },
  'POST /api/agreements/:id/transitions': { action: 'negotiate' },
  'POST /api/agreements/:id/versions': {},
  'PUT /api/agreements/:id/reports/:due': { fundingJugendamtCents: 0, ownFundsCents: 0, thirdPartyCents: 0, offers: 0, participantsByAge: {}, participantsByArea: {}, outcomes: {}, outcomesText: '', impactText: '' },
  'POST /api/agreements/:id/reports/:due/transitions': { action: 'submit' },
  'PUT /api/dialogues/:id': { title: 'übernommen', worked: 'x', didNotWork: 'x', changes: 'x', followUps: [] },
  'POST /api/dialogues/:id/finalise': {},
};

/** Rows of West and of organisation Y, by entity name; other path parameters by name. */
const target: Record<string, number> = {};
const params: Record<string, string> = {};

/** Every table whose rows the probed routes could change: all must be unchanged afterwards. */
const TABLES = ['facilities', 'services', 'service_locations', 'working_groups', 'group_members', 'meetings', 'agenda_items', 'attendance', 'decisions',
  'coordination_tasks', 'coordination_documents', 'goals', 'goal_status_history', 'goal_workshops', 'goal_proposals', 'goal_agreements', 'goal_provider_reports', 'goal_dialogues'];
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    out[table] = (await t.db.pool.query<{ h: string | null }>(`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${table} x`)).rows[0].h ?? '';
  }
  return out;
}

beforeAll(async () => {
  t = await testApp();
  const org = async (name: string) => (await t.db.pool.query<{ id: number }>("INSERT INTO organisations (name, kind) VALUES ($1, 'free') RETURNING id", [`${name} ${run}`])).rows[0].id;
  const orgX = await org('Träger X');
  const orgY = await org('Träger Y');
  who.coordA = await account('koord_gruenau', 'coordinator', { planningAreas: ['Gruenau'] });
  who.coordB = await account('koord_west', 'coordinator', { planningAreas: ['West'] });
  who.provX = await account('traeger_x', 'provider', { organisationId: orgX });
  who.provY = await account('traeger_y', 'provider', { organisationId: orgY });
  who.admin = await account('admin', 'admin');

  // Organisation Y's facility and offer.
  const type = (await ok(who.admin, 'GET', '/api/facility-types'))[0].key as string;
  const domain = (await ok(who.admin, 'GET', '/api/service-domains'))[0].key as string;
  target.facility = (await ok(who.provY, 'POST', '/api/facilities', { name: `Einrichtung Y ${run}`, type, organisationId: orgY })).id;
  target.service = (await ok(who.provY, 'POST', '/api/services', { name: `Angebot Y ${run}`, domain, organisationId: orgY })).id;
  // The attacker names its own organisation in the body: only the row rule can refuse it.
  BODIES['PUT /api/facilities/:id'] = { name: 'übernommen', type, organisationId: orgX };
  BODIES['PUT /api/services/:id'] = { name: 'übernommen', domain, organisationId: orgX };

  // West's working group with a member, a held meeting, an agenda item, a decision, a task, a document.
  const west = { layer: 'planungsraum', code: 'West' };
  target.group = (await ok(who.coordB, 'POST', '/api/groups', { type: 'planungsraumarbeitskreis', name: `PRAK West ${run}`, area: west })).id;
  const member = await ok(who.coordB, 'POST', `/api/groups/${target.group}/members`, { name: 'Max West' });
  params.memberId = String(member.id);
  let meeting = await ok(who.coordB, 'POST', `/api/groups/${target.group}/meetings`, { title: 'PRAK West', start: '2026-06-02T17:00' });
  target.meeting = meeting.id;
  await ok(who.coordB, 'POST', `/api/meetings/${meeting.id}/status`, { action: 'hold' });
  meeting = await ok(who.coordB, 'POST', `/api/meetings/${meeting.id}/agenda`, { title: 'Bericht West' });
  params.itemId = String(meeting.agenda[0].id);
  meeting = await ok(who.coordB, 'POST', `/api/meetings/${meeting.id}/decisions`, { itemId: meeting.agenda[0].id, text: 'Beschluss West' });
  params.decisionId = String(meeting.decisions[0].id);
  meeting = await ok(who.coordB, 'POST', `/api/meetings/${meeting.id}/tasks`, { title: 'Aufgabe West', ownerMemberId: member.id, due: '2026-07-01' });
  target.task = meeting.tasks[0].id;
  const upload = multipart({ name: 'plan.pdf', content: '%PDF-1.4 test' });
  const doc = await t.app.inject({ method: 'POST', url: `/api/groups/${target.group}/documents`, payload: upload.payload, headers: { ...upload.headers, cookie: who.coordB.cookie, 'x-csrf-token': who.coordB.csrf } });
  if (doc.statusCode !== 200) throw new Error(`document upload: ${doc.statusCode} ${doc.body}`);
  target.document = doc.json().id;

  // West's goal, workshop with a proposal, an agreement with organisation Y, a dialogue.
  target.goal = (await ok(who.coordB, 'POST', '/api/goals', { level: 'planning-area', area: west, title: `Ziel West ${run}`, indicatorKey: 'sgb2_anteil_kinder', higherIsBetter: false })).id;
  target.workshop = (await ok(who.coordB, 'POST', '/api/workshops', { title: `Werkstatt West ${run}`, area: west, votesPerPerson: 5, maxPerProposal: 3 })).id;
  target.proposal = (await ok(who.coordB, 'POST', `/api/workshops/${target.workshop}/proposals`, { title: 'Vorschlag West' })).proposals[0].id;
  params.due = '2026-06-30';
  target.agreement = (await ok(who.coordB, 'POST', '/api/agreements', {
    providerOrganisationId: orgY, area: west,
    content: { title: `Vereinbarung West ${run}`, period: { from: '2026-01-01', to: '2026-12-31' }, goalIds: [String(target.goal)], measures: ['Elterncafé'], indicatorKeys: [], reportingDates: [params.due], offerIds: [], fundingReference: null },
  })).id;
  target.dialogue = (await ok(who.coordB, 'POST', '/api/dialogues', { year: 2026, area: west, title: `Dialog West ${run}`, worked: 'x', didNotWork: 'x', changes: 'x', followUps: [] })).id;
});
afterAll(async () => {
  // The test database is shared by the project's files: the registry counts others assert on
  // (facilities, offers) must not include this file's fixtures.
  if (t && who.admin) {
    if (target.service) await call(who.admin, 'DELETE', `/api/services/${target.service}`);
    if (target.facility) await call(who.admin, 'DELETE', `/api/facilities/${target.facility}`);
  }
  await t?.close();
});

describe('row-level access on every write route', () => {
  it('has a declared rule (or a listed reason) on every write route with a path parameter that a scoped role may call', () => {
    const missing: string[] = [];
    const declared: string[] = [];
    const unrestrictedOnly: string[] = [];
    for (const r of routeTable.filter((x) => isWrite(x) && hasParam(x))) {
      const scoped = SCOPED_ROLES.filter((role) => roleHas(role, r.permission as Permission));
      if (r.access) declared.push(key(r));
      else if (scoped.length === 0) unrestrictedOnly.push(key(r)); // only admin/analyst/planner: their scope is the whole city
      else if (!EXEMPT[key(r)]) missing.push(`${key(r)} (${r.permission}: ${scoped.join(', ')})`);
    }
    expect(missing).toEqual([]);
    // The exemptions name routes that exist and still have no rule.
    const stale = Object.keys(EXEMPT).filter((k) => !routeTable.some((r) => key(r) === k && !r.access));
    expect(stale).toEqual([]);
    expect(declared.length).toBeGreaterThan(30);
    expect(unrestrictedOnly.every((k) => !routeTable.some((r) => key(r) === k && SCOPED_ROLES.some((role) => roleHas(role, r.permission as Permission))))).toBe(true);
    expect(UNRESTRICTED_ROLES).toEqual(['admin', 'analyst', 'planner']);
  });

  it('answers 404 to a coordinator of Grünau on every route that changes a row of West, and to a provider of X on every route that changes a row of Y, changing nothing', async () => {
    const before = await snapshot();
    const attackers: [string, Who][] = [['coordinator of Grünau', who.coordA], ['provider of X', who.provX]];
    const tried: string[] = [];
    const leaks: string[] = [];
    const upload = multipart({ name: 'plan.pdf', content: '%PDF-1.4 test' });
    for (const route of routeTable.filter((r) => isWrite(r) && r.access)) {
      const rule = route.access!;
      expect(target[rule.entity], `fixture for entity ${rule.entity}`).toBeDefined();
      const id = target[rule.entity];
      // The fixture really is the owners' row: West's coordinator (or Y's provider) may act on it.
      const owner = rule.rule === 'own-organisation' ? who.provY : who.coordB;
      expect(await mayAct(t.db.pool, owner.user, rule, String(id)), `${key(route)}: owner may act`).toBe(true);
      const url = route.url.replace(`:${rule.param}`, String(id)).replace(/:(\w+)/g, (_m, name: string) => params[name] ?? 'x');
      for (const [name, attacker] of attackers) {
        if (!roleHas(attacker.user.role, route.permission as Permission)) continue;
        expect(await mayAct(t.db.pool, attacker.user, rule, String(id))).toBe(false);
        const headers = { cookie: attacker.cookie, 'x-csrf-token': attacker.csrf };
        const res = route.url.endsWith('/documents') && route.method === 'POST'
          ? await t.app.inject({ method: 'POST', url, payload: upload.payload, headers: { ...upload.headers, ...headers } })
          : await t.app.inject({ method: route.method as 'POST', url, headers, ...(route.method === 'DELETE' ? {} : { payload: (BODIES[key(route)] ?? {}) as object }) });
        tried.push(`${key(route)} as ${name}`);
        const body = res.statusCode === 404 ? res.json() : null;
        if (res.statusCode !== 404 || body.error.code !== 'NOT_FOUND' || !body.error.message.de || !body.error.message.en) {
          leaks.push(`${key(route)} as ${name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
    }
    console.log(`row-level access: ${tried.length} attempts on ${new Set(tried.map((x) => x.split(' as ')[0])).size} routes, ${leaks.length} got through`);
    expect(leaks).toEqual([]);
    // Both kinds of attacker were tried: coordinators on the coordination and goals routes, providers on the registry and agreements.
    expect(tried.filter((x) => x.endsWith('coordinator of Grünau')).length).toBeGreaterThan(25);
    expect(tried.filter((x) => x.endsWith('provider of X')).length).toBeGreaterThanOrEqual(8);
    expect(await snapshot()).toEqual(before);
  });

  it('lets the owners act on the same rows (the rule restricts, it does not block)', async () => {
    const facility = await ok(who.provY, 'PUT', `/api/facilities/${target.facility}`, { name: `Einrichtung Y neu ${run}`, type: (await ok(who.admin, 'GET', '/api/facility-types'))[0].key, organisationId: (await ok(who.admin, 'GET', `/api/facilities/${target.facility}`)).organisationId });
    expect(facility.name).toBe(`Einrichtung Y neu ${run}`);
    const meeting = await ok(who.coordB, 'POST', `/api/meetings/${target.meeting}/agenda`, { title: 'Nachtrag West' });
    expect(meeting.agenda.map((i: { title: string }) => i.title)).toContain('Nachtrag West');
    // Roles with the whole city as scope pass the rule too.
    expect((await call(who.admin, 'PUT', `/api/dialogues/${target.dialogue}`, BODIES['PUT /api/dialogues/:id'])).status).toBe(200);
  });
});
