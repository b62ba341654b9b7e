import { getJson } from '../shared/api.ts';
import { apiSend } from '../shared/api.ts';

// Client shapes of the user administration (src/modules/users/routes.ts, permission 'admin').

export const ROLES = ['admin', 'analyst', 'planner', 'coordinator', 'provider', 'viewer'] as const;
export type RoleName = (typeof ROLES)[number];

/** Coordinators `{planningAreas, layer?}`, providers `{organisationId}`, the other roles `{}`. */
export type UserScope = { planningAreas?: string[]; layer?: string; organisationId?: number } & Record<string, unknown>;

export interface ListedUser { username: string; displayName: string | null; role: string; disabled: boolean; scope: UserScope }

export interface NewUser { username: string; displayName: string | null; role: RoleName; password: string; scope: UserScope }
export interface UserChange { role?: RoleName; scope?: UserScope; displayName?: string | null; disabled?: boolean }

export const getUsers = (signal?: AbortSignal) => getJson<ListedUser[]>('/api/users', signal);
export const createUser = (body: NewUser) => apiSend<ListedUser>('POST', '/api/users', body);
export const updateUser = (username: string, body: UserChange) => apiSend<ListedUser>('PATCH', `/api/users/${encodeURIComponent(username)}`, body);
/** Without a password the server makes a one-time one and answers it once. */
export const resetPassword = (username: string, password: string | null) =>
  apiSend<{ ok: boolean; password: string | null }>('POST', `/api/users/${encodeURIComponent(username)}/password`, password ? { password } : {});

/** The scope a role needs (the server checks the same): planning areas for coordinators, an organisation for providers. */
export function scopeFor(role: string, areas: string[], layer: string | undefined, organisationId: number | null): UserScope {
  if (role === 'coordinator') return layer ? { planningAreas: areas, layer } : { planningAreas: areas };
  if (role === 'provider') return organisationId !== null ? { organisationId } : {};
  return {};
}
