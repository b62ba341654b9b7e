import { useSyncExternalStore } from 'react';
import { ApiError, type LocalisedText } from '../shared/api.ts';

// The signed-in user and the CSRF token of the session, held in one small store outside React so
// that every page (and the fetch wrapper below) sees the same session without a provider.
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
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

const NETWORK: LocalisedText = { de: 'Der Server ist nicht erreichbar.', en: 'The server cannot be reached.' };

function isLocalisedText(value: unknown): value is LocalisedText {
  return typeof value === 'object' && value !== null
    && typeof (value as LocalisedText).de === 'string' && typeof (value as LocalisedText).en === 'string';
}

/** An ApiError that also carries the field the server named (validation errors). */
export class FieldError extends ApiError {
  readonly field: string | null;
  readonly details: unknown;
  constructor(code: string, status: number, text: LocalisedText, field: string | null, details: unknown) {
    super(code, status, text);
    this.field = field;
    this.details = details;
  }
}

async function errorFrom(response: Response): Promise<FieldError> {
  const body: unknown = await response.json().catch(() => null);
  const error = (body as { error?: { code?: unknown; message?: unknown; location?: { field?: unknown }; details?: unknown } } | null)?.error;
  const text = isLocalisedText(error?.message)
    ? error.message
    : { de: `Fehler ${response.status} vom Server.`, en: `Error ${response.status} from the server.` };
  const field = typeof error?.location?.field === 'string' ? error.location.field : null;
  return new FieldError(typeof error?.code === 'string' ? error.code : `http_${response.status}`, response.status, text, field, error?.details);
}

let pending: Promise<void> | null = null;

/** Asks the server who is signed in (GET /api/auth/me answers `{user: null}` for nobody). */
export function refreshSession(): Promise<void> {
  pending ??= (async () => {
    try {
      const response = await fetch('/api/auth/me', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const body = response.ok ? (await response.json()) as { user: SessionUser | null; csrfToken: string | null } : null;
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

/**
 * Every write of the client goes through here: JSON body, the session's `x-csrf-token`, the
 * server's bilingual error (with its field) as a FieldError. A 401 ends the session locally.
 */
export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new FieldError('network', 0, NETWORK, null, undefined);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && path !== '/api/auth/login') setState({ status: 'anonymous', user: null, csrfToken: null });
    throw error;
  }
  if (response.status === 204) return null as T;
  return (await response.json().catch(() => null)) as T;
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
