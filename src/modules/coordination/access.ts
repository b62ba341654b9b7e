// Who may see and change a working group and everything in it (meetings, tasks, documents):
//
//   admin, planner        read and write every group, confidential items included;
//   analyst               reads every group, confidential items included;
//   coordinator           reads and writes the groups of its planning areas (users.scope.planningAreas
//                         or planning_area_coordinators); other groups only as a member;
//   provider              reads groups its organisation belongs to (directly or through a facility);
//   viewer                reads every group, never confidential items;
//   member with account   reads its groups (confidential items unless a guest), whatever the role.
//
// A group one may not read does not exist for the caller: 404, never 403, so ids reveal nothing.
import type { Queryable } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import { organisationScope, planningAreaScope } from '../users/permissions.ts';
import type { SessionUser } from '../users/service.ts';
import type { RowScope } from '../access/service.ts';
import * as areas from '../areas/service.ts';
import * as facilities from '../facilities/service.ts';

export interface GroupFacts {
  id: number;
  areaCode: string | null;
  /** The caller is listed in planning_area_coordinators for the group's area. */
  coordinatesArea: boolean;
  /** The caller's membership role, if it is a member with its account. */
  memberRole: string | null;
  /** Organisations among the members (directly or as the owner of a member facility). */
  organisationIds: number[];
}

export interface Access {
  read: boolean;
  write: boolean;
  confidential: boolean;
}

export function accessOf(user: SessionUser, g: GroupFacts): Access {
  const member = g.memberRole !== null;
  const fullMember = member && g.memberRole !== 'guest';
  switch (user.role) {
    case 'admin':
    case 'planner':
      return { read: true, write: true, confidential: true };
    case 'analyst':
      return { read: true, write: false, confidential: true };
    case 'coordinator': {
      const codes = planningAreaScope(user.role, user.scope) ?? [];
      const own = g.coordinatesArea || (g.areaCode !== null && codes.includes(g.areaCode));
      return own ? { read: true, write: true, confidential: true } : { read: member, write: false, confidential: fullMember };
    }
    case 'provider': {
      const org = organisationScope(user.role, user.scope);
      const ofOrganisation = typeof org === 'number' && g.organisationIds.includes(org);
      return { read: member || ofOrganisation, write: false, confidential: fullMember };
    }
    case 'viewer':
      return { read: true, write: false, confidential: false };
    default:
      return { read: member, write: false, confidential: fullMember };
  }
}

/** The facts of the given groups (all when ids is null) as seen by the user. */
export async function groupFacts(q: Queryable, user: SessionUser, ids: number[] | null): Promise<GroupFacts[]> {
  const r = await q.query<{ id: number; area_id: number | null; coordinates_area: boolean; member_role: string | null; organisation_ids: number[] | null; facility_ids: number[] | null }>(
    `SELECT g.id, g.area_id,
            EXISTS (SELECT 1 FROM planning_area_coordinators pc WHERE pc.area_id = g.area_id AND pc.user_id = $2) AS coordinates_area,
            (SELECT m.role FROM group_members m WHERE m.group_id = g.id AND m.user_id = $2
              ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'member' THEN 1 ELSE 2 END LIMIT 1) AS member_role,
            (SELECT array_agg(DISTINCT m.organisation_id) FROM group_members m WHERE m.group_id = g.id AND m.organisation_id IS NOT NULL) AS organisation_ids,
            (SELECT array_agg(DISTINCT m.facility_id) FROM group_members m WHERE m.group_id = g.id AND m.facility_id IS NOT NULL) AS facility_ids
       FROM working_groups g
      WHERE $1::int[] IS NULL OR g.id = ANY($1)
      ORDER BY g.id`,
    [ids, user.id],
  );
  // Area codes and the organisations of member facilities through their owners' services.
  const labels = await areas.labelsOf(q, r.rows.map((x) => x.area_id));
  const owners = await facilities.facilityNamesOf(q, r.rows.flatMap((x) => x.facility_ids ?? []));
  return r.rows.map((x) => {
    const orgs = new Set(x.organisation_ids ?? []);
    for (const f of x.facility_ids ?? []) {
      const o = owners.get(f)?.organisationId;
      if (o !== null && o !== undefined) orgs.add(o);
    }
    return {
      id: x.id, areaCode: x.area_id === null ? null : (labels.get(x.area_id)?.code ?? null), coordinatesArea: x.coordinates_area, memberRole: x.member_role,
      organisationIds: [...orgs].sort((a, b) => a - b),
    };
  });
}

export const notFound = (what: { de: string; en: string }, id: number | string) =>
  new LernortError('NOT_FOUND', `${what.de} ${id} wurde nicht gefunden.`, `${what.en} ${id} was not found.`, { status: 404 });

export const GROUP = { de: 'Arbeitskreis', en: 'Working group' };
export const MEETING = { de: 'Sitzung', en: 'Meeting' };
export const TASK = { de: 'Aufgabe', en: 'Task' };
export const DOCUMENT = { de: 'Dokument', en: 'Document' };

/**
 * The caller's access to one group; a group it may not read (or that does not exist) is 404 under
 * the name of what was asked for (`what`, e.g. the meeting), and so is a write without write access.
 */
export async function requireGroup(q: Queryable, user: SessionUser, groupId: number, need: 'read' | 'write', what = GROUP, shownId: number = groupId): Promise<Access> {
  const [facts] = await groupFacts(q, user, [groupId]);
  const access = facts ? accessOf(user, facts) : { read: false, write: false, confidential: false };
  if (!access.read || (need === 'write' && !access.write)) throw notFound(what, shownId);
  return access;
}

/** Ids of the groups the user may read (and which of them it may write). */
export async function readableGroups(q: Queryable, user: SessionUser): Promise<Map<number, Access>> {
  const out = new Map<number, Access>();
  for (const f of await groupFacts(q, user, null)) {
    const a = accessOf(user, f);
    if (a.read) out.set(f.id, a);
  }
  return out;
}

// ---- row scopes for the access module ----------------------------------------------------------
// Groups and everything in them belong to the group's planning area; the coordinators listed for
// that area (planning_area_coordinators) are responsible too, and a task's owner for its task.

type Owned = 'group' | 'meeting' | 'task' | 'document';

const GROUP_OF: Record<Owned, string> = {
  group: 'SELECT g.id AS group_id, NULL::int AS owner_user_id, NULL::int AS owner_member_id FROM working_groups g WHERE g.id = $1',
  meeting: 'SELECT m.group_id, NULL::int AS owner_user_id, NULL::int AS owner_member_id FROM meetings m WHERE m.id = $1',
  task: 'SELECT t.group_id, t.owner_user_id, t.owner_member_id FROM coordination_tasks t WHERE t.id = $1',
  document: 'SELECT d.group_id, NULL::int AS owner_user_id, NULL::int AS owner_member_id FROM coordination_documents d WHERE d.id = $1',
};

/** Where a group, meeting, task or document belongs (undefined: no such row). */
export async function rowScope(q: Queryable, kind: Owned, id: number): Promise<RowScope | undefined> {
  if (!Number.isInteger(id)) return undefined;
  const r = await q.query<{ area_id: number | null; responsible: number[] | null }>(
    `WITH x AS (${GROUP_OF[kind]})
     SELECT g.area_id,
            ARRAY(SELECT pc.user_id FROM planning_area_coordinators pc WHERE pc.area_id = g.area_id
                  UNION SELECT x.owner_user_id WHERE x.owner_user_id IS NOT NULL
                  UNION SELECT m.user_id FROM group_members m WHERE m.id = x.owner_member_id AND m.user_id IS NOT NULL) AS responsible
       FROM x JOIN working_groups g ON g.id = x.group_id`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  const area = row.area_id === null ? undefined : (await areas.labelsOf(q, [row.area_id])).get(row.area_id);
  return { organisationIds: [], planningAreas: area === undefined ? [] : [{ layer: area.layer, code: area.code }], responsibleUserIds: row.responsible ?? [] };
}
