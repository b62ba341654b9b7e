// Row-level access rules, pure. A route declares which rule guards the row it addresses
// (config.access); the row's owning module says which organisations and planning areas the row
// belongs to (an entity resolver, see service.ts); this file decides whether the caller may act.
//
//   admin, analyst, planner      unrestricted scope: every row (the permission guard has already
//                                decided what the role may do at all);
//   coordinator, provider, viewer only rows of their own links:
//     own-organisation             one of the row's organisations is the caller's (user_organisations);
//     own-planning-area            one of the row's planning areas is the caller's (user_planning_areas,
//                                  same code, and same layer when the account names one), or the
//                                  caller is a person the row names as responsible (an agreement's
//                                  coordinator, a listed area coordinator, a task's owner);
//     organisation-or-planning-area  either.
import type { Role } from '../users/permissions.ts';

export const accessRules = ['own-organisation', 'own-planning-area', 'organisation-or-planning-area'] as const;
export type AccessRule = (typeof accessRules)[number];

/** Roles whose scope is the whole city: row rules never restrict them. */
export const UNRESTRICTED_ROLES: readonly Role[] = ['admin', 'analyst', 'planner'];

/** What a route declares: the entity its parameter names, and the rule. */
export interface AccessDeclaration {
  entity: string;
  /** The route parameter holding the entity's id (e.g. 'id'). */
  param: string;
  rule: AccessRule;
}

/** Where a row belongs, as its owning module reports it. */
export interface RowScope {
  organisationIds: number[];
  planningAreas: { layer: string | null; code: string }[];
  /** Persons the row names as responsible for it, whatever their area (user ids). */
  responsibleUserIds?: number[];
}

/** The caller's links (from the typed user tables, carried by the session). */
export interface CallerLinks {
  id: number;
  role: Role;
  organisationIds: number[];
  planningAreas: string[];
  /** The layer the account's planning-area codes belong to, when it names one. */
  layer: string | null;
}

const ownOrganisation = (c: CallerLinks, row: RowScope) => row.organisationIds.some((id) => c.organisationIds.includes(id));

const ownPlanningArea = (c: CallerLinks, row: RowScope) =>
  (row.responsibleUserIds ?? []).includes(c.id)
  || row.planningAreas.some((a) => c.planningAreas.includes(a.code) && (c.layer === null || a.layer === null || a.layer === c.layer));

/** Whether the caller may act on the row under the rule. */
export function allows(caller: CallerLinks, rule: AccessRule, row: RowScope): boolean {
  if (UNRESTRICTED_ROLES.includes(caller.role)) return true;
  switch (rule) {
    case 'own-organisation': return ownOrganisation(caller, row);
    case 'own-planning-area': return ownPlanningArea(caller, row);
    case 'organisation-or-planning-area': return ownOrganisation(caller, row) || ownPlanningArea(caller, row);
  }
}
