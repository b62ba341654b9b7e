// The API shapes of the audit log.
import { z } from 'zod';

/** The filter of the audit log and its CSV export. */
export const auditQuery = z.object({ entity: z.string().max(64).optional(), actor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(10_000).default(200), beforeId: z.coerce.number().int().positive().optional() });

/** An audit entry: who did what to which record, with the record before and after (as JSON, open). */
export const auditEntrySchema = z.object({
  id: z.number(), at: z.string(), actor: z.string(), action: z.string(), entity: z.string(), entityId: z.string().nullable(),
  before: z.unknown().describe('the record before the change (JSON), null for a creation'), after: z.unknown().describe('the record after the change (JSON), null for a deletion'),
});
