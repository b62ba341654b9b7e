import { useApi } from '../shared/useApi.ts';
import { getLayers } from './api.ts';
import { layerRoles, type LayerRoles } from './roles.ts';

/** The layers' roles from GET /api/layers (cached; no roles until the layers have arrived). */
export function useLayerRoles(): LayerRoles {
  const layers = useApi('layers', getLayers);
  return layerRoles(layers.state === 'ready' ? layers.data : []);
}
