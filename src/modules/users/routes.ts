import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { LernortError } from '../../core/errors.ts';
import * as service from './service.ts';

export const SESSION_COOKIE = 'lernort_session';

const userSchema = z.object({ username: z.string(), displayName: z.string().nullable(), role: z.string() });
const authSchema = z.object({ user: userSchema, csrfToken: z.string() });

export function userRoutes(app: App, ctx: AppContext): void {
  app.post('/api/auth/login', {
    config: {
      permission: 'public',
      // Per (address, name): a flood of other names from a shared address (NAT) never blocks a
      // user; how much argon2 work one address may cause is the service's per-address budget.
      rateLimit: {
        max: 30, timeWindow: '1 minute', hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Anmelden / sign in (sets a session cookie; returns the CSRF token for later writes)',
      body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
      response: { 200: authSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const { token, session } = await service.login(ctx.db, req.body.username, req.body.password, req.ip, ctx.config.sessionTtlHours);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies, maxAge: ctx.config.sessionTtlHours * 3600,
    });
    return { user: publicUser(session.user), csrfToken: session.csrfToken };
  });

  app.post('/api/auth/logout', {
    config: { permission: 'signed-in' },
    schema: { tags: ['auth'], summary: 'Abmelden / sign out', response: { 200: z.object({ ok: z.boolean() }), ...errorResponses } },
  }, async (req, reply) => {
    if (req.auth) await service.logout(ctx.db, req.auth.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  // Public: "nobody is signed in" is an answer, not an error, so anonymous page loads log no 401.
  app.get('/api/auth/me', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Angemeldeter Benutzer (oder null) / current user (or null when nobody is signed in)',
      response: {
        200: z.union([
          // The scope (planning areas of a coordinator, organisation of a provider) tells the client where the user's work is.
          z.object({ user: userSchema.extend({ scope: z.record(z.string(), z.unknown()) }), csrfToken: z.string() }),
          z.object({ user: z.null(), csrfToken: z.null() }),
        ]),
        ...errorResponses,
      },
    },
  }, async (req) => {
    if (!req.auth) return { user: null, csrfToken: null };
    return { user: { ...publicUser(req.auth.user), scope: req.auth.user.scope ?? {} }, csrfToken: req.auth.csrfToken };
  });

  app.post('/api/auth/password', {
    config: { permission: 'signed-in' },
    schema: {
      tags: ['auth'],
      summary: 'Passwort ändern / change password (ends all sessions of the user)',
      body: z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) }),
      response: { 200: z.object({ ok: z.boolean() }), ...errorResponses },
    },
  }, async (req, reply) => {
    await service.changePassword(ctx.db, requireAuth(req.auth).user, req.body.current, req.body.next);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/users', {
    config: { permission: 'admin' },
    schema: {
      tags: ['auth'],
      summary: 'Benutzerliste / list users',
      response: { 200: z.array(z.object({ username: z.string(), displayName: z.string().nullable(), role: z.string(), disabled: z.boolean() })), ...errorResponses },
    },
  }, async () => (await service.listUsers(ctx.db)).map((u) => ({ username: u.username, displayName: u.display_name, role: u.role, disabled: u.disabled })));
}

function publicUser(u: service.SessionUser) {
  return { username: u.username, displayName: u.displayName, role: u.role };
}

export function requireAuth(auth: service.Session | undefined): service.Session {
  if (!auth) throw new LernortError('AUTH_REQUIRED', 'Bitte melden Sie sich an.', 'Please sign in.', { status: 401 });
  return auth;
}
