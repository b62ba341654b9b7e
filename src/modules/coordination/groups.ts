// Working groups and networks with their members. SQL beside the use cases: these tables are
// this module's own, and every read goes through access.ts first.
import type { Queryable } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import { assertTimeZone, DEFAULT_ZONE } from '../../core/calendar/zoned.ts';
import { SUPPORTED_ZONES } from '../../io/ical.ts';
import * as areas from '../areas/service.ts';
import * as facilities from '../facilities/service.ts';
import * as organisations from '../organisations/service.ts';
import * as users from '../users/service.ts';
import type { SessionUser } from '../users/service.ts';
import { planningAreaScope } from '../users/permissions.ts';
import { type Access, GROUP, readableGroups, requireGroup, notFound } from './access.ts';
import type { GroupInput, MemberInput } from './schema.ts';

export interface GroupRow {
  id: number; type_key: string; type_de: string; type_en: string; name: string; description: string | null;
  area_layer: string | null; area_code: string | null; area_name: string | null; domain_key: string | null; zone: string;
  next_id: number | null; next_start: string | null; next_title: string | null;
}

type GroupSelectRow = Omit<GroupRow, 'area_layer' | 'area_code' | 'area_name'> & { area_id: number | null };

/** The group rows with their area's layer, code and name (through the areas service). */
async function withAreas(q: Queryable, rows: GroupSelectRow[]): Promise<GroupRow[]> {
  const labels = await areas.labelsOf(q, rows.map((r) => r.area_id));
  return rows.map(({ area_id, ...r }) => {
    const a = area_id === null ? undefined : labels.get(area_id);
    return { ...r, area_layer: a?.layer ?? null, area_code: a?.code ?? null, area_name: a?.name ?? null };
  });
}

const GROUP_SELECT = `
  SELECT g.id, g.type_key, t.name_de AS type_de, t.name_en AS type_en, g.name, g.description, g.area_id,
         g.domain_key, g.zone, n.id AS next_id, n.start_local AS next_start, n.title AS next_title
    FROM working_groups g JOIN working_group_types t ON t.key = g.type_key
    LEFT JOIN LATERAL (SELECT m.id, m.start_local, m.title FROM meetings m
                        WHERE m.group_id = g.id AND m.status = 'planned' AND m.starts_at >= now() ORDER BY m.starts_at LIMIT 1) n ON true`;

export function groupToApi(r: GroupRow, access: Access) {
  return {
    id: r.id, type: r.type_key, typeName: { de: r.type_de, en: r.type_en }, name: r.name, description: r.description,
    area: r.area_code && r.area_layer ? { layer: r.area_layer, code: r.area_code, name: r.area_name ?? r.area_code } : null,
    domainKey: r.domain_key, zone: r.zone, access: { write: access.write, confidential: access.confidential },
    nextMeeting: r.next_id ? { id: r.next_id, start: r.next_start!, title: r.next_title! } : null,
  };
}

/**
 * The six kinds of the Leipzig model, added when missing (not in the migration: a freshly
 * migrated database must stay empty so a backup can be restored into it).
 */
const DEFAULT_TYPES = [
  ['planungsraumarbeitskreis', 'Planungsraumarbeitskreis', 'Planning-area working group'],
  ['facharbeitskreis', 'Facharbeitskreis', 'Specialist working group (per domain)'],
  ['facharbeitsgruppe', 'Gesamtstädtische Facharbeitsgruppe', 'City-wide specialist group'],
  ['netzwerk', 'Netzwerk', 'Network'],
  ['schwerpunktraumkonferenz', 'Schwerpunktraumkonferenz', 'Focus-area conference'],
  ['bildungswerkstatt', 'Bildungswerkstatt', 'Participatory education workshop'],
];

export async function ensureGroupTypes(q: Queryable): Promise<void> {
  await q.query(
    `INSERT INTO working_group_types (key, name_de, name_en, sort)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) ON CONFLICT (key) DO NOTHING`,
    [DEFAULT_TYPES.map((t) => t[0]), DEFAULT_TYPES.map((t) => t[1]), DEFAULT_TYPES.map((t) => t[2]), DEFAULT_TYPES.map((_t, i) => i + 1)],
  );
}

export async function listGroupTypes(q: Queryable) {
  await ensureGroupTypes(q);
  return (await q.query<{ key: string; name_de: string; name_en: string; sort: number }>('SELECT key, name_de, name_en, sort FROM working_group_types ORDER BY sort, key')).rows
    .map((t) => ({ key: t.key, name: { de: t.name_de, en: t.name_en }, sort: t.sort }));
}

export async function saveGroupType(q: Queryable, key: string, t: { name: string; nameEn: string; sort: number }) {
  await q.query(
    `INSERT INTO working_group_types (key, name_de, name_en, sort) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en, sort = EXCLUDED.sort`,
    [key, t.name, t.nameEn, t.sort],
  );
  return (await listGroupTypes(q)).find((x) => x.key === key)!;
}

/** Groups the user may read, optionally of one area (by layer and code). */
export async function listGroups(q: Queryable, user: SessionUser, filter: { layer?: string; code?: string } = {}) {
  const access = await readableGroups(q, user);
  if (access.size === 0) return [];
  const areaIds = filter.layer ? (filter.code === undefined ? [] : await areas.idsOfCode(q, filter.layer, filter.code)) : null;
  const rows = await withAreas(q, (await q.query<GroupSelectRow>(
    `${GROUP_SELECT} WHERE g.id = ANY($1) AND ($2::int[] IS NULL OR g.area_id = ANY($2::int[])) ORDER BY t.sort, g.name, g.id`,
    [[...access.keys()], areaIds],
  )).rows);
  return rows.map((r) => groupToApi(r, access.get(r.id)!));
}

export async function groupRow(q: Queryable, id: number): Promise<GroupRow | undefined> {
  return (await withAreas(q, (await q.query<GroupSelectRow>(`${GROUP_SELECT} WHERE g.id = $1`, [id])).rows))[0];
}

export async function getGroup(q: Queryable, user: SessionUser, id: number) {
  const access = await requireGroup(q, user, id, 'read');
  const row = (await groupRow(q, id))!;
  return { ...groupToApi(row, access), members: await listMembers(q, id) };
}

export function checkZone(zone: string): string {
  assertTimeZone(zone);
  // The feed needs a VTIMEZONE we can write (EU rule zones), so only those are accepted.
  if (!SUPPORTED_ZONES.includes(zone))
    throw new LernortError('ZONE_UNSUPPORTED', `Zeitzone ${zone} wird für Kalender nicht unterstützt (${SUPPORTED_ZONES.join(', ')}).`, `Time zone ${zone} is not supported for calendars (${SUPPORTED_ZONES.join(', ')}).`, { location: { field: 'zone' } });
  return zone;
}

/** The area id of the input, checked against a coordinator's planning areas. */
async function areaFor(q: Queryable, user: SessionUser, input: GroupInput): Promise<number | null> {
  const scope = planningAreaScope(user.role, user.scope);
  if (!input.area) {
    if (scope !== null) throw scopeError();
    return null;
  }
  const area = await areas.requireArea(q, input.area.layer, input.area.code);
  if (scope !== null && !scope.includes(area.code)) {
    const listed = await q.query('SELECT 1 FROM planning_area_coordinators WHERE area_id = $1 AND user_id = $2', [area.id, user.id]);
    if (listed.rowCount === 0) throw scopeError();
  }
  return area.id;
}

const scopeError = () =>
  new LernortError('SCOPE_PLANNING_AREA', 'Sie können Arbeitskreise nur in Ihren eigenen Planungsräumen anlegen.', 'You can only create working groups in your own planning areas.', { status: 403, location: { field: 'area' } });

async function checkType(q: Queryable, type: string): Promise<void> {
  await ensureGroupTypes(q);
  if ((await q.query('SELECT 1 FROM working_group_types WHERE key = $1', [type])).rowCount === 0)
    throw new LernortError('GROUP_TYPE_UNKNOWN', `Unbekannte Art von Arbeitskreis „${type}“.`, `Unknown kind of working group "${type}".`, { location: { field: 'type' } });
}

export async function createGroup(q: Queryable, user: SessionUser, input: GroupInput) {
  await checkType(q, input.type);
  const areaId = await areaFor(q, user, input);
  const zone = checkZone(input.zone ?? DEFAULT_ZONE);
  const r = await q.query<{ id: number }>(
    `INSERT INTO working_groups (type_key, name, description, area_id, domain_key, zone, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.type, input.name, input.description ?? null, areaId, input.domainKey ?? null, zone, user.id],
  );
  return getGroup(q, user, r.rows[0].id);
}

export async function updateGroup(q: Queryable, user: SessionUser, id: number, input: GroupInput) {
  await requireGroup(q, user, id, 'write');
  await checkType(q, input.type);
  const areaId = await areaFor(q, user, input);
  const zone = checkZone(input.zone ?? DEFAULT_ZONE);
  await q.query(
    `UPDATE working_groups SET type_key = $2, name = $3, description = $4, area_id = $5, domain_key = $6, zone = $7, updated_at = now() WHERE id = $1`,
    [id, input.type, input.name, input.description ?? null, areaId, input.domainKey ?? null, zone],
  );
  return getGroup(q, user, id);
}

export async function deleteGroup(q: Queryable, user: SessionUser, id: number): Promise<void> {
  await requireGroup(q, user, id, 'write');
  if ((await q.query("SELECT 1 FROM meetings WHERE group_id = $1 AND status = 'finalised'", [id])).rowCount)
    throw new LernortError('GROUP_HAS_RECORD', 'Der Arbeitskreis hat abgeschlossene Protokolle und kann nicht gelöscht werden.', 'The working group has finalised minutes and cannot be deleted.', { status: 409 });
  await q.query('DELETE FROM working_groups WHERE id = $1', [id]);
}

// ---- members ----

interface MemberRow { id: number; role: string; user_id: number | null; username: string | null; display_name: string | null; name: string | null; email: string | null; organisation_id: number | null; organisation: string | null; facility_id: number | null; facility: string | null }

type MemberBase = Omit<MemberRow, 'username' | 'display_name' | 'organisation' | 'facility'>;

/** Members with the names of their account, organisation and facility (through the owners' services). */
export async function withMemberNames<T extends MemberBase>(q: Queryable, rows: T[]): Promise<(T & Pick<MemberRow, 'username' | 'display_name' | 'organisation' | 'facility'>)[]> {
  const [people, orgs, places] = [await users.namesOf(q, rows.map((m) => m.user_id)), await organisations.namesOf(q, rows.map((m) => m.organisation_id)), await facilities.facilityNamesOf(q, rows.map((m) => m.facility_id))];
  return rows.map((m) => {
    const u = m.user_id === null ? undefined : people.get(m.user_id);
    return {
      ...m, username: u?.username ?? null, display_name: u?.display_name ?? null,
      organisation: m.organisation_id === null ? null : (orgs.get(m.organisation_id) ?? null),
      facility: m.facility_id === null ? null : (places.get(m.facility_id)?.name ?? null),
    };
  });
}

export async function listMembers(q: Queryable, groupId: number) {
  const rows = await withMemberNames(q, (await q.query<MemberBase>(
    `SELECT m.id, m.role, m.user_id, m.name, m.email, m.organisation_id, m.facility_id
       FROM group_members m
      WHERE m.group_id = $1 ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, m.id`,
    [groupId],
  )).rows);
  return rows.map((m) => ({
    id: m.id, role: m.role, userId: m.user_id, name: m.name, email: m.email, organisationId: m.organisation_id, facilityId: m.facility_id,
    kind: (m.facility_id ? 'facility' : m.organisation_id ? 'organisation' : 'person') as 'person' | 'organisation' | 'facility',
    label: m.facility ?? m.organisation ?? m.display_name ?? m.name ?? m.username ?? m.email ?? `#${m.id}`,
  }));
}

async function memberValues(q: Queryable, input: MemberInput) {
  let userId = input.userId ?? null;
  if (!userId && input.username) {
    const u = await users.userIdByName(q, input.username);
    if (u === undefined) throw new LernortError('USER_UNKNOWN', `Benutzer „${input.username}“ gibt es nicht.`, `There is no user "${input.username}".`, { location: { field: 'username' } });
    userId = u;
  }
  const kinds = [userId || input.name || input.email ? 1 : 0, input.organisationId ? 1 : 0, input.facilityId ? 1 : 0].reduce((a, b) => a + b, 0);
  if (kinds !== 1)
    throw new LernortError('MEMBER_KIND', 'Ein Mitglied ist genau eines: eine Person (Konto oder Name/E-Mail), ein Träger oder eine Einrichtung.', 'A member is exactly one of: a person (account or name/e-mail), an organisation or a facility.', { location: { field: 'userId' } });
  const exists = { users: users.userExists, organisations: organisations.exists, facilities: facilities.facilityExists };
  for (const [owner, value, field] of [['users', userId, 'userId'], ['organisations', input.organisationId, 'organisationId'], ['facilities', input.facilityId, 'facilityId']] as const) {
    if (value && !(await exists[owner](q, value)))
      throw new LernortError('MEMBER_REFERENCE', `${field} ${value} gibt es nicht.`, `${field} ${value} does not exist.`, { location: { field } });
  }
  return [input.role, userId, input.name ?? null, input.email ?? null, input.organisationId ?? null, input.facilityId ?? null];
}

export async function addMember(q: Queryable, user: SessionUser, groupId: number, input: MemberInput) {
  await requireGroup(q, user, groupId, 'write');
  const values = await memberValues(q, input);
  const r = await q.query<{ id: number }>('INSERT INTO group_members (group_id, role, user_id, name, email, organisation_id, facility_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id', [groupId, ...values]);
  return (await listMembers(q, groupId)).find((m) => m.id === r.rows[0].id)!;
}

export async function updateMember(q: Queryable, user: SessionUser, groupId: number, memberId: number, input: MemberInput) {
  await requireGroup(q, user, groupId, 'write');
  const values = await memberValues(q, input);
  const r = await q.query('UPDATE group_members SET role = $3, user_id = $4, name = $5, email = $6, organisation_id = $7, facility_id = $8 WHERE id = $2 AND group_id = $1', [groupId, memberId, ...values]);
  if (r.rowCount === 0) throw notFound({ de: 'Mitglied', en: 'Member' }, memberId);
  return (await listMembers(q, groupId)).find((m) => m.id === memberId)!;
}

export async function removeMember(q: Queryable, user: SessionUser, groupId: number, memberId: number): Promise<void> {
  await requireGroup(q, user, groupId, 'write');
  // Finalised minutes name who attended: removing that member would change the record.
  if ((await q.query("SELECT 1 FROM attendance a JOIN meetings m ON m.id = a.meeting_id WHERE a.member_id = $1 AND m.status = 'finalised'", [memberId])).rowCount)
    throw new LernortError('MEMBER_IN_RECORD', 'Das Mitglied steht in einem abgeschlossenen Protokoll und kann nicht entfernt werden; stattdessen die Rolle auf Gast setzen.', 'The member appears in finalised minutes and cannot be removed; set the role to guest instead.', { status: 409 });
  const r = await q.query('DELETE FROM group_members WHERE id = $2 AND group_id = $1', [groupId, memberId]);
  if (r.rowCount === 0) throw notFound({ de: 'Mitglied', en: 'Member' }, memberId);
}

export { GROUP };
