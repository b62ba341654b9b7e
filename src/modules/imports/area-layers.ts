// The layer side of an area import: check a requested new layer before anything is written, create
// it inside the import's transaction, and link its areas to their parents or members (by a parent
// code property, else by location). Recipes do the same declaratively; this is the CLI/API path.
import type { Queryable } from '../../db/connection.ts';
import type { Problem } from '../../core/errors.ts';
import type { AreaFeatureRecord } from '../../io/types.ts';
import * as areas from '../areas/service.ts';

/** base: areas of their own (default); parent: contains an existing layer (childLayer); grouping: sets of areas of memberLayer. */
export type LayerRole = 'base' | 'parent' | 'grouping';

export interface NewLayer {
  nameDe: string;
  nameEn: string;
  role?: LayerRole;
  /** The layer whose areas contain this layer's areas. */
  parentLayer?: string;
  /** role parent: the existing layer this layer contains. */
  childLayer?: string;
  /** role grouping: the layer of the member areas. */
  memberLayer?: string;
}

export interface LayerPlan {
  key: string;
  create: NewLayer | null;
  kind: string;
  parentKey: string | null;
  childKey: string | null;
  memberKey: string | null;
  sort: number;
}

const problem = (code: string, de: string, en: string, file: string, field: string, value?: string): Problem => ({ code, de, en, file, field, ...(value !== undefined ? { value } : {}) });

/** Validates the target layer (existing, or to be created) and says what will be done; writes nothing. */
export async function planLayer(q: Queryable, key: string, create: NewLayer | undefined, file: string, errors: Problem[]): Promise<LayerPlan | null> {
  const layers = await areas.listLayers(q);
  const byKey = new Map(layers.map((l) => [l.key, l]));
  const existing = byKey.get(key);
  if (!create) {
    if (existing) return { key, create: null, kind: existing.kind, parentKey: existing.parent_key, childKey: null, memberKey: existing.member_key, sort: existing.sort };
    errors.push(problem('LAYER_UNKNOWN', `Unbekannte Ebene „${key}“. Zum Anlegen: --create-layer --layer-name „…“ (Befehlszeile) bzw. createLayer=true und layerName (API).`, `Unknown layer "${key}". To create it: --create-layer --layer-name "…" (command line) or createLayer=true and layerName (API).`, file, 'layer', key));
    return null;
  }
  if (existing) {
    errors.push(problem('LAYER_EXISTS', `Die Ebene „${key}“ gibt es schon; zum Aktualisieren ihrer Gebiete ohne --create-layer importieren.`, `Layer "${key}" already exists; import without --create-layer to update its areas.`, file, 'layer', key));
    return null;
  }
  if (!/^[a-z0-9_]{1,64}$/.test(key)) {
    errors.push(problem('LAYER_KEY_INVALID', `Ebenenschlüssel „${key}“: nur Kleinbuchstaben, Ziffern und _ (z. B. gemeinde).`, `Layer key "${key}": lower-case letters, digits and _ only (e.g. gemeinde).`, file, 'layer', key));
    return null;
  }
  const role = create.role ?? 'base';
  const need = (field: 'parentLayer' | 'childLayer' | 'memberLayer', value: string | undefined, required: boolean): boolean => {
    if (value === undefined) {
      if (required) errors.push(problem('LAYER_OPTION_MISSING', `Rolle „${role}“ braucht die Angabe ${field}.`, `Role "${role}" needs the option ${field}.`, file, field));
      return !required;
    }
    if (!byKey.has(value)) {
      errors.push(problem('LAYER_UNKNOWN', `Unbekannte Ebene „${value}“ (${field}).`, `Unknown layer "${value}" (${field}).`, file, field, value));
      return false;
    }
    return true;
  };
  const ok = [
    need('parentLayer', create.parentLayer, false),
    need('childLayer', create.childLayer, role === 'parent'),
    need('memberLayer', create.memberLayer, role === 'grouping'),
  ].every(Boolean);
  if (!create.nameDe.trim()) errors.push(problem('LAYER_NAME_MISSING', 'Die neue Ebene braucht einen Namen (--layer-name).', 'The new layer needs a name (--layer-name).', file, 'layerName'));
  if (!ok || !create.nameDe.trim()) return null;
  const maxSort = Math.max(0, ...layers.map((l) => l.sort));
  const parent = create.parentLayer ? byKey.get(create.parentLayer)! : undefined;
  const child = create.childLayer ? byKey.get(create.childLayer)! : undefined;
  // Coarser layers sort before finer ones; the sort decides which child layer a parent aggregates from.
  const sort = child ? child.sort - 1 : parent ? parent.sort + 1 : maxSort + 1;
  return { key, create, kind: role === 'grouping' ? 'grouping' : 'geometry', parentKey: create.parentLayer ?? null, childKey: create.childLayer ?? null, memberKey: create.memberLayer ?? null, sort };
}

/** Creates the planned layer (if new) inside the transaction; returns its id. */
export async function applyLayer(q: Queryable, plan: LayerPlan): Promise<number> {
  if (!plan.create) return (await areas.requireLayer(q, plan.key)).id;
  return areas.upsertLayer(q, {
    key: plan.key, nameDe: plan.create.nameDe.trim(), nameEn: (plan.create.nameEn || plan.create.nameDe).trim(), kind: plan.kind,
    parentKey: plan.parentKey ?? undefined, memberKey: plan.memberKey ?? undefined, sort: plan.sort,
  });
}

export interface LinkOptions {
  /** Regex on the parent property; group 1 (or `code`) is the parent's code, e.g. "^STGT(\\d{2})$". */
  parentPattern?: string;
  /** Parent codes came from a property (AreaFeatureRecord.parentCode). */
  byProperty: boolean;
}

/**
 * Links the imported areas: to their parents (by the parent code property, else by location), a
 * parent layer to its child layer's areas, a grouping to its members. Unplaced areas are warnings;
 * a parent code that names no area is an error (the caller rolls back).
 */
export async function linkAreas(q: Queryable, plan: LayerPlan, layerId: number, records: AreaFeatureRecord[], opts: LinkOptions, file: string): Promise<{ errors: Problem[]; warnings: Problem[]; linked: Record<string, number> }> {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const linked: Record<string, number> = {};
  const unplaced = (what: string, list: { code: string; name: string }[]) => {
    if (list.length === 0) return;
    const names = list.slice(0, 30).map((a) => `${a.name} (${a.code})`).join(', ');
    warnings.push(problem('AREA_PARENT_NOT_FOUND', `${list.length} Gebiete liegen in keinem Gebiet der Ebene „${what}“: ${names}.`, `${list.length} areas lie in no area of layer "${what}": ${names}.`, file, 'parent', list.map((a) => a.code).join(',')));
  };
  if (plan.parentKey) {
    const parentLayerId = (await areas.requireLayer(q, plan.parentKey)).id;
    if (opts.byProperty) {
      const re = opts.parentPattern ? new RegExp(opts.parentPattern) : undefined;
      const pairs = records.filter((r) => r.parentCode !== undefined).map((r) => {
        const m = re?.exec(r.parentCode!);
        return { code: r.code, parentCode: re ? (m?.groups?.code ?? m?.[1] ?? '') : r.parentCode! };
      });
      const orphans = await areas.setParents(q, layerId, parentLayerId, pairs);
      if (orphans.length > 0) {
        errors.push(problem('AREA_PARENT_UNKNOWN', `Übergeordnetes Gebiet (Ebene „${plan.parentKey}“) nicht gefunden für: ${orphans.slice(0, 30).join(', ')}.`, `Parent area (layer "${plan.parentKey}") not found for: ${orphans.slice(0, 30).join(', ')}.`, file, 'parent', orphans.join(',')));
      }
      linked.parents = pairs.length - orphans.length;
    } else {
      const left = await areas.setParentsByLocation(q, layerId, parentLayerId);
      unplaced(plan.parentKey, left);
      linked.parents = records.length - left.length;
    }
  }
  if (plan.childKey) {
    const child = await areas.requireLayer(q, plan.childKey);
    await areas.setLayerParent(q, child.id, layerId);
    const left = await areas.setParentsByLocation(q, child.id, layerId);
    unplaced(plan.key, left);
    linked.children = child.area_count - left.length;
  }
  if (plan.kind === 'grouping' && plan.memberKey) {
    linked.members = await areas.setMembersByLocation(q, layerId, (await areas.requireLayer(q, plan.memberKey)).id);
  }
  return { errors, warnings, linked };
}
