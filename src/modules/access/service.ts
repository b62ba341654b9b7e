// The access module: row-level rules declared with the route and enforced once, centrally (the
// preHandler in server.ts runs `enforce` on the route the router matched). Owning modules register
// an entity resolver per kind of row they own (facility, group, agreement …) when their routes are
// assembled; a route names the entity, the parameter that holds its id and the rule:
//
//   config: { permission: 'registry:own', access: { entity: 'facility', param: 'id', rule: 'own-organisation' } }
//
// A row the caller may not act on answers 404 like a row that does not exist, so ids reveal nothing.
// List filtering stays in the services (a list has no single row to decide on).
import type { Queryable } from '../../db/connection.ts';
import { notFound, type Thing } from '../../core/errors.ts';
import { organisationScope, planningAreaScope, type Role } from '../users/permissions.ts';
import type { SessionUser } from '../users/service.ts';
import { accessRules, allows, type AccessDeclaration, type CallerLinks, type RowScope } from './rules.ts';

export { accessRules, allows, UNRESTRICTED_ROLES, type AccessDeclaration, type AccessRule, type RowScope, type CallerLinks } from './rules.ts';

export interface EntityResolver {
  /** The entity's name in the 404 answer, e.g. 'Einrichtung / facility'. */
  name: Thing;
  /** Where the row belongs, or undefined when there is no such row. */
  resolve(q: Queryable, id: string): Promise<RowScope | undefined>;
}

const resolvers = new Map<string, EntityResolver>();

/** Called by the owning module when its routes are assembled; registering again replaces. */
export function registerEntity(entity: string, resolver: EntityResolver): void {
  resolvers.set(entity, resolver);
}

/** The caller's links as the rules see them. */
export function callerLinks(user: SessionUser): CallerLinks {
  const org = organisationScope(user.role as Role, user.scope);
  const codes = user.role === 'coordinator' ? planningAreaScope(user.role, user.scope) ?? [] : [];
  return {
    id: user.id, role: user.role,
    organisationIds: typeof org === 'number' ? [org] : [],
    planningAreas: codes,
    layer: user.role === 'coordinator' && typeof user.scope.layer === 'string' ? user.scope.layer : null,
  };
}

/**
 * Checks a declaration when the app is assembled: a known rule, an entity some module registered,
 * a parameter the route's path has. Returns what is wrong (empty when all is well).
 */
export function checkDeclaration(url: string, decl: AccessDeclaration): string[] {
  const problems: string[] = [];
  if (!(accessRules as readonly string[]).includes(decl.rule)) problems.push(`${url}: unknown access rule "${decl.rule}"`);
  if (!resolvers.has(decl.entity)) problems.push(`${url}: no resolver registered for entity "${decl.entity}"`);
  if (!url.split('/').includes(`:${decl.param}`)) problems.push(`${url}: access parameter ":${decl.param}" is not in the path`);
  return problems;
}

/** Whether the caller may act on the row (false also when there is no such row). */
export async function mayAct(q: Queryable, user: SessionUser | undefined, decl: AccessDeclaration, id: string): Promise<boolean> {
  const resolver = resolvers.get(decl.entity);
  if (!resolver) throw new Error(`access: no resolver registered for entity "${decl.entity}"`);
  if (!user) return false;
  const row = await resolver.resolve(q, id);
  return row !== undefined && allows(callerLinks(user), decl.rule, row);
}

/** The central check of a route's declaration: a row the caller may not act on is 404. */
export async function enforce(q: Queryable, user: SessionUser | undefined, decl: AccessDeclaration, params: Record<string, unknown>): Promise<void> {
  const id = String(params[decl.param] ?? '');
  if (!(await mayAct(q, user, decl, id))) throw notFound(resolvers.get(decl.entity)!.name, id);
}
