import type { Queryable } from '../../db/connection.ts';

/**
 * The scope of user u in the shape the API has always answered: {organisationId} for a provider,
 * {planningAreas: [codes], layer?} for a coordinator, {} otherwise. Built from the link tables.
 */
const SCOPE = `jsonb_strip_nulls(jsonb_build_object(
    'organisationId', (SELECT min(uo.organisation_id) FROM user_organisations uo WHERE uo.user_id = u.id),
    'planningAreas', (SELECT jsonb_agg(up.area_code ORDER BY up.area_code) FROM user_planning_areas up WHERE up.user_id = u.id),
    'layer', (SELECT min(up.layer_key) FROM user_planning_areas up WHERE up.user_id = u.id)))`;

/** The typed links of one account. */
export interface UserScope { organisationId?: number; planningAreas?: string[]; layer?: string }

export interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  password_hash: string;
  role: string;
  scope: Record<string, unknown>;
  disabled: boolean;
}

export async function findUserByName(q: Queryable, username: string): Promise<UserRow | undefined> {
  const r = await q.query<UserRow>(`SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.disabled, ${SCOPE} AS scope FROM users u WHERE lower(u.username) = lower($1)`, [username]);
  return r.rows[0];
}

export async function insertUser(q: Queryable, u: { username: string; displayName?: string; passwordHash: string; role: string; scope?: UserScope }): Promise<number> {
  const r = await q.query<{ id: number }>(
    'INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id',
    [u.username, u.displayName ?? null, u.passwordHash, u.role],
  );
  await replaceScope(q, r.rows[0].id, u.scope ?? {});
  return r.rows[0].id;
}

/** Replaces the account's organisation and planning-area links by those of the scope. */
export async function replaceScope(q: Queryable, userId: number, scope: UserScope): Promise<void> {
  await q.query('DELETE FROM user_organisations WHERE user_id = $1', [userId]);
  await q.query('DELETE FROM user_planning_areas WHERE user_id = $1', [userId]);
  if (scope.organisationId !== undefined) await q.query('INSERT INTO user_organisations (user_id, organisation_id) VALUES ($1, $2)', [userId, scope.organisationId]);
  const codes = [...new Set(scope.planningAreas ?? [])];
  if (codes.length > 0) {
    await q.query('INSERT INTO user_planning_areas (user_id, area_code, layer_key) SELECT $1, code, $3 FROM unnest($2::text[]) AS c(code)', [userId, codes, scope.layer ?? null]);
  }
}

/** The scope of one account (built from its links). */
export async function scopeOf(q: Queryable, userId: number): Promise<Record<string, unknown>> {
  return (await q.query<{ scope: Record<string, unknown> }>(`SELECT ${SCOPE} AS scope FROM users u WHERE u.id = $1`, [userId])).rows[0]?.scope ?? {};
}

/** Ids of the accounts linked to a planning area (by its code). */
export async function usersOfPlanningArea(q: Queryable, code: string): Promise<number[]> {
  return (await q.query<{ user_id: number }>('SELECT user_id FROM user_planning_areas WHERE area_code = $1 ORDER BY user_id', [code])).rows.map((r) => r.user_id);
}

export async function updatePassword(q: Queryable, userId: number, passwordHash: string): Promise<void> {
  await q.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [userId, passwordHash]);
  await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function listUsers(q: Queryable): Promise<Omit<UserRow, 'password_hash'>[]> {
  const r = await q.query(`SELECT u.id, u.username, u.display_name, u.role, ${SCOPE} AS scope, u.disabled FROM users u ORDER BY u.username`);
  return r.rows;
}

export interface SessionRow {
  id: string;
  user_id: number;
  csrf_token: string;
  expires_at: Date;
  username: string;
  role: string;
  display_name: string | null;
  scope: Record<string, unknown>;
}

export async function insertSession(q: Queryable, s: { id: string; userId: number; csrfToken: string; expiresAt: Date }): Promise<void> {
  await q.query('INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [s.id, s.userId, s.csrfToken, s.expiresAt]);
}

export async function findSession(q: Queryable, id: string): Promise<SessionRow | undefined> {
  const r = await q.query<SessionRow>(
    `SELECT s.id, s.user_id, s.csrf_token, s.expires_at, u.username, u.role, u.display_name, ${SCOPE} AS scope
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [id],
  );
  return r.rows[0];
}

export async function deleteSession(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE id = $1', [id]);
}

export async function deleteExpiredSessions(q: Queryable): Promise<void> {
  await q.query('DELETE FROM sessions WHERE expires_at <= now()');
}

export interface AttemptLimits {
  minutes: number;
  perUserAndAddress: number;
  perAddress: number;
  perUser: number;
  trustDays: number;
}

/**
 * Reserves one login attempt atomically: the attempt is written first (as a failure) and then
 * counted with every earlier one, so parallel requests cannot all slip under the limit. Returns the
 * attempt's id, or the limit that was hit (the reservation is then removed again).
 * A (user, address) pair that signed in successfully before is trusted: floods from its address
 * (a password spray behind one NAT) do not lock it out, only its own failures do.
 */
export async function reserveLoginAttempt(
  client: Queryable, username: string, ip: string, limits: AttemptLimits,
): Promise<{ id: number; throttled: null } | { id: null; throttled: 'user-address' | 'address' | 'user' }> {
  const name = username.toLowerCase();
  const ins = await client.query<{ id: number }>('INSERT INTO login_attempts (username, ip, success) VALUES ($1, $2, false) RETURNING id', [name, ip]);
  const id = ins.rows[0].id;
  const r = await client.query<{ pair: number; address: number; user_all: number; trusted: boolean }>(
    `SELECT count(*) FILTER (WHERE username = $1 AND ip = $2 AND NOT success AND at > now() - make_interval(mins => $4)) AS pair,
            count(*) FILTER (WHERE ip = $2 AND NOT success AND at > now() - make_interval(mins => $4)) AS address,
            count(*) FILTER (WHERE username = $1 AND NOT success AND at > now() - make_interval(mins => $4)) AS user_all,
            bool_or(username = $1 AND ip = $2 AND success AND at > now() - make_interval(days => $5)) AS trusted
       FROM login_attempts WHERE id <= $3 AND (username = $1 OR ip = $2)`,
    [name, ip, id, limits.minutes, limits.trustDays],
  );
  const row = r.rows[0];
  const trusted = row.trusted === true;
  const throttled = Number(row.pair) > limits.perUserAndAddress ? 'user-address'
    : !trusted && Number(row.address) > limits.perAddress ? 'address'
      : !trusted && Number(row.user_all) > limits.perUser ? 'user'
        : null;
  if (!throttled) return { id, throttled: null };
  await client.query('DELETE FROM login_attempts WHERE id = $1', [id]);
  return { id: null, throttled };
}

export async function markLoginSucceeded(q: Queryable, id: number): Promise<void> {
  await q.query('UPDATE login_attempts SET success = true WHERE id = $1', [id]);
}

/** Changes role, scope, display name or the disabled flag; a changed role, scope or disabling ends the user's sessions. */
export async function updateUser(q: Queryable, userId: number, u: { role: string; scope: UserScope; displayName: string | null; disabled: boolean }, endSessions: boolean): Promise<void> {
  await q.query('UPDATE users SET role = $2, display_name = $3, disabled = $4 WHERE id = $1', [userId, u.role, u.displayName, u.disabled]);
  await replaceScope(q, userId, u.scope);
  if (endSessions) await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

// ---- for other modules (issue 17 §3: their SQL no longer names users) --------------------------

export interface UserNameRow { id: number; username: string; display_name: string | null; role: string; disabled: boolean }

export async function userNamesByIds(q: Queryable, ids: number[]): Promise<UserNameRow[]> {
  if (ids.length === 0) return [];
  return (await q.query<UserNameRow>('SELECT id, username, display_name, role, disabled FROM users WHERE id = ANY($1::int[])', [ids])).rows;
}

/** The id of the account with exactly this username (case-sensitive). */
export async function userIdByExactName(q: Queryable, username: string): Promise<number | undefined> {
  return (await q.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]?.id;
}

/** Enabled accounts that are coordinators among `coordinatorIds` or are among `anyRoleIds`, by username. */
export async function enabledCoordinators(q: Queryable, coordinatorIds: number[], anyRoleIds: number[]): Promise<{ id: number; username: string; display_name: string | null }[]> {
  return (await q.query<{ id: number; username: string; display_name: string | null }>(
    `SELECT u.id, u.username, u.display_name FROM users u
      WHERE NOT u.disabled AND ((u.role = 'coordinator' AND u.id = ANY($1::int[])) OR u.id = ANY($2::int[]))
      ORDER BY u.username`,
    [coordinatorIds, anyRoleIds],
  )).rows;
}

/** Ids of the accounts linked to an organisation, ascending. */
export async function usersOfOrganisation(q: Queryable, organisationId: number): Promise<number[]> {
  return (await q.query<{ user_id: number }>('SELECT user_id FROM user_organisations WHERE organisation_id = $1 ORDER BY user_id', [organisationId])).rows.map((r) => r.user_id);
}
