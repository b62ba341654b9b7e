import type { Layer } from './api.ts';

// The roles of the layers, read from what GET /api/layers says about each layer (kind, parent,
// members) instead of from their keys ('ortsteil', 'planungsraum' are Leipzig's names, not the
// client's). The API sends no explicit role yet (issue 17 §2 adds one per layer); until it does,
// the roles follow from the structure:
// - grouping: a layer of kind 'grouping' (planning areas: sets of member areas);
// - parent: a geometry layer that another layer names as its parent (Stadtbezirk);
// - base: the geometry layer the groupings are built from, else the finest geometry layer (the
//   one no other layer names as parent, with the most areas).

export type LayerRole = 'base' | 'parent' | 'grouping';

export interface LayerRoles {
  base: Layer | undefined;
  grouping: Layer | undefined;
  /** The parent layer of each layer that has one. */
  parentOf: (layer: string) => Layer | undefined;
  role: (layer: string) => LayerRole | null;
}

export function layerRoles(layers: readonly Layer[]): LayerRoles {
  const byKey = new Map(layers.map((l) => [l.key, l]));
  const geometry = layers.filter((l) => l.kind !== 'grouping');
  const grouping = layers.find((l) => l.kind === 'grouping');
  const parents = new Set(layers.map((l) => l.parent).filter((p): p is string => typeof p === 'string'));
  const memberLayer = grouping?.members ? byKey.get(grouping.members) : undefined;
  const finest = [...geometry].filter((l) => !parents.has(l.key)).sort((a, b) => b.areaCount - a.areaCount)[0];
  const base = memberLayer ?? finest ?? geometry[0];
  return {
    base,
    grouping,
    parentOf: (key) => {
      const parent = byKey.get(key)?.parent;
      return parent ? byKey.get(parent) : undefined;
    },
    role: (key) => {
      const layer = byKey.get(key);
      if (!layer) return null;
      if (layer.kind === 'grouping') return 'grouping';
      if (layer.key === base?.key) return 'base';
      return parents.has(layer.key) ? 'parent' : null;
    },
  };
}
