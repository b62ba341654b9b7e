// Accounts and sessions: argon2id hashes, server-side sessions, logout, password change, throttling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/users/service.ts';
import { testApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const uniq = (p: string) => `${p}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

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
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
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
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changes a password, ends the old sessions and accepts only the new password', async () => {
    const username = uniq('change');
    await createUser(t.db, { username, password: 'old password 1', role: 'viewer' });
    const res = await login(username, 'old password 1');
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, 'x-csrf-token': res.json().csrfToken }, payload: { current: 'old password 1', next: 'new password 22' } });
    expect(change.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
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
});
