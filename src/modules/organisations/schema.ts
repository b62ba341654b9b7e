// The API shapes of organisations (Träger).
import { z } from 'zod';

export const organisationInput = z.object({
  name: z.string().min(1).max(300),
  /** öffentlicher (public) or freier (free) Träger */
  kind: z.enum(['public', 'free']).default('free'),
  legalForm: z.string().max(100).nullable().optional(),
  contact: z.record(z.string(), z.string()).default({}),
  url: z.string().max(500).nullable().optional(),
  externalId: z.string().max(200).nullable().optional(),
});
export type OrganisationInput = z.infer<typeof organisationInput>;

export const attachInput = z.object({
  attach: z.array(z.number().int().positive()).max(5000).default([]),
  detach: z.array(z.number().int().positive()).max(5000).default([]),
});

/** An organisation (Träger) as the API answers it (service.toApi). */
export const organisationSchema = z.object({
  id: z.number(), name: z.string(), kind: z.string().describe('public (öffentlicher) or free (freier) Träger'), legalForm: z.string().nullable(),
  contact: z.record(z.string(), z.unknown()).describe('as saved: email, phone, … (strings)'), url: z.string().nullable(), externalId: z.string().nullable(),
});
