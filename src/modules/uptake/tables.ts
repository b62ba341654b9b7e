// Uptake of city-wide services (Inanspruchnahme) by area of residence. Only aggregates are stored:
// participants per service × area × period × age band × sex. A participant list is turned into these
// counts while it is read; no name, address, coordinate, postcode or row of it is ever written, and
// the uploaded file is not kept (the import record holds counts and a hash, nothing else).
import { pgTable, serial, integer, text, timestamp, jsonb, primaryKey, index } from 'drizzle-orm/pg-core';
import { areas } from '../../db/schema.ts';
import { services } from '../facilities/tables.ts'; // foreign key to the registry's offers

/** A city-wide service (Ferienpass, Musikschule, Leipzig-Pass …) and who it is meant for. */
export const uptakeServices = pgTable('uptake_services', {
  id: serial('id').primaryKey(),
  key: text('key').notNull().unique(),
  nameDe: text('name_de').notNull(),
  nameEn: text('name_en').notNull(),
  domainKey: text('domain_key'),
  /** The offer in the registry this service is, when it is one (HSDS service id). */
  registryServiceId: integer('registry_service_id').references(() => services.id, { onDelete: 'set null' }),
  /** Indicator with the target population (e.g. children 6–<15); alternative to age bands. */
  targetIndicator: text('target_indicator'),
  /** Age bands [{label, min, max, populationIndicator}]: target population per band, for standardisation. */
  ageBands: jsonb('age_bands').notNull().default([]),
  /** Indicator of those entitled (e.g. SGB II children), when eligibility narrows the target population. */
  eligibilityIndicator: text('eligibility_indicator'),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Participants as counts only; '' for an age band or sex that was not given. */
export const uptakeCounts = pgTable('uptake_counts', {
  serviceId: integer('service_id').notNull().references(() => uptakeServices.id, { onDelete: 'cascade' }),
  areaId: integer('area_id').notNull().references(() => areas.id, { onDelete: 'cascade' }),
  period: text('period').notNull(),
  ageBand: text('age_band').notNull().default(''),
  sex: text('sex').notNull().default(''),
  participants: integer('participants').notNull(),
  uptakeImportId: integer('uptake_import_id'),
}, (t) => [primaryKey({ columns: [t.serviceId, t.areaId, t.period, t.ageBand, t.sex] }), index('uptake_counts_period').on(t.serviceId, t.period)]);

/** One import of participants: how it was read and how many persons went where. No file content. */
export const uptakeImports = pgTable('uptake_imports', {
  id: serial('id').primaryKey(),
  serviceId: integer('service_id').notNull().references(() => uptakeServices.id, { onDelete: 'cascade' }),
  /** 'counts' (aggregated table) or 'list' (one row per participant, aggregated on reading). */
  source: text('source').notNull(),
  /** 'point', 'postcode' or 'aggregated'. */
  assignment: text('assignment').notNull(),
  layerKey: text('layer_key').notNull(),
  period: text('period').notNull(),
  fileHash: text('file_hash').notNull(),
  recordsRead: integer('records_read').notNull().default(0),
  participants: integer('participants').notNull().default(0),
  /** {outsideAreas, unknownPostcode} persons that could not be placed in an area. */
  unassigned: jsonb('unassigned').notNull().default({}),
  /** The observations import that wrote the uptake indicators. */
  observationImportId: integer('observation_import_id'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
