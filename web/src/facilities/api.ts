import type { FeatureCollection, Point } from 'geojson';
import { getJson, query } from '../shared/api.ts';
import { apiSend } from '../shared/api.ts';

// Client shapes of src/modules/facilities (registry, supply, accessibility).

export type Status = 'active' | 'inactive' | 'closed';

export interface FacilityProps {
  id: number;
  name: string;
  type: string;
  organisationId: number | null;
  organisation: string | null;
  address: Record<string, string>;
  lon: number | null;
  lat: number | null;
  locationStatus: string;
  accessibility: string | null;
  status: Status;
  externalId: string | null;
  capacity: number | null;
  areas: Record<string, string>;
  domains: string[];
}

export interface Service {
  id: number;
  name: string;
  description: string | null;
  domain: string;
  organisationId: number | null;
  organisation: string | null;
  ageMin: number | null;
  ageMax: number | null;
  capacity: number | null;
  capacityUnit: string | null;
  capacityAsOf: string | null;
  fundingSource: string | null;
  status: Status;
  facilityIds: number[];
  serviceAreas: { layer: string; code: string; name?: string }[];
}

export interface FacilityDetail extends FacilityProps {
  services: Service[];
}

export interface Taxon { key: string; name: string; nameEn: string; sort: number }
export interface Norm { key: string; name: string; nameEn: string; domain: string | null; facilityType: string | null; targetIndicator: string; ratio: number; unit: string; source?: string | null }

export type FacilityCollection = FeatureCollection<Point | null, FacilityProps>;

export interface SupplyReport {
  layer: string;
  period: string;
  subject: string;
  indicators: { key: string; values: number }[];
  rows: { code: string; name: string; facilities: number; places: number | null; services: number; perThousand: number | null; placesPer100: number | null; norms: Record<string, { required: number | null; gap: number | null }> }[];
}

export interface AccessReport {
  indicator: string;
  layer: string;
  period: string;
  method: string;
  parameters: Record<string, unknown>;
  supplyIsCount: boolean;
  unreachedFacilities: number;
  invariant: { sumPA: number; sumS: number };
  rows: { code: string; name: string; population: number | null; access: number | null }[];
}

export const getFacilities = (filter: { type?: string; status?: string; domain?: string; organisation?: number }, signal?: AbortSignal) =>
  getJson<FacilityCollection>(`/api/facilities?${query(filter)}`, signal);
export const getFacility = (id: number, signal?: AbortSignal) => getJson<FacilityDetail>(`/api/facilities/${id}`, signal);
export const getTypes = (signal?: AbortSignal) => getJson<Taxon[]>('/api/facility-types', signal);
export const getDomains = (signal?: AbortSignal) => getJson<Taxon[]>('/api/service-domains', signal);
export const getNorms = (signal?: AbortSignal) => getJson<Norm[]>('/api/planning-norms', signal);
export const getServices = (filter: { layer?: string; code?: string; domain?: string; facility?: number }, signal?: AbortSignal) =>
  getJson<Service[]>(`/api/services?${query(filter)}`, signal);

export interface Organisation { id: number; name: string; kind: string | null; legalForm: string | null; contact: unknown; url: string | null; externalId: string | null }
export const getOrganisations = (signal?: AbortSignal) => getJson<Organisation[]>('/api/organisations', signal);

export interface FacilityInput { name: string; type: string; organisationId: number | null; address: Record<string, string>; lon: number | null; lat: number | null; accessibility: string | null; status: Status }
export interface ServiceInput { name: string; domain: string; organisationId: number | null; description: string | null; ageMin: number | null; ageMax: number | null; capacity: number | null; capacityUnit: string | null; capacityAsOf: string | null; fundingSource: string | null; status: Status; facilityIds: number[]; serviceAreas: { layer: string; code: string }[] }
export interface NormInput { name: string; nameEn: string; domain: string | null; facilityType: string | null; targetIndicator: string; ratio: number; unit: string; source: string | null }

export const saveFacility = (id: number | null, body: FacilityInput) =>
  apiSend<FacilityProps>(id === null ? 'POST' : 'PUT', id === null ? '/api/facilities' : `/api/facilities/${id}`, body);
export const deleteFacility = (id: number) => apiSend<null>('DELETE', `/api/facilities/${id}`);
export const saveService = (id: number | null, body: ServiceInput) =>
  apiSend<Service>(id === null ? 'POST' : 'PUT', id === null ? '/api/services' : `/api/services/${id}`, body);
export const deleteService = (id: number) => apiSend<null>('DELETE', `/api/services/${id}`);
export const saveNorm = (key: string, body: NormInput) => apiSend<Norm>('PUT', `/api/planning-norms/${encodeURIComponent(key)}`, body);
export const computeSupply = (body: { layer: string; type?: string; domain?: string; populationIndicator?: string; targetIndicator?: string }) =>
  apiSend<SupplyReport>('POST', '/api/facilities/supply', body);
export const computeAccess = (body: { layer: string; type?: string; domain?: string; method: string; cutoff?: number; decay?: 'steps' | 'gaussian'; speedKmh: number; detour: number; demandPoints: 'centroid' | 'surface' }) =>
  apiSend<AccessReport>('POST', '/api/facilities/accessibility', body);
