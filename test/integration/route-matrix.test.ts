// Every registered API route × every role (and anonymous): allowed roles get past the guard, all
// others get 401/403 — and an anonymous write never changes anything. The table grows with the
// routes, so a new route without a declared permission fails the build (see server.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login } from '../../src/modules/users/service.ts';
import { roles, roleHas, type Permission } from '../../src/modules/users/permissions.ts';
import { routeTable } from '../../src/server.ts';
import { testApp, type TestApp } from './helpers.ts';

let t: TestApp;
const password = 'matrix password 123';
const users: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  for (const role of roles) {
    users[role] = `matrix_${role}_${process.pid}_${Date.now()}`;
    await createUser(t.db, { username: users[role], password, role });
  }
});
afterAll(async () => t?.close());

const SAMPLE: Record<string, string> = { layer: 'ortsteil', code: '62', key: 'einwohner', id: '1' };
const concrete = (url: string) => url.replace(/:(\w+)/g, (_m, name: string) => SAMPLE[name] ?? 'x');
const QUERY: Record<string, string> = {
  '/api/areas': '?layer=ortsteil',
  '/api/observations': '?indicator=einwohner&period=2024&layer=ortsteil',
  '/api/areas/:layer/:code/series': '?indicator=einwohner',
  '/api/consistency': '?indicator=einwohner',
};

// Sessions come from the service (the HTTP login route is rate-limited per client, tested elsewhere).
async function session(role: string): Promise<{ cookie: string; csrf: string }> {
  const { token, session: s } = await login(t.db, users[role], password, '127.0.0.1', 1);
  return { cookie: `lernort_session=${token}`, csrf: s.csrfToken };
}

async function snapshot(): Promise<string> {
  const r = await t.db.pool.query(
    `SELECT (SELECT count(*) FROM observations) o, (SELECT count(*) FROM indicators) i, (SELECT count(*) FROM areas) a,
            (SELECT coalesce(max(updated_at)::text, '') FROM indicators) u, (SELECT count(*) FROM imports WHERE status = 'committed') im`,
  );
  return JSON.stringify(r.rows[0]);
}

describe('route × role matrix', () => {
  it('knows every API route and each declares a permission', () => {
    expect(routeTable.length).toBeGreaterThan(10);
    expect(routeTable.filter((r) => r.permission === 'undeclared')).toEqual([]);
  });

  it('lets exactly the permitted roles past the guard on every route', async () => {
    const outcomes: string[] = [];
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    for (const role of roles) sessions.set(role, await session(role));
    // Logout ends the session, so it goes last.
    const ordered = [...routeTable].sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
    for (const route of ordered) {
      if (route.url === '/api/auth/login') continue; // public by design, tested in auth tests
      for (const role of [undefined, ...roles]) {
        const who = role ? sessions.get(role) : undefined;
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url) + (QUERY[route.url] ?? ''),
          headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
          ...(route.method === 'GET' ? {} : { payload: {} }),
        });
        const allowed = roleHas(role, route.permission as Permission);
        const denied = res.statusCode === 401 || res.statusCode === 403;
        if (allowed === denied) outcomes.push(`${route.method} ${route.url} as ${role ?? 'anonymous'}: ${res.statusCode} (expected ${allowed ? 'allowed' : 'denied'})`);
      }
    }
    expect(outcomes).toEqual([]);
  }, 600_000);

  it('changes nothing when anonymous requests hit write routes', async () => {
    const before = await snapshot();
    for (const route of routeTable.filter((r) => r.method !== 'GET' && r.permission !== 'public')) {
      const res = await t.app.inject({ method: route.method as 'POST', url: concrete(route.url), payload: { name: 'x', nameEn: 'x' } });
      expect([401, 403]).toContain(res.statusCode);
    }
    expect(await snapshot()).toBe(before);
  });

  // The guard must decide on the route the router matched, whatever the spelling of the URL.
  const SPELLINGS: [string, (path: string) => string][] = [
    ['percent-encoded letter', (p) => p.replace('/api/', '/%61pi/')],
    ['percent-encoded later letter', (p) => p.replace(/^\/api\/(\w)/, (_m, c: string) => `/api/%${c.charCodeAt(0).toString(16)}`)],
    ['every letter encoded', (p) => p.replace('/api/', '/%61%70%69/')],
    ['double slash in front', (p) => `/${p}`],
    ['double slash inside', (p) => p.replace('/api/', '/api//')],
    ['upper case', (p) => p.replace('/api/', '/API/')],
    ['trailing dot', (p) => `${p}.`],
    ['trailing slash', (p) => `${p}/`],
    ['dot segment', (p) => p.replace('/api/', '/api/./')],
    ['dot-dot segment', (p) => p.replace('/api/', '/api/x/../')],
    ['encoded dot-dot', (p) => p.replace('/api/', '/api/x/%2e%2e/')],
    ['semicolon parameter', (p) => p.replace('/api/', '/api;v=1/')],
    ['semicolon at the end', (p) => `${p};jsessionid=1`],
    ['encoded slash', (p) => p.replace('/api/', '/api%2f')],
    ['backslash', (p) => p.replace('/api/', '/api\\')],
  ];

  it('lets no forbidden (route, role) pair through under any spelling of the URL', async () => {
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    for (const role of roles) sessions.set(role, await session(role));
    const leaks: string[] = [];
    let tried = 0;
    for (const route of routeTable) {
      if (route.url === '/api/auth/logout' || route.url === '/api/auth/login') continue;
      for (const role of [undefined, ...roles]) {
        if (roleHas(role, route.permission as Permission)) continue;
        const who = role ? sessions.get(role) : undefined;
        for (const [name, spell] of SPELLINGS) {
          tried++;
          const res = await t.app.inject({
            method: route.method as 'GET',
            url: spell(concrete(route.url)) + (QUERY[route.url] ?? ''),
            headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
            ...(route.method === 'GET' ? {} : { payload: {} }),
          });
          // 401/403 from the guard, 404 when no route matched; anything else reached past the guard.
          if (![401, 403, 404].includes(res.statusCode)) leaks.push(`${route.method} ${route.url} as ${role ?? 'anonymous'} spelled "${name}": ${res.statusCode}`);
        }
      }
    }
    console.log(`route matrix with alternate spellings: ${tried} forbidden requests, ${leaks.length} got through`);
    expect(tried).toBeGreaterThan(1000);
    expect(leaks).toEqual([]);
  }, 600_000);
});
