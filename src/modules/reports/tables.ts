// Named selections of areas: a user keeps a set of areas of one layer under a name (e.g. "Campus
// Grünau") and gets their aggregate in the atlas. Aggregates are never stored, always recomputed.
import { pgTable, serial, integer, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';
import { users } from '../../db/schema.ts';

export const selections = pgTable('selections', {
  id: serial('id').primaryKey(),
  ownerId: integer('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  layerKey: text('layer_key').notNull(),
  /** Area codes of the layer, as strings. */
  codes: jsonb('codes').$type<string[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('selections_owner').on(t.ownerId)]);
