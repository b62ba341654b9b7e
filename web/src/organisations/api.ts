import { getJson } from '../shared/api.ts';
import { apiSend } from '../shared/api.ts';
import type { Organisation } from '../facilities/api.ts';

// Client shapes of the Träger routes (GET/POST/PUT /api/organisations, POST /api/organisations/{id}/facilities).
// Reading needs data:read, writing registry:write; a provider reads its own facilities through the
// public facility and offer lists instead.

export type { Organisation };
export interface OrganisationInput { name: string; kind: 'public' | 'free'; legalForm: string | null; contact: Record<string, string>; url: string | null; externalId: string | null }

export const getOrganisation = (id: number, signal?: AbortSignal) => getJson<Organisation>(`/api/organisations/${id}`, signal);
export const saveOrganisation = (id: number | null, body: OrganisationInput) =>
  apiSend<Organisation>(id === null ? 'POST' : 'PUT', id === null ? '/api/organisations' : `/api/organisations/${id}`, body);
/** Attaches facilities to the organisation (moving them from another) and detaches own ones; answers the organisation's facility ids. */
export const attachFacilities = (id: number, change: { attach?: number[]; detach?: number[] }) =>
  apiSend<{ organisationId: number; attached: number; detached: number; facilityIds: number[] }>('POST', `/api/organisations/${id}/facilities`, { attach: change.attach ?? [], detach: change.detach ?? [] });
