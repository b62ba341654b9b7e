import { useCallback, useMemo } from 'react';
import { useApi } from '../shared/useApi.ts';
import { getAreas, getLayers } from './api.ts';
import { layerRoles } from './roles.ts';

/**
 * The name of a facility's area in the base layer (Ortsteil, Stadtteil, …): facilities carry only
 * the code per layer. The coarsest geometry step is enough for names and is cached like any answer.
 */
export function useBaseAreaName(): (located: Record<string, string>) => string | null {
  const layers = useApi('layers', getLayers);
  const base = layers.state === 'ready' ? layerRoles(layers.data).base?.key ?? null : null;
  const areas = useApi(base ? `areas|${base}|200` : null, (signal) => getAreas(base!, signal, 200));
  const names = useMemo(() => new Map(areas.state === 'ready' ? areas.data.features.map((f) => [f.properties.code, f.properties.name]) : []), [areas]);
  return useCallback((located: Record<string, string>) => {
    const code = base ? located[base] : undefined;
    return code ? names.get(code) ?? code : null;
  }, [names, base]);
}
