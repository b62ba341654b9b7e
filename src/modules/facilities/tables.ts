// The registry, modelled on Open Referral HSDS (organisation → service → location), in the terms of
// German youth-welfare planning: Träger, Einrichtung/Standort, Angebot, Versorgungsgebiet.
import { pgTable, serial, integer, text, doublePrecision, timestamp, date, jsonb, uniqueIndex, index, primaryKey } from 'drizzle-orm/pg-core';
import { point4326 } from '../../db/types.ts';
import { organisations } from '../organisations/tables.ts';

/** Facility types (Kita, Grundschule, Jugendclub …), configurable. */
export const facilityTypes = pgTable('facility_types', {
  key: text('key').primaryKey(),
  nameDe: text('name_de').notNull(),
  nameEn: text('name_en').notNull(),
  sort: integer('sort').notNull().default(0),
});

/** Einrichtung/Standort (HSDS location). Coordinates may be missing: kept and flagged. */
export const facilities = pgTable('facilities', {
  id: serial('id').primaryKey(),
  organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
  name: text('name').notNull(),
  typeKey: text('type_key').notNull(),
  address: jsonb('address').notNull().default({}),
  geom: point4326('geom'),
  /** 'ok', 'missing' (no coordinates), 'outside' (outside every area of the base layer). */
  locationStatus: text('location_status').notNull().default('ok'),
  accessibility: text('accessibility'),
  /** active | inactive | closed */
  status: text('status').notNull().default('active'),
  externalId: text('external_id'),
  importId: integer('import_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('facilities_type').on(t.typeKey), uniqueIndex('facilities_external').on(t.typeKey, t.externalId)]);

/** The area of each layer a facility lies in (recomputed when areas change). */
export const facilityAreas = pgTable('facility_areas', {
  facilityId: integer('facility_id').notNull().references(() => facilities.id, { onDelete: 'cascade' }),
  layerId: integer('layer_id').notNull(),
  areaId: integer('area_id').notNull(),
}, (t) => [primaryKey({ columns: [t.facilityId, t.layerId] }), index('facility_areas_area').on(t.areaId)]);

/** Domains of services (Vertiefungsgebiete + Kindertagesbetreuung, Schule), configurable. */
export const serviceDomains = pgTable('service_domains', {
  key: text('key').primaryKey(),
  nameDe: text('name_de').notNull(),
  nameEn: text('name_en').notNull(),
  parentKey: text('parent_key'),
  sort: integer('sort').notNull().default(0),
});

/** Angebot (HSDS service). */
export const services = pgTable('services', {
  id: serial('id').primaryKey(),
  organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
  name: text('name').notNull(),
  description: text('description'),
  domainKey: text('domain_key').notNull(),
  ageMin: doublePrecision('age_min'),
  ageMax: doublePrecision('age_max'),
  capacity: doublePrecision('capacity'),
  capacityUnit: text('capacity_unit'),
  capacityAsOf: date('capacity_as_of'),
  /** Opening times (HSDS schedule-like JSON). */
  schedule: jsonb('schedule').notNull().default([]),
  fundingSource: text('funding_source'),
  /** active | inactive | closed */
  status: text('status').notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('services_domain').on(t.domainKey)]);

/** HSDS service_at_location. */
export const serviceLocations = pgTable('service_locations', {
  serviceId: integer('service_id').notNull().references(() => services.id, { onDelete: 'cascade' }),
  facilityId: integer('facility_id').notNull().references(() => facilities.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.serviceId, t.facilityId] })]);

/** Versorgungsgebiet: the planning areas (or other areas) an offer serves. */
export const serviceAreas = pgTable('service_areas', {
  serviceId: integer('service_id').notNull().references(() => services.id, { onDelete: 'cascade' }),
  areaId: integer('area_id').notNull(),
}, (t) => [primaryKey({ columns: [t.serviceId, t.areaId] })]);

/** Richtwerte: supply per target population, e.g. youth-centre places for 11.4 % of residents 6–<25. */
export const planningNorms = pgTable('planning_norms', {
  id: serial('id').primaryKey(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  domainKey: text('domain_key'),
  facilityTypeKey: text('facility_type_key'),
  /** Indicator key of the target population (e.g. residents aged 6–<25). */
  targetIndicator: text('target_indicator').notNull(),
  /** Places required per person of the target population (0.114 for 11.4 %). */
  ratio: doublePrecision('ratio').notNull(),
  unit: text('unit').notNull().default('Plätze'),
  description: text('description'),
  source: text('source'),
});
