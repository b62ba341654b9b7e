// Every successful write leaves an audit row. The app records one for each matched write route
// (server.ts); this test performs real writes across the modules as their roles would and checks
// that each produced its row (actor, entity, id), and that secrets never reach the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../src/server.ts';
import { signIn, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
let admin: { cookie: string; csrf: string; username: string };
const headers = () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrf });

beforeAll(async () => {
  t = await testApp();
  admin = await signIn(t, 'admin');
});
afterAll(async () => t?.close());

const maxAuditId = async () => Number((await t.db.pool.query('SELECT coalesce(max(id), 0) AS m FROM audit_log')).rows[0].m);

async function write(method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const before = await maxAuditId();
  const res = await t.app.inject({ method, url, headers: headers(), ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
  const rows = (await t.db.pool.query('SELECT actor, action, entity, entity_id, after FROM audit_log WHERE id > $1 ORDER BY id', [before])).rows;
  return { res, rows };
}

describe('audit of every write', () => {
  it('records registry writes (facilities, organisations, offers, norms, types, domains) with actor, entity and id', async () => {
    const org = await write('POST', '/api/organisations', { name: 'Audit-Träger e. V.' });
    const orgId = org.res.json().id as number;
    expect(org.rows).toContainEqual(expect.objectContaining({ actor: admin.username, action: 'create', entity: 'organisations' }));
    const fac = await write('POST', '/api/facilities', { name: 'Audit-Treff', type: 'kita', organisationId: orgId, lon: 12.3, lat: 51.3 });
    const facId = fac.res.json().id as number;
    expect(fac.rows).toContainEqual(expect.objectContaining({ action: 'create', entity: 'facilities' }));
    const upd = await write('PUT', `/api/facilities/${facId}`, { name: 'Audit-Treff (neu)', type: 'kita', organisationId: orgId });
    expect(upd.rows).toContainEqual(expect.objectContaining({ action: 'update', entity: 'facilities', entity_id: String(facId) }));
    const del = await write('DELETE', `/api/facilities/${facId}`);
    expect(del.rows).toContainEqual(expect.objectContaining({ action: 'delete', entity: 'facilities', entity_id: String(facId) }));
    const norm = await write('PUT', '/api/planning-norms/audit_norm', { name: 'Prüfnorm', nameEn: 'Test norm', targetIndicator: 'einwohner', ratio: 0.01 });
    expect(norm.rows).toContainEqual(expect.objectContaining({ action: 'update', entity: 'planning-norms', entity_id: 'audit_norm' }));
    const normDel = await write('DELETE', '/api/planning-norms/audit_norm');
    expect(normDel.rows).toContainEqual(expect.objectContaining({ action: 'delete', entity: 'planning-norms' }));
    const orgDel = await write('DELETE', `/api/organisations/${orgId}`);
    expect(orgDel.rows).toContainEqual(expect.objectContaining({ action: 'delete', entity: 'organisations', entity_id: String(orgId) }));
  });

  it('records designating and revoking a focus area, and saving a selection', async () => {
    const fa = await write('POST', '/api/focus-areas', { layer: 'ortsteil', codes: ['62'], reason: 'Audit-Test', validFrom: '2025-01-01', validTo: '2025-12-31', decisionRef: 'VI-DS-0000' });
    expect(fa.rows).toContainEqual(expect.objectContaining({ action: 'create', entity: 'focus-areas' }));
    expect(fa.rows[0].after.body).toMatchObject({ codes: ['62'], reason: 'Audit-Test' });
    const id = fa.res.json()[0].id as number;
    const revoke = await write('DELETE', `/api/focus-areas/${id}`);
    expect(revoke.rows).toContainEqual(expect.objectContaining({ action: 'delete', entity: 'focus-areas', entity_id: String(id) }));
    const sel = await write('POST', '/api/selections', { name: 'Audit-Auswahl', layer: 'ortsteil', codes: ['61', '62'] });
    expect(sel.rows).toContainEqual(expect.objectContaining({ action: 'create', entity: 'selections' }));
    const selDel = await write('DELETE', `/api/selections/${sel.res.json().id}`);
    expect(selDel.rows).toContainEqual(expect.objectContaining({ action: 'delete', entity: 'selections' }));
  });

  it('never writes a password into the audit log', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: headers(), payload: { current: 'correct horse battery staple', next: 'a brand new secret 42' } });
    expect(res.statusCode, res.body).toBe(200);
    const leaked = (await t.db.pool.query("SELECT count(*) AS n FROM audit_log WHERE after::text LIKE '%brand new secret%' OR after::text LIKE '%correct horse%'")).rows[0].n;
    expect(Number(leaked)).toBe(0);
  });

  it('covers every write route of the route table (none is exempt)', () => {
    const writes = routeTable.filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(25);
    // The audit hook applies to every matched API route; only the OpenAPI browser and static files are exempt.
    expect(writes.filter((r) => !r.url.startsWith('/api/') || r.url.startsWith('/api/docs'))).toEqual([]);
  });
});
