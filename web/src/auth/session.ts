import { useSyncExternalStore } from 'react';
import { ApiError, apiSend, connectSession, getJson } from '../shared/api.ts';
import { queryClient } from '../shared/useApi.ts';

// The signed-in user and the CSRF token of the session, held in one small store outside React so
// that every page (and the fetch layer in shared/api.ts) sees the same session without a provider.
// The server is the authority: this copy only decides what the UI offers.

export type Role = 'admin' | 'analyst' | 'planner' | 'coordinator' | 'provider' | 'viewer';
/** A permission of src/modules/users/permissions.ts; the server sends the user's list with GET /api/auth/me. */
export type Permission = 'signed-in' | 'data:read' | 'data:write' | 'registry:write' | 'registry:own' | 'uptake:write' | 'budget:write'
  | 'coordination:read' | 'coordination:write' | 'goals:read' | 'goals:write' | 'agreements:report' | 'agreements:party' | 'admin';

export interface SessionUser {
  username: string;
  displayName: string | null;
  role: Role | string;
  /** Coordinators: `{planningAreas: [codes], layer?}`; providers: `{organisationId}` (from GET /api/auth/me). */
  scope?: { planningAreas?: string[]; layer?: string; organisationId?: number } & Record<string, unknown>;
  /** The role's grants as the server decides them: the client has no copy of its own to drift. */
  permissions?: string[];
}

export interface SessionState {
  status: 'unknown' | 'anonymous' | 'signed-in';
  user: SessionUser | null;
  csrfToken: string | null;
}

let state: SessionState = { status: 'unknown', user: null, csrfToken: null };
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  // Signing out (or in as someone else) drops the cached answers of the previous user; pages ask
  // again for what they show. Signing in from anonymous keeps them, as the pages did before the
  // cache: what a user may newly see is asked for by the pages' session-dependent keys.
  const otherUser = state.status === 'signed-in' && next.status !== 'unknown' && next.user?.username !== state.user?.username;
  state = next;
  if (otherUser) void queryClient.invalidateQueries();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}


// The fetch layer asks for the CSRF token on every write and ends the session on a 401.
connectSession({
  csrfToken: () => state.csrfToken,
  onUnauthorized: () => setState({ status: 'anonymous', user: null, csrfToken: null }),
});

let pending: Promise<void> | null = null;

/** Asks the server who is signed in (GET /api/auth/me answers `{user: null}` for nobody). */
export function refreshSession(): Promise<void> {
  pending ??= (async () => {
    try {
      const body = await getJson<{ user: SessionUser | null; csrfToken: string | null }>('/api/auth/me').catch(() => null);
      if (body?.user && body.csrfToken) {
        setState({ status: 'signed-in', user: body.user, csrfToken: body.csrfToken });
      } else {
        setState({ status: 'anonymous', user: null, csrfToken: null });
      }
    } catch {
      setState({ status: 'anonymous', user: null, csrfToken: null });
    } finally {
      pending = null;
    }
  })();
  return pending;
}

export async function login(username: string, password: string): Promise<SessionUser> {
  const body = await apiSend<{ user: SessionUser; csrfToken: string }>('POST', '/api/auth/login', { username, password });
  setState({ status: 'signed-in', user: body.user, csrfToken: body.csrfToken });
  // The sign-in answer has no scope; GET /api/auth/me has (where the user's work is). A check
  // still running from the page load must not answer for the new session.
  await pending;
  await refreshSession();
  return state.user ?? body.user;
}

export async function logout(): Promise<void> {
  try {
    await apiSend('POST', '/api/auth/logout');
  } finally {
    setState({ status: 'anonymous', user: null, csrfToken: null });
  }
}

/** Changes the password; the server ends every session of the user, so sign in again afterwards. */
export async function changePassword(current: string, next: string): Promise<void> {
  await apiSend('POST', '/api/auth/password', { current, next });
  setState({ status: 'anonymous', user: null, csrfToken: null });
}

export interface Session extends SessionState {
  can: (permission: Permission) => boolean;
  /** May change this facility: registry writers any, providers their own organisation's. */
  canEditFacility: (organisationId: number | null | undefined) => boolean;
}

/** The organisation a provider is limited to (null: not limited or not a provider). */
export function ownOrganisation(user: SessionUser | null): number | null {
  if (!user || user.role !== 'provider') return null;
  const id = Number(user.scope?.organisationId);
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function useSession(): Session {
  const current = useSyncExternalStore(subscribe, getSession, getSession);
  if (current.status === 'unknown' && !pending) void refreshSession();
  const can = (permission: Permission) => current.status === 'signed-in' && (current.user?.permissions ?? []).includes(permission);
  return {
    ...current,
    can,
    canEditFacility: (organisationId) => can('registry:write')
      || (can('registry:own') && organisationId != null && organisationId === ownOrganisation(current.user)),
  };
}
