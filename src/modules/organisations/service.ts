// Organisations (Träger, HSDS organization): the registry of public and free providers. Other
// modules (facilities, coordination, goals, users) reach them only through this service.
import type { Queryable } from '../../db/connection.ts';
import { notFound } from '../../core/errors.ts';
import * as repo from './repo.ts';
import type { OrganisationInput } from './schema.ts';

export type { OrganisationRow } from './repo.ts';

const toApi = (o: repo.OrganisationRow) => ({ id: o.id, name: o.name, kind: o.kind, legalForm: o.legal_form, contact: o.contact, url: o.url, externalId: o.external_id });
export type Organisation = ReturnType<typeof toApi>;

const NOT_FOUND = 'Träger / organisation';

export const listOrganisations = async (q: Queryable) => (await repo.listOrganisations(q)).map(toApi);

export async function getOrganisation(q: Queryable, id: number): Promise<Organisation> {
  const o = await repo.findOrganisation(q, id);
  if (!o) throw notFound(NOT_FOUND, String(id));
  return toApi(o);
}

export async function saveOrganisation(q: Queryable, id: number | null, o: OrganisationInput): Promise<Organisation> {
  const saved = await repo.saveOrganisation(q, id, { name: o.name, kind: o.kind, legalForm: o.legalForm ?? null, contact: o.contact, url: o.url ?? null, externalId: o.externalId ?? null });
  if (saved === undefined) throw notFound(NOT_FOUND, String(id));
  return getOrganisation(q, saved);
}

export async function deleteOrganisation(q: Queryable, id: number): Promise<void> {
  if (!(await repo.deleteOrganisation(q, id))) throw notFound(NOT_FOUND, String(id));
}

/** The organisation of that name (case-insensitive), created as a free Träger when there is none (imports). */
export async function findOrCreateByName(q: Queryable, name: string): Promise<number> {
  return (await repo.findOrganisationByName(q, name))
    ?? (await repo.saveOrganisation(q, null, { name, kind: 'free', legalForm: null, contact: {}, url: null, externalId: null }))!;
}

/** id → name, for listings that show the Träger beside a facility or offer. */
export const namesOf = (q: Queryable, ids: (number | null)[]) => repo.namesOf(q, [...new Set(ids.filter((x): x is number => x !== null))]);

/** Whether the organisation exists. */
export const exists = async (q: Queryable, id: number) => (await repo.existing(q, [id])).length > 0;

/** The raw rows (HSDS export). */
export const listRows = (q: Queryable) => repo.listOrganisations(q);
