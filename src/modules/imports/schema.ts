// The API shapes of imports: the validation report every import answers with, and the import record.
import { z } from 'zod';
import { problemSchema } from '../../core/schemas.ts';

/** The validation report of an import (service.ImportReport): status committed, dry_run or rejected. */
export const importReportSchema = z.object({
  id: z.number().nullable(), status: z.string(), file: z.string(), fileHash: z.string(), format: z.string(),
  rowsRead: z.number(), rowsWritten: z.number(), rowsRejected: z.number(), errors: z.array(problemSchema), warnings: z.array(problemSchema),
  unmatched: z.array(z.object({ name: z.string(), lines: z.array(z.number()), status: z.string(), suggestions: z.array(z.object({ code: z.string(), name: z.string(), layer: z.string(), score: z.number() })) })),
  mapped: z.array(z.object({ name: z.string(), code: z.string(), layer: z.string(), how: z.string() })),
  indicators: z.array(z.object({ key: z.string(), values: z.number() })), periods: z.array(z.string()), areas: z.number(),
  /** What else happened: layerCreated, linked (parents/children/members), published. */
  extra: z.record(z.string(), z.unknown()).optional(),
});

/** An import record as stored (routes.toApi); `report` is the stored validation report. */
export const importRecordSchema = z.object({
  id: z.number(), actor: z.string(), kind: z.string(), fileName: z.string(), fileHash: z.string(), recipe: z.string().nullable(), status: z.string(), dryRun: z.boolean(),
  startedAt: z.date(), finishedAt: z.date().nullable(), rowsRead: z.number(), rowsWritten: z.number(), rowsRejected: z.number(),
  warnings: z.array(problemSchema), errors: z.array(problemSchema),
  report: z.record(z.string(), z.unknown()).describe('the stored validation report (open: its shape follows the import kind)'),
});
