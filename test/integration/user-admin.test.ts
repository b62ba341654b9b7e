// The role grants reach the client through GET /api/auth/me (one table, permissions.ts); the admin
// manages users (create with scope, change role and scope, disable, reset); planners attach
// facilities to a Träger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestApp } from './helpers.ts';
import { permissionsOf, roles } from '../../src/modules/users/permissions.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => t?.close());

const PASSWORD = 'correct horse battery staple';

describe('GET /api/auth/me carries the permissions of the role', () => {
  it('answers each role\'s grants, and the provider has registry:own but not registry:write', async () => {
    for (const role of roles) {
      const s = await signIn(t, role);
      const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).json();
      expect(me.user.role).toBe(role);
      expect(me.user.permissions).toEqual(permissionsOf(role));
    }
    const provider = await signIn(t, 'provider');
    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: provider.cookie } })).json();
    expect(me.user.permissions).toContain('registry:own');
    expect(me.user.permissions).not.toContain('registry:write');
    const admin = await signIn(t, 'admin');
    const adminMe = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin.cookie } })).json();
    expect(adminMe.user.permissions).toEqual(expect.arrayContaining(['budget:write', 'uptake:write', 'admin']));
  });
});

describe('user administration', () => {
  it('creates a coordinator with two planning areas and a provider with an organisation, changes, disables and resets', async () => {
    const admin = await signIn(t, 'admin');
    const h = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const org = (await t.db.pool.query<{ id: number }>("INSERT INTO organisations (name, kind) VALUES ('Testträger Admin e. V.', 'free') RETURNING id")).rows[0].id;
    const suffix = `${process.pid}_${Date.now()}`;

    const coord = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { username: `koord_${suffix}`, displayName: 'Kora Koordination', role: 'coordinator', password: PASSWORD, scope: { planningAreas: ['Gruenau', 'Paunsdorf', 'Gruenau'] } } });
    expect(coord.statusCode).toBe(201);
    expect(coord.json()).toMatchObject({ role: 'coordinator', scope: { planningAreas: ['Gruenau', 'Paunsdorf'] }, disabled: false });

    const noOrg = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { username: `traeger_${suffix}`, role: 'provider', password: PASSWORD } });
    expect(noOrg.statusCode).toBe(400);
    expect(noOrg.json().error.code).toBe('USER_SCOPE_INVALID');
    const prov = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { username: `traeger_${suffix}`, role: 'provider', password: PASSWORD, scope: { organisationId: org } } });
    expect(prov.statusCode).toBe(201);
    expect(prov.json().scope).toEqual({ organisationId: org });

    const list = (await t.app.inject({ method: 'GET', url: '/api/users', headers: h })).json() as { username: string; scope: unknown }[];
    expect(list.find((u) => u.username === `traeger_${suffix}`)?.scope).toEqual({ organisationId: org });

    // Role change to provider without an organisation is refused; with one it lands.
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/users/koord_${suffix}`, headers: h, payload: { role: 'provider' } });
    expect(bad.statusCode).toBe(400);
    const changed = await t.app.inject({ method: 'PATCH', url: `/api/users/koord_${suffix}`, headers: h, payload: { scope: { planningAreas: ['Gruenau'] } } });
    expect(changed.json().scope).toEqual({ planningAreas: ['Gruenau'] });

    // Signed in, then disabled: the session ends and a new sign-in fails.
    const login = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `traeger_${suffix}`, password: PASSWORD } });
    const session = await login();
    expect(session.statusCode).toBe(200);
    const cookie = String(session.headers['set-cookie']).split(';')[0];
    const disabled = await t.app.inject({ method: 'PATCH', url: `/api/users/traeger_${suffix}`, headers: h, payload: { disabled: true } });
    expect(disabled.json().disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user).toBeNull();
    expect((await login()).statusCode).toBe(401);
    await t.app.inject({ method: 'PATCH', url: `/api/users/traeger_${suffix}`, headers: h, payload: { disabled: false } });
    expect((await login()).statusCode).toBe(200);

    // A one-time password from the server works, the old one no longer does.
    const reset = await t.app.inject({ method: 'POST', url: `/api/users/traeger_${suffix}/password`, headers: h, payload: {} });
    const oneTime = reset.json().password as string;
    expect(oneTime).toHaveLength(16);
    expect((await login()).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `traeger_${suffix}`, password: oneTime } })).statusCode).toBe(200);

    // An admin cannot lock themself out.
    const self = await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.username}`, headers: h, payload: { disabled: true } });
    expect(self.statusCode).toBe(409);

    const audit = (await t.db.pool.query("SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY id", [`traeger_${suffix}`])).rows.map((r) => r.action);
    expect(audit).toEqual(['create', 'update', 'update', 'reset-password']);
  });

  it('is for admins only', async () => {
    const planner = await signIn(t, 'planner');
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: planner.cookie, 'x-csrf-token': planner.csrf }, payload: { username: 'x_nope', role: 'viewer', password: PASSWORD } });
    expect(res.statusCode).toBe(403);
  });
});

describe('attaching facilities to a Träger', () => {
  it('attaches two facilities, detaches one, and a provider may not', async () => {
    const planner = await signIn(t, 'planner');
    const h = { cookie: planner.cookie, 'x-csrf-token': planner.csrf };
    const created = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: h, payload: { name: `Neuer Träger ${Date.now()}` } });
    const org = created.json().id as number;
    const type = (await t.app.inject({ method: 'GET', url: '/api/facility-types' })).json()[0].key as string;
    const fac = [];
    for (const name of ['Anbau A', 'Anbau B']) fac.push((await t.app.inject({ method: 'POST', url: '/api/facilities', headers: h, payload: { name, type } })).json().id as number);
    const attached = await t.app.inject({ method: 'POST', url: `/api/organisations/${org}/facilities`, headers: h, payload: { attach: fac } });
    expect(attached.json()).toEqual({ organisationId: org, attached: 2, detached: 0, facilityIds: fac });
    const detached = await t.app.inject({ method: 'POST', url: `/api/organisations/${org}/facilities`, headers: h, payload: { detach: [fac[1]] } });
    expect(detached.json()).toEqual({ organisationId: org, attached: 0, detached: 1, facilityIds: [fac[0]] });
    expect((await t.app.inject({ method: 'GET', url: `/api/facilities/${fac[0]}` })).json().organisationId).toBe(org);
    const unknown = await t.app.inject({ method: 'POST', url: `/api/organisations/${org}/facilities`, headers: h, payload: { attach: [999999999] } });
    expect(unknown.statusCode).toBe(404);
    const provider = await signIn(t, 'provider');
    const denied = await t.app.inject({ method: 'POST', url: `/api/organisations/${org}/facilities`, headers: { cookie: provider.cookie, 'x-csrf-token': provider.csrf }, payload: { attach: [fac[1]] } });
    expect(denied.statusCode).toBe(403);
    const audit = (await t.db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE entity = 'organisation' AND entity_id = $1 AND action = 'attach-facilities'", [String(org)])).rows[0].n;
    expect(audit).toBe(2);
    // The test database is shared by the project's files: leave the registry counts as found.
    for (const id of fac) expect((await t.app.inject({ method: 'DELETE', url: `/api/facilities/${id}`, headers: h })).statusCode).toBe(204);
  });
});
