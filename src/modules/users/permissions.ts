// Who may do what, in one place. Every route declares one permission (config.permission); the
// guard in server.ts denies any route that declares none. Roles follow the planning practice:
// analysts own data and indicators, planners facilities and budget, coordinators their planning
// areas, providers their organisation.

export const roles = ['admin', 'analyst', 'planner', 'coordinator', 'provider', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  /** Anyone, also anonymous visitors. */
  'public',
  /** Any signed-in user. */
  'signed-in',
  /**
   * Internal read access: unpublished data and TRUE values (counts below the suppression threshold,
   * index runs, intervals, consistency). Everyone without it — viewers, providers, anonymous
   * visitors — sees only published, displayed values (the publication module's visibility rule).
   */
  'data:read',
  /** Imports, indicator definitions, recipes. */
  'data:write',
  /** The facility and service registry, planning norms, supply computations. */
  'registry:write',
  /** Facilities and offers of one's own organisation (providers); unrestricted for registry writers. */
  'registry:own',
  /** Uptake of city-wide services: service definitions and participant imports (aggregated on reading). */
  'uptake:write',
  /** Budget pots, allocation models, scenarios and their freezing (issue 10). */
  'budget:write',
  /** Working groups, meetings and tasks one may see (which ones: coordination/access.ts). */
  'coordination:read',
  /** Creating and editing groups, meetings and tasks (coordinators: of their planning areas only). */
  'coordination:write',
  /** Goals, agreements, reports and dialogues one may see (which ones: goals/service.ts assertAgreementVisible). */
  'goals:read',
  /** Creating goals, agreements and dialogues, reviewing reports (coordinators: their planning areas). */
  'goals:write',
  /** Providers: filling in their organisation's reports (submitting and signing: agreements:party). */
  'agreements:report',
  /** Being a party to agreements: changing, signing, reporting and reviewing (coordinators and providers; which ones: assertAgreementVisible). Readers such as analysts and planners are not parties. */
  'agreements:party',
  /** User management, audit log, backups. */
  'admin',
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
  admin: ['public', 'signed-in', 'data:read', 'data:write', 'registry:write', 'registry:own', 'uptake:write', 'budget:write', 'coordination:read', 'coordination:write', 'goals:read', 'goals:write', 'agreements:report', 'agreements:party', 'admin'],
  analyst: ['public', 'signed-in', 'data:read', 'data:write', 'registry:write', 'registry:own', 'uptake:write', 'coordination:read', 'goals:read'],
  planner: ['public', 'signed-in', 'data:read', 'registry:write', 'registry:own', 'uptake:write', 'budget:write', 'coordination:read', 'coordination:write', 'goals:read'],
  coordinator: ['public', 'signed-in', 'data:read', 'coordination:read', 'coordination:write', 'goals:read', 'goals:write', 'agreements:party'],
  provider: ['public', 'signed-in', 'registry:own', 'coordination:read', 'goals:read', 'agreements:report', 'agreements:party'],
  // The council's and the public's read-only role: the published atlas after suppression, signed in.
  viewer: ['public', 'signed-in', 'coordination:read'],
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Every permission of a role (the client shows or hides actions by this list from GET /api/auth/me). */
export function permissionsOf(role: Role): Permission[] {
  return [...grants[role]];
}

export function roleHas(role: Role | undefined, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (!role) return false;
  return grants[role].includes(permission);
}

/**
 * The organisation a user is limited to, or null when the role may act on every organisation.
 * A provider without an organisation in its scope may act on none.
 */
export function organisationScope(role: Role, scope: Record<string, unknown>): number | null | 'none' {
  if (role !== 'provider') return null;
  const id = Number(scope.organisationId);
  return Number.isInteger(id) && id > 0 ? id : 'none';
}

/**
 * The planning-area codes a coordinator is limited to, or null when the role is not limited by
 * area (admin, planner: all; others reach groups through membership only, see coordination/access.ts).
 */
export function planningAreaScope(role: Role, scope: Record<string, unknown>): string[] | null {
  if (role !== 'coordinator') return null;
  const codes = scope.planningAreas;
  return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string' && c !== '') : [];
}
