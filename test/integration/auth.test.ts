// Accounts and sessions: argon2id hashes, server-side sessions, logout, password change, throttling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/users/service.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server.ts';
import { testApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const uniq = (p: string) => `${p}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
const login = (username: string, password: string, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...(remoteAddress ? { remoteAddress } : {}) });
let addressCounter = 0;
/** A fresh client address per test, so one test's failures never throttle another's. */
const address = () => `10.${process.pid % 250}.${Math.floor(addressCounter / 250) % 250}.${addressCounter++ % 250}`;
const evaluated = async (username: string) =>
  Number((await t.db.pool.query('SELECT count(*) AS n FROM login_attempts WHERE username = lower($1)', [username])).rows[0].n);

describe('accounts and sessions', () => {
  it('stores passwords as argon2id hashes, never in clear', async () => {
    const username = uniq('hash');
    await createUser(t.db, { username, password: 'a very long secret', role: 'viewer' });
    const r = await t.db.pool.query('SELECT password_hash FROM users WHERE username = $1', [username]);
    expect(r.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(r.rows[0].password_hash).not.toContain('a very long secret');
  });

  it('signs in, keeps the session on the server, and ends it on logout', async () => {
    const username = uniq('sess');
    await createUser(t.db, { username, password: 'session password', role: 'analyst' });
    const res = await login(username, 'session password');
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0];
    const { csrfToken } = res.json();
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({ username, role: 'analyst' });
    // Only the token's hash is stored.
    const token = decodeURIComponent(cookie.split('=')[1]);
    const stored = await t.db.pool.query('SELECT count(*)::int AS n FROM sessions WHERE id = $1', [token]);
    expect(stored.rows[0].n).toBe(0);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(200);
    // Signed out is an answer, not an error: 200 with nobody.
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ user: null, csrfToken: null });
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const username = uniq('wrong');
    await createUser(t.db, { username, password: 'the right password', role: 'viewer' });
    const a = await login(username, 'not the password');
    const b = await login(uniq('nobody'), 'not the password');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });

  it('throttles a user after five failed sign-ins, even with the right password', async () => {
    const username = uniq('throttle');
    await createUser(t.db, { username, password: 'the right password', role: 'viewer' });
    for (let i = 0; i < 5; i++) expect((await login(username, `wrong ${i}`)).statusCode).toBe(401);
    const res = await login(username, 'the right password');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('LOGIN_THROTTLED');
  });

  it('rejects an expired session', async () => {
    const username = uniq('expire');
    await createUser(t.db, { username, password: 'expiring password', role: 'viewer' });
    const cookie = String((await login(username, 'expiring password')).headers['set-cookie']).split(';')[0];
    await t.db.pool.query("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = $1)", [username]);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user).toBeNull();
  });

  it('changes a password, ends the old sessions and accepts only the new password', async () => {
    const username = uniq('change');
    await createUser(t.db, { username, password: 'old password 1', role: 'viewer' });
    const res = await login(username, 'old password 1');
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, 'x-csrf-token': res.json().csrfToken }, payload: { current: 'old password 1', next: 'new password 22' } });
    expect(change.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user).toBeNull();
    expect((await login(username, 'old password 1')).statusCode).toBe(401);
    expect((await login(username, 'new password 22')).statusCode).toBe(200);
  });

  it('refuses short passwords with a message in German and English', async () => {
    await expect(createUser(t.db, { username: uniq('short'), password: 'short', role: 'viewer' })).rejects.toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
  });

  it('sends security headers, including a CSP that allows the map worker', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("worker-src 'self' blob:");
  });

  it('throttles 30 wrong passwords sent in parallel: at most five are evaluated', async () => {
    const username = uniq('parallel');
    await createUser(t.db, { username, password: 'the right password', role: 'viewer' });
    const ip = address();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(username, `wrong ${i}`, ip)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Throttled attempts leave no row: the rows are exactly the evaluated ones.
    expect(await evaluated(username)).toBeLessThanOrEqual(5);
    expect((await login(username, 'the right password', ip)).statusCode).toBe(429);
  });

  it('does not lock out an innocent user when a password spray comes from the same address', async () => {
    const ip = address();
    const innocent = uniq('innocent');
    await createUser(t.db, { username: innocent, password: 'innocent password', role: 'viewer' });
    expect((await login(innocent, 'innocent password', ip)).statusCode).toBe(200);
    // One wrong password for each of 40 names (existing or not) from the same address.
    const sprayed: number[] = [];
    for (let i = 0; i < 40; i++) sprayed.push((await login(uniq(`spray${i}`), 'Sommer2026!', ip)).statusCode);
    expect(sprayed.filter((s) => s === 401).length).toBe(20);
    expect(sprayed.filter((s) => s === 429).length).toBe(20);
    // The address has used up its budget, yet the user who signed in from it before still gets in …
    expect((await login(innocent, 'innocent password', ip)).statusCode).toBe(200);
    // … and a user signing in from another address is untouched.
    const other = uniq('elsewhere');
    await createUser(t.db, { username: other, password: 'elsewhere password', role: 'viewer' });
    expect((await login(other, 'elsewhere password', address())).statusCode).toBe(200);
  });

  it('keeps argon2 work bounded under a flood from one address', async () => {
    const ip = address();
    const names = Array.from({ length: 100 }, (_, i) => uniq(`flood${i}`));
    const started = Date.now();
    const answers = await Promise.all(names.map((n) => login(n, 'guess guess guess', ip)));
    const took = Date.now() - started;
    const rows = Number((await t.db.pool.query('SELECT count(*) AS n FROM login_attempts WHERE username = ANY($1)', [names.map((n) => n.toLowerCase())])).rows[0].n);
    const stored = (await t.db.pool.query('SELECT DISTINCT ip FROM login_attempts WHERE username = ANY($1)', [names.map((n) => n.toLowerCase())])).rows.map((r) => r.ip);
    expect(stored).toEqual([ip]);
    // Only the address budget (20) reached argon2; the other 80 were refused before hashing.
    expect(rows).toBe(20);
    expect(answers.filter((a) => a.statusCode === 429).length).toBe(80);
    console.log(`login flood: 100 parallel attempts from one address, ${rows} argon2 verifications, ${took} ms in all`);
  });

  it('sends HSTS only behind HTTPS (secure cookies)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
    const secure = await buildApp({ db: t.db, config: { ...loadConfig({}), secureCookies: true } });
    try {
      const res = await secure.inject({ method: 'GET', url: '/api/health' });
      expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
    } finally {
      await secure.close();
    }
  });

  it('gives the OpenAPI browser a CSP of its own', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('answers unknown API paths (in any spelling) and dot-files with 404, never with the app shell', async () => {
    for (const url of ['/api/nope', '/%61pi/nope', '/api/', '/API/nope', '/api;v=1/users', '/api./users', '/.env', '/.git/config', '/x/.htpasswd', '/%2eenv']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(String(res.headers['content-type']), url).not.toContain('text/html');
    }
  });
});
