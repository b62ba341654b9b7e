// Templates name roles ("unemployment share", "child poverty"), not one city's indicator keys; a run
// binds every role to an indicator of the city (CLI `--bind role=key`, API `bindings`). Definitions
// that name indicator keys directly need no binding. A role may be left out (binding "-", or an
// optional role nobody binds): its indicator goes, and so does a group left without members. Binding returns a definition whose indicators
// all carry a key, so the engine never sees a role.
import { LernortError } from '../../core/errors.ts';
import type { IndexDefinition, RoleDef } from './schema.ts';

type IndicatorDef = IndexDefinition['indicators'][number];

/** The indicator key of an indicator entry; a role that was not bound is an error naming it. */
export function keyOf(ind: IndicatorDef): string {
  if (ind.key !== undefined) return ind.key;
  throw unboundError([{ role: ind.role as string, def: { description: ind.role as string } }]);
}

/** The key of the minimum-population indicator, if the definition has one. */
export function minPopulationKey(d: IndexDefinition): string | undefined {
  const m = d.exclusions.minPopulation;
  if (!m) return undefined;
  if (m.indicator !== undefined) return m.indicator;
  throw unboundError([{ role: m.role as string, def: { description: m.role as string } }]);
}

export interface RoleUse {
  role: string;
  description: string;
  descriptionEn: string | null;
  default: string | null;
  optional: boolean;
  /** Where the definition uses it: indicators.3, exclusions.minPopulation. */
  usedBy: string[];
}

/** Every role of a definition with its description, default and uses (for `lernort index roles`). */
export function listRoles(d: IndexDefinition): RoleUse[] {
  const uses = new Map<string, string[]>();
  const use = (role: string, at: string) => uses.set(role, [...(uses.get(role) ?? []), at]);
  d.indicators.forEach((ind, k) => { if (ind.role) use(ind.role, `indicators.${k}`); });
  if (d.exclusions.minPopulation?.role) use(d.exclusions.minPopulation.role, 'exclusions.minPopulation');
  return Object.entries(d.roles ?? {}).map(([role, def]) => ({
    role, description: def.description, descriptionEn: def.descriptionEn ?? null, default: def.default ?? null, optional: def.optional ?? false, usedBy: uses.get(role) ?? [],
  }));
}

/** Checks that every role a definition uses is declared (part of parseDefinition). */
export function checkRoles(d: IndexDefinition): void {
  const declared = d.roles ?? {};
  const at = (field: string, role: string) => {
    if (!(role in declared)) {
      throw new LernortError('INDEX_ROLE_UNDECLARED', `Die Rolle „${role}“ fehlt unter roles.`, `The role "${role}" is not declared under roles.`, { location: { field } });
    }
  };
  d.indicators.forEach((ind, k) => { if (ind.role) at(`indicators.${k}.role`, ind.role); });
  if (d.exclusions.minPopulation?.role) at('exclusions.minPopulation.role', d.exclusions.minPopulation.role);
}

function unboundError(unbound: { role: string; def: RoleDef; missingDefault?: string; missingBound?: string }[]): LernortError {
  const line = (u: (typeof unbound)[number], lang: 'de' | 'en') => {
    const text = lang === 'en' ? u.def.descriptionEn ?? u.def.description : u.def.description;
    const why = u.missingBound
      ? (lang === 'de' ? ` (gebunden an „${u.missingBound}“, diesen Indikator gibt es nicht)` : ` (bound to "${u.missingBound}", which is not a known indicator)`)
      : u.missingDefault
        ? (lang === 'de' ? ` (Vorgabe „${u.missingDefault}“ gibt es hier nicht)` : ` (default "${u.missingDefault}" is not a known indicator here)`)
        : '';
    return `  ${u.role}: ${text}${why}`;
  };
  const roles = unbound.map((u) => u.role).join(', ');
  return new LernortError('INDEX_ROLES_UNBOUND',
    `Diese Rollen der Definition sind keinem Indikator zugeordnet (${roles}); binden Sie jede mit --bind rolle=indikator (API: bindings):\n${unbound.map((u) => line(u, 'de')).join('\n')}`,
    `These roles of the definition are not bound to an indicator (${roles}); bind each with --bind role=indicator (API: bindings):\n${unbound.map((u) => line(u, 'en')).join('\n')}`,
    { location: { field: 'bindings' }, details: { unbound: unbound.map((u) => ({ role: u.role, description: u.def.description, descriptionEn: u.def.descriptionEn ?? null, default: u.def.default ?? null })) } });
}

/**
 * Binds the roles of a definition to indicator keys: an explicit binding first, else the role's
 * default when that indicator exists. Every role left over is listed in one error. `known` is the
 * set of indicator keys of the database.
 */
export function bindRoles(d: IndexDefinition, bindings: Record<string, string>, known: ReadonlySet<string>): { definition: IndexDefinition; bound: Record<string, string> } {
  const declared = d.roles ?? {};
  for (const role of Object.keys(bindings)) {
    if (!(role in declared)) {
      const list = Object.keys(declared).join(', ') || '–';
      throw new LernortError('INDEX_ROLE_UNKNOWN', `Die Definition hat keine Rolle „${role}“ (Rollen: ${list}).`, `The definition has no role "${role}" (roles: ${list}).`, { location: { field: `bindings.${role}` } });
    }
  }
  const used = listRoles(d).filter((r) => r.usedBy.length > 0);
  const bound: Record<string, string> = {};
  const omitted = new Set<string>();
  const unbound: Parameters<typeof unboundError>[0] = [];
  for (const r of used) {
    const def = declared[r.role];
    const explicit = bindings[r.role];
    const inDefinition = d.indicators.find((ind) => ind.role === r.role && ind.key !== undefined)?.key;
    if (explicit === OMIT) {
      omitted.add(r.role);
    } else if (explicit !== undefined) {
      if (known.has(explicit)) bound[r.role] = explicit;
      else unbound.push({ role: r.role, def, missingBound: explicit });
    } else if (inDefinition !== undefined) {
      bound[r.role] = inDefinition; // the definition itself binds it (e.g. saved from the editor); checked like any key
    } else if (def.default !== undefined && known.has(def.default)) {
      bound[r.role] = def.default;
    } else if (def.optional) {
      omitted.add(r.role);
    } else {
      unbound.push({ role: r.role, def, ...(def.default !== undefined ? { missingDefault: def.default } : {}) });
    }
  }
  if (unbound.length) throw unboundError(unbound);
  const m = d.exclusions.minPopulation;
  if (m?.role && omitted.has(m.role)) {
    throw new LernortError('INDEX_ROLE_REQUIRED', `Die Rolle „${m.role}“ (Mindestbevölkerung) lässt sich nicht weglassen.`, `The role "${m.role}" (minimum population) cannot be left out.`, { location: { field: `bindings.${m.role}` } });
  }
  const indicators = d.indicators.filter((ind) => !(ind.role && omitted.has(ind.role))).map((ind) => (ind.role ? { ...ind, key: bound[ind.role] } : ind));
  if (indicators.length === 0) {
    throw new LernortError('INDEX_NO_INDICATORS', 'Nach dem Weglassen der Rollen bleibt kein Indikator übrig.', 'No indicator is left once the omitted roles are left out.', { location: { field: 'bindings' } });
  }
  const seen = new Map<string, number>();
  indicators.forEach((ind, k) => {
    const key = ind.key as string;
    if (seen.has(key)) {
      throw new LernortError('INDEX_BINDING_TWICE', `Indikator „${key}“ steht zweimal im Index (indicators.${seen.get(key)} und indicators.${k}); jede Rolle braucht einen eigenen Indikator.`,
        `Indicator "${key}" enters the index twice (indicators.${seen.get(key)} and indicators.${k}); each role needs its own indicator.`, { location: { field: `indicators.${k}` } });
    }
    seen.set(key, k);
  });
  const exclusions = m?.role ? { ...d.exclusions, minPopulation: { ...m, indicator: bound[m.role] } } : d.exclusions;
  for (const role of omitted) bound[role] = OMIT;
  const out: IndexDefinition = { ...d, indicators, exclusions };
  if (d.groups) out.groups = withoutEmptyGroups(d.groups, indicators);
  return { definition: out, bound };
}

/** Binding a role to "-" leaves it out (its indicator, and a group left without members). */
export const OMIT = '-';

function withoutEmptyGroups(groups: NonNullable<IndexDefinition['groups']>, indicators: IndexDefinition['indicators']): NonNullable<IndexDefinition['groups']> {
  let left = groups;
  for (;;) {
    const next = left.filter((g) => indicators.some((i) => i.group === g.key) || left.some((h) => h.group === g.key));
    if (next.length === left.length) return left;
    left = next;
  }
}
