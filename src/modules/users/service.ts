// Accounts and sessions: argon2id password hashes, server-side sessions in PostgreSQL (the cookie
// carries a random token; we store only its SHA-256), a CSRF token per session, login throttling.
import argon2 from 'argon2';
import crypto from 'node:crypto';
import { withTransaction, type Database, type Queryable } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import { isRole, type Role } from './permissions.ts';
import * as repo from './repo.ts';
import * as audit from '../audit/service.ts';
import * as organisations from '../organisations/service.ts';
import type { UserScope } from './repo.ts';

export type { UserScope } from './repo.ts';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  scope: Record<string, unknown>;
}

export interface Session {
  id: string;
  csrfToken: string;
  user: SessionUser;
}

// Failures within THROTTLE_MINUTES: per (user, address), per address, per user from anywhere.
// A pair that signed in before is exempt from the last two (see repo.reserveLoginAttempt).
const LIMITS: repo.AttemptLimits = { minutes: 15, perUserAndAddress: 5, perAddress: 20, perUser: 50, trustDays: 30 };
const THROTTLE_MINUTES = LIMITS.minutes;
// argon2id costs ~50 ms of one core and 19 MiB: never more than this many at once, whatever floods in.
const MAX_PARALLEL_ARGON2 = 2;
const MIN_PASSWORD_LENGTH = 10;

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new LernortError(
      'PASSWORD_TOO_SHORT',
      `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`,
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
      { location: { field: 'password' } },
    );
  }
}

/**
 * The typed links a scope asks for: a positive organisation id, non-empty planning-area codes, a
 * layer key. An organisation that does not exist is an error (the link is a foreign key).
 */
async function linksOf(q: Queryable, scope: Record<string, unknown> | undefined): Promise<UserScope> {
  const out: UserScope = {};
  if (scope?.organisationId !== undefined) {
    const id = Number(scope.organisationId);
    if (!Number.isInteger(id) || id <= 0 || !(await organisations.exists(q, id))) {
      throw new LernortError('USER_SCOPE_INVALID', `Den Träger ${String(scope.organisationId)} gibt es nicht.`, `Organisation ${String(scope.organisationId)} does not exist.`, { location: { field: 'scope.organisationId' } });
    }
    out.organisationId = id;
  }
  if (Array.isArray(scope?.planningAreas)) {
    const codes = [...new Set(scope.planningAreas.filter((c): c is string => typeof c === 'string' && c !== ''))].sort();
    if (codes.length > 0) out.planningAreas = codes;
  }
  if (typeof scope?.layer === 'string' && out.planningAreas) out.layer = scope.layer;
  return out;
}

/** The scope as answered (and compared): the links in a fixed order. */
const scopeKey = (s: UserScope) => JSON.stringify([s.organisationId ?? null, [...(s.planningAreas ?? [])].sort(), s.layer ?? null]);

/** scope: `{organisationId}` for providers, `{planningAreas: [codes]}` for coordinators. */
export async function createUser(db: Database, input: { username: string; password: string; role: string; displayName?: string; scope?: Record<string, unknown> }, actor?: audit.AuditActor): Promise<number> {
  if (!/^[A-Za-z0-9._@-]{2,64}$/.test(input.username)) {
    throw new LernortError('USERNAME_INVALID', 'Der Benutzername darf nur Buchstaben, Ziffern und . _ @ - enthalten (2–64 Zeichen).', 'The username may contain only letters, digits and . _ @ - (2–64 characters).', { location: { field: 'username' } });
  }
  if (!isRole(input.role)) {
    throw new LernortError('ROLE_UNKNOWN', `Unbekannte Rolle „${input.role}“.`, `Unknown role "${input.role}".`, { location: { field: 'role' } });
  }
  checkPasswordStrength(input.password);
  if (await repo.findUserByName(db.pool, input.username)) {
    throw new LernortError('USER_EXISTS', `Benutzer „${input.username}“ existiert bereits.`, `User "${input.username}" already exists.`, { status: 409 });
  }
  const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
  const scope = await linksOf(db.pool, input.scope);
  return withTransaction(db, async (client) => {
    const id = await repo.insertUser(client, { username: input.username, displayName: input.displayName, passwordHash, role: input.role, scope });
    await audit.record(client, { actor: actor ?? { name: 'cli' }, action: 'create', entity: 'user', entityId: input.username, after: { username: input.username, role: input.role, scope } });
    return id;
  });
}

export async function resetPassword(db: Database, username: string, password: string, actor?: audit.AuditActor): Promise<void> {
  const user = await repo.findUserByName(db.pool, username);
  if (!user) throw new LernortError('USER_NOT_FOUND', `Benutzer „${username}“ nicht gefunden.`, `User "${username}" not found.`, { status: 404 });
  checkPasswordStrength(password);
  await repo.updatePassword(db.pool, user.id, await argon2.hash(password, { type: argon2.argon2id }));
  await audit.record(db.pool, { actor: actor ?? { name: 'cli' }, action: 'reset-password', entity: 'user', entityId: username });
}

let running = 0;
const waiting: (() => void)[] = [];
/** Runs argon2 work with at most MAX_PARALLEL_ARGON2 at once; the rest wait in order. */
async function argon2Gate<T>(fn: () => Promise<T>): Promise<T> {
  // A finishing task hands its slot straight to the next waiter, so the count never overshoots.
  if (running >= MAX_PARALLEL_ARGON2) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= argon2.hash('lernort dummy password', { type: argon2.argon2id }));

const badLogin = () =>
  new LernortError('LOGIN_FAILED', 'Benutzername oder Passwort ist falsch.', 'Wrong username or password.', { status: 401 });

export async function login(db: Database, username: string, password: string, ip: string, ttlHours: number): Promise<{ token: string; session: Session }> {
  // PostgreSQL serialises attempts per user with an advisory lock; PGlite runs one statement at a
  // time, where the id order of the reservations already serialises them (and a lock wait would
  // block the single engine).
  const reservation = await withTransaction(db, async (client) => {
    if (db.backend === 'postgres') {
      // Always user first, then address: no two attempts wait for each other in a cycle.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login:${username.toLowerCase()}`]);
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login-ip:${ip}`]);
    }
    return repo.reserveLoginAttempt(client, username, ip, LIMITS);
  });
  if (reservation.throttled) {
    throw new LernortError(
      'LOGIN_THROTTLED',
      `Zu viele fehlgeschlagene Anmeldungen. Bitte in ${THROTTLE_MINUTES} Minuten erneut versuchen.`,
      `Too many failed sign-ins. Please try again in ${THROTTLE_MINUTES} minutes.`,
      { status: 429, details: { limit: reservation.throttled } },
    );
  }
  const user = await repo.findUserByName(db.pool, username);
  // Verify against a dummy hash when the user does not exist, so timing does not reveal names.
  const ok = await argon2Gate(async () => (user && !user.disabled ? argon2.verify(user.password_hash, password) : (await argon2.verify(await dummyHash(), password), false)));
  if (!ok || !user || !isRole(user.role)) throw badLogin();
  await repo.markLoginSucceeded(db.pool, reservation.id);
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(32).toString('base64url');
  const id = hashToken(token);
  await repo.deleteExpiredSessions(db.pool);
  await repo.insertSession(db.pool, { id, userId: user.id, csrfToken, expiresAt: new Date(Date.now() + ttlHours * 3600_000) });
  return {
    token,
    session: { id, csrfToken, user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role, scope: user.scope } },
  };
}

export async function sessionFromToken(db: Database, token: string | undefined): Promise<Session | undefined> {
  if (!token) return undefined;
  const row = await repo.findSession(db.pool, hashToken(token));
  if (!row || !isRole(row.role)) return undefined;
  return {
    id: row.id,
    csrfToken: row.csrf_token,
    user: { id: row.user_id, username: row.username, displayName: row.display_name, role: row.role, scope: row.scope },
  };
}

export async function logout(db: Database, sessionId: string): Promise<void> {
  await repo.deleteSession(db.pool, sessionId);
}

export async function changePassword(db: Database, user: SessionUser, current: string, next: string): Promise<void> {
  const row = await repo.findUserByName(db.pool, user.username);
  if (!row || !(await argon2.verify(row.password_hash, current))) throw badLogin();
  checkPasswordStrength(next);
  await repo.updatePassword(db.pool, row.id, await argon2.hash(next, { type: argon2.argon2id }));
  await audit.record(db.pool, { actor: user, action: 'change-password', entity: 'user', entityId: user.username });
}

export const listUsers = (db: Database) => repo.listUsers(db.pool);

/** The scope of one account, in the API's shape (e.g. for a session built from a calendar token). */
export const scopeOf = (q: Queryable, userId: number) => repo.scopeOf(q, userId);

/** Ids of the accounts linked to an organisation (a provider's people). */
export const usersOfOrganisation = (q: Queryable, organisationId: number) => repo.usersOfOrganisation(q, organisationId);

/** Ids of the accounts whose planning areas include this code. */
export const usersOfPlanningArea = (q: Queryable, code: string) => repo.usersOfPlanningArea(q, code);

/**
 * The admin screen's change: role, scope, display name, disabled. Changing role or scope or
 * disabling ends the user's sessions (they sign in again with the new rights, or not at all).
 * An admin cannot disable themself or take away their own admin role (someone must stay able to manage).
 */
export async function updateUser(db: Database, username: string, change: { role?: string; scope?: Record<string, unknown>; displayName?: string | null; disabled?: boolean }, actor: audit.AuditActor & { username?: string }): Promise<void> {
  const user = await repo.findUserByName(db.pool, username);
  if (!user) throw new LernortError('USER_NOT_FOUND', `Benutzer „${username}“ nicht gefunden.`, `User "${username}" not found.`, { status: 404 });
  if (change.role !== undefined && !isRole(change.role)) {
    throw new LernortError('ROLE_UNKNOWN', `Unbekannte Rolle „${change.role}“.`, `Unknown role "${change.role}".`, { location: { field: 'role' } });
  }
  const self = actor.username !== undefined && actor.username.toLowerCase() === user.username.toLowerCase();
  if (self && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'))) {
    throw new LernortError('USER_SELF_LOCKOUT', 'Sie können sich nicht selbst sperren oder Ihre Administratorrolle abgeben.', 'You cannot disable yourself or give up your own admin role.', { status: 409, location: { field: change.disabled === true ? 'disabled' : 'role' } });
  }
  const current = await linksOf(db.pool, user.scope);
  const next = {
    role: change.role ?? user.role,
    scope: change.scope !== undefined ? await linksOf(db.pool, change.scope) : current,
    displayName: change.displayName !== undefined ? change.displayName : user.display_name,
    disabled: change.disabled ?? user.disabled,
  };
  const endSessions = next.role !== user.role || scopeKey(next.scope) !== scopeKey(current) || (next.disabled && !user.disabled);
  await withTransaction(db, async (client) => {
    await repo.updateUser(client, user.id, next, endSessions);
    await audit.record(client, {
      actor, action: 'update', entity: 'user', entityId: user.username,
      before: { role: user.role, scope: user.scope ?? {}, displayName: user.display_name, disabled: user.disabled },
      after: next,
    });
  });
}

/** A random password of 16 characters (about 95 bits) for a reset the admin hands on once. */
export function oneTimePassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}

// ---- for other modules (issue 17 §3: their SQL no longer names users) --------------------------

/** id → account name facts (username, display name, role, disabled); unknown ids are left out. */
export async function namesOf(q: Queryable, ids: readonly (number | null)[]): Promise<Map<number, repo.UserNameRow>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  return new Map((await repo.userNamesByIds(q, wanted)).map((u) => [u.id, u]));
}

/** Whether an account with this id exists (enabled or not). */
export const userExists = async (q: Queryable, id: number) => (await repo.userNamesByIds(q, [id])).length > 0;

/** The id of the account with exactly this username (case-sensitive), if any. */
export const userIdByName = (q: Queryable, username: string) => repo.userIdByExactName(q, username);

/**
 * Enabled accounts responsible for a planning area: coordinators among `coordinatorIds` (linked to
 * the area's code) and any account among `listedIds` (listed for the area), ordered by username.
 */
export const enabledCoordinators = (q: Queryable, coordinatorIds: number[], listedIds: number[]) => repo.enabledCoordinators(q, coordinatorIds, listedIds);
