import type { Layer } from '../areas/api.ts';
import type { SessionUser } from './session.ts';
import { ownOrganisation } from './session.ts';

// Every role lands where its work is: a coordinator on the coordination page of their planning area, a
// provider on their organisation's facilities. Other roles stay on the page they signed in from.

/** The layer a coordinator's planning-area codes belong to: named in the scope, else the deployment's grouping layer. */
function planningLayer(user: SessionUser, layers: Layer[]): Layer | undefined {
  const named = typeof user.scope?.layer === 'string' ? layers.find((l) => l.key === user.scope!.layer) : undefined;
  return named ?? layers.find((l) => l.kind === 'grouping') ?? layers.find((l) => l.key.includes('planung'));
}

/** The address of the user's workspace, or null when the role has none of its own. */
export function workspaceFor(user: SessionUser | null, layers: Layer[]): string | null {
  if (!user) return null;
  if (user.role === 'coordinator') {
    const code = user.scope?.planningAreas?.[0];
    const layer = planningLayer(user, layers);
    return code && layer ? `#/koordination/gebiet/${encodeURIComponent(layer.key)}/${encodeURIComponent(String(code))}` : null;
  }
  const organisation = ownOrganisation(user);
  if (organisation !== null) return `#/einrichtungen?organisation=${organisation}`;
  return null;
}
