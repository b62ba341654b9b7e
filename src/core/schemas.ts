// Request schemas that several modules' routes share, defined once (zod is a pure library).
import { z } from 'zod';

/** An indicator, layer or recipe key. */
export const keySchema = z.string().min(1).max(64);

/** An area's code within its layer (as the statistics office writes it: digits, letters, dots). */
export const areaCodeSchema = z.string().min(1).max(64);

/** A period as the store keeps it: a year, a month or a reference day. */
export const periodSchema = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'period: YYYY, YYYY-MM or YYYY-MM-DD');

/** Map geometry detail: a tolerance in metres of the projected CRS, 0 for full detail, or "auto". */
export const simplifySchema = z.union([z.literal('auto'), z.coerce.number().min(0).max(10_000)]).default(0)
  .describe('Tolerance in metres (projected CRS); 0 = full detail; "auto" = the step for a map showing the whole layer. Vertices are quantised to the tolerance, neighbours keep common edges.');
