// What is published to the public atlas, and under which confidentiality rule version.
import { pgTable, serial, integer, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const publications = pgTable('publications', {
  id: serial('id').primaryKey(),
  indicatorId: integer('indicator_id').notNull(),
  layerId: integer('layer_id').notNull(),
  /** A period, or '*' for all periods of the indicator. */
  period: text('period').notNull().default('*'),
  ruleVersion: text('rule_version').notNull(),
  publishedBy: text('published_by').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('publications_key').on(t.indicatorId, t.layerId, t.period)]);
