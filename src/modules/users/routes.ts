import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { LernortError } from '../../core/errors.ts';
import * as service from './service.ts';
import { permissions, permissionsOf, roles } from './permissions.ts';

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
          // permissions: the role's grants (permissions.ts), the one table the client checks its actions against.
          z.object({ user: userSchema.extend({ scope: z.record(z.string(), z.unknown()), permissions: z.array(z.enum(permissions)) }), csrfToken: z.string() }),
          z.object({ user: z.null(), csrfToken: z.null() }),
        ]),
        ...errorResponses,
      },
    },
  }, async (req) => {
    if (!req.auth) return { user: null, csrfToken: null };
    return { user: { ...publicUser(req.auth.user), scope: req.auth.user.scope ?? {}, permissions: permissionsOf(req.auth.user.role) }, csrfToken: req.auth.csrfToken };
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
      summary: 'Benutzerliste mit Rolle und Zuständigkeit / list users with role and scope',
      response: { 200: z.array(listedUserSchema), ...errorResponses },
    },
  }, async () => (await service.listUsers(ctx.db)).map(listedUser));

  app.post('/api/users', {
    config: { permission: 'admin' },
    schema: {
      tags: ['auth'],
      summary: 'Benutzer anlegen / create a user (scope: {organisationId} for providers, {planningAreas: [codes]} for coordinators)',
      body: z.object({
        username: z.string().min(2).max(64), displayName: z.string().max(200).nullable().optional(), role: z.enum(roles),
        password: z.string().min(1).max(1024), scope: scopeSchema.optional(),
      }),
      response: { 201: listedUserSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const scope = scopeFor(req.body.role, req.body.scope);
    await service.createUser(ctx.db, { username: req.body.username, password: req.body.password, role: req.body.role, displayName: req.body.displayName ?? undefined, scope }, actorOf(req));
    return reply.status(201).send(await findListed(req.body.username));
  });

  app.patch('/api/users/:username', {
    config: { permission: 'admin' },
    schema: {
      tags: ['auth'],
      summary: 'Rolle, Zuständigkeit, Anzeigename ändern oder sperren/entsperren / change role, scope, display name, disable or enable (ends the user\'s sessions)',
      params: usernameParams,
      body: z.object({ role: z.enum(roles).optional(), scope: scopeSchema.optional(), displayName: z.string().max(200).nullable().optional(), disabled: z.boolean().optional() }),
      response: { 200: listedUserSchema, ...errorResponses },
    },
  }, async (req) => {
    const current = await findListed(req.params.username);
    const role = req.body.role ?? current.role;
    // A new role needs the scope of that role: checked whenever role or scope changes.
    const scope = req.body.role !== undefined || req.body.scope !== undefined ? scopeFor(role, req.body.scope ?? current.scope) : undefined;
    await service.updateUser(ctx.db, req.params.username, { role: req.body.role, scope, displayName: req.body.displayName, disabled: req.body.disabled }, actorOf(req));
    return findListed(req.params.username);
  });

  app.post('/api/users/:username/password', {
    config: { permission: 'admin' },
    schema: {
      tags: ['auth'],
      summary: 'Passwort zurücksetzen / reset a password (without a password the server makes a one-time one and answers it once; ends the user\'s sessions)',
      params: usernameParams,
      body: z.object({ password: z.string().min(1).max(1024).optional() }).default({}),
      response: { 200: z.object({ ok: z.boolean(), password: z.string().nullable() }), ...errorResponses },
    },
  }, async (req) => {
    const generated = req.body.password === undefined ? service.oneTimePassword() : null;
    await service.resetPassword(ctx.db, req.params.username, req.body.password ?? generated!, actorOf(req));
    return { ok: true, password: generated };
  });

  async function findListed(username: string) {
    const found = (await service.listUsers(ctx.db)).find((u) => u.username.toLowerCase() === username.toLowerCase());
    if (!found) throw new LernortError('USER_NOT_FOUND', `Benutzer „${username}“ nicht gefunden.`, `User "${username}" not found.`, { status: 404 });
    return listedUser(found);
  }
}

const usernameParams = z.object({ username: z.string().min(1).max(64) });
const scopeSchema = z.union([
  z.object({ organisationId: z.number().int().positive() }).strict(),
  z.object({ planningAreas: z.array(z.string().min(1).max(64)).max(200), layer: z.string().regex(/^[a-z0-9_]+$/).max(64).optional() }).strict(),
  z.object({}).strict(),
]);
const listedUserSchema = z.object({
  username: z.string(), displayName: z.string().nullable(), role: z.string(), disabled: z.boolean(),
  scope: z.record(z.string(), z.unknown()),
});

function listedUser(u: { username: string; display_name: string | null; role: string; disabled: boolean; scope: Record<string, unknown> | null }) {
  return { username: u.username, displayName: u.display_name, role: u.role, disabled: u.disabled, scope: u.scope ?? {} };
}

const actorOf = (req: { auth?: service.Session }) => ({ id: req.auth?.user.id ?? null, username: req.auth?.user.username });

/** The scope a role needs: providers one organisation, coordinators at least one planning area, the others none. */
function scopeFor(role: string, scope: Record<string, unknown> | undefined): Record<string, unknown> {
  if (role === 'provider') {
    const id = Number(scope?.organisationId);
    if (!Number.isInteger(id) || id <= 0) {
      throw new LernortError('USER_SCOPE_INVALID', 'Ein Träger-Konto braucht einen Träger (organisationId).', 'A provider account needs an organisation (organisationId).', { location: { field: 'scope.organisationId' } });
    }
    return { organisationId: id };
  }
  if (role === 'coordinator') {
    const codes = Array.isArray(scope?.planningAreas) ? [...new Set((scope.planningAreas as unknown[]).filter((c): c is string => typeof c === 'string' && c !== ''))] : [];
    if (codes.length === 0) {
      throw new LernortError('USER_SCOPE_INVALID', 'Ein Koordinationskonto braucht mindestens einen Planungsraum.', 'A coordinator account needs at least one planning area.', { location: { field: 'scope.planningAreas' } });
    }
    return typeof scope?.layer === 'string' ? { planningAreas: codes, layer: scope.layer } : { planningAreas: codes };
  }
  return {};
}

function publicUser(u: service.SessionUser) {
  return { username: u.username, displayName: u.displayName, role: u.role };
}

export function requireAuth(auth: service.Session | undefined): service.Session {
  if (!auth) throw new LernortError('AUTH_REQUIRED', 'Bitte melden Sie sich an.', 'Please sign in.', { status: 401 });
  return auth;
}
