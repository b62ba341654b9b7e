// What a user account is linked to, as typed rows instead of a JSON scope: the organisation (Träger)
// a provider works for, the planning areas a coordinator is responsible for. The access module's
// row rules compare these with the organisations and planning areas of the row being changed.
import { pgTable, integer, text, primaryKey, index } from 'drizzle-orm/pg-core';
import { users } from '../../db/schema.ts';
import { organisations } from '../organisations/tables.ts';

/** A provider's organisation (one today; the table allows several). */
export const userOrganisations = pgTable('user_organisations', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.userId, t.organisationId] }), index('user_organisations_organisation').on(t.organisationId)]);

/** A coordinator's planning areas, by area code; the layer key when the scope names one. */
export const userPlanningAreas = pgTable('user_planning_areas', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  areaCode: text('area_code').notNull(),
  layerKey: text('layer_key'),
}, (t) => [primaryKey({ columns: [t.userId, t.areaCode] }), index('user_planning_areas_code').on(t.areaCode)]);
