import { useEffect } from 'react';
import { getLayers, type Layer } from '../areas/api.ts';
import { layerRoles } from '../areas/roles.ts';
import type { SessionUser } from './session.ts';
import { ownOrganisation, useSession } from './session.ts';
import { currentHash, hashHref, replaceLocation } from '../shared/route.ts';

// Every role lands where its work is (issue 19 §13): an admin on the user list, an analyst on the
// data desk's imports, a planner on the facilities, a coordinator on the coordination page of their
// planning area, a provider on their organisation's page; a viewer stays on the atlas.

/** The layer a coordinator's planning-area codes belong to: named in the scope, else the deployment's grouping layer. */
export function planningLayer(user: SessionUser | null, layers: Layer[]): Layer | undefined {
  const named = typeof user?.scope?.layer === 'string' ? layers.find((l) => l.key === user.scope!.layer) : undefined;
  return named ?? layerRoles(layers).grouping;
}

/** The address of the user's workspace, or null when the role has none of its own (viewers: the atlas). */
export function workspaceFor(user: SessionUser | null, layers: Layer[]): string | null {
  if (!user) return null;
  switch (user.role) {
    case 'admin': return '#/verwaltung/benutzer';
    case 'analyst': return '#/daten/importe';
    case 'planner': return '#/einrichtungen';
    case 'coordinator': {
      const code = user.scope?.planningAreas?.[0];
      const layer = planningLayer(user, layers);
      return code && layer ? hashHref(['koordination', 'gebiet', layer.key, String(code)]) : null;
    }
    case 'provider': {
      const organisation = ownOrganisation(user);
      return organisation !== null ? hashHref(['traeger', organisation]) : null;
    }
    default: return null;
  }
}

/** The start page (the atlas without a selection): where a signed-in user is sent to their workspace. */
export function isStartPage(hash: string): boolean {
  return hash === '' || hash === '#' || hash === '#/';
}

/**
 * Where to go after signing in: coordinators and providers always to their workspace (their work is
 * only there); the other roles only from the start page, so signing in on a page keeps that page.
 */
export function signInTarget(user: SessionUser | null, layers: Layer[], hash: string): string | null {
  const target = workspaceFor(user, layers);
  if (!target || target === hash) return null;
  if (user?.role === 'coordinator' || user?.role === 'provider' || isStartPage(hash)) return target;
  return null;
}

// The address the page was opened with: a signed-in user who opens the start page lands on their
// workspace once; the atlas link ("#/") afterwards shows the atlas.
const openedOnStart = typeof window !== 'undefined' && isStartPage(currentHash());
let landed = false;

/** Sends a signed-in user who opened the start page to their workspace (once per page load). */
export function useWorkspaceLanding(): void {
  const session = useSession();
  const user = session.status === 'signed-in' ? session.user : null;
  useEffect(() => {
    if (session.status === 'unknown') return;
    if (!user || landed || !openedOnStart) {
      if (session.status === 'anonymous') landed = true; // signing in later is the dialog's business
      return;
    }
    landed = true;
    void (async () => {
      const layers = user.role === 'coordinator' ? await getLayers().catch(() => []) : [];
      const target = workspaceFor(user, layers);
      // Replaced, not pushed: "back" leaves the app instead of bouncing to the workspace again.
      if (target && isStartPage(currentHash())) replaceLocation(target);
    })();
  }, [session.status, user]);
}
