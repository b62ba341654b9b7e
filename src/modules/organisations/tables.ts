// Träger (HSDS organization): public or free providers. Their own module, because facilities,
// services, coordination, goals and user accounts all point at them.
import { pgTable, serial, text, timestamp, jsonb } from 'drizzle-orm/pg-core';

/** Träger (HSDS organization): public or free provider. */
export const organisations = pgTable('organisations', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** 'public' (öffentlicher Träger) or 'free' (freier Träger). */
  kind: text('kind').notNull().default('free'),
  legalForm: text('legal_form'),
  contact: jsonb('contact').notNull().default({}),
  url: text('url'),
  externalId: text('external_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
