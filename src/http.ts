// Shared HTTP plumbing used by every module's routes.ts: the app type, the error shape, the
// request's session. Modules never throw HTTP errors; they throw LernortError, mapped here.
import type { FastifyRequest, FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LernortError } from './core/errors.ts';
import type { Database } from './db/connection.ts';
import type { Config } from './config.ts';
import type { Permission } from './modules/users/permissions.ts';
import type { Session } from './modules/users/service.ts';
import type { AccessDeclaration } from './modules/access/rules.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface AppContext {
  db: Database;
  config: Config;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Session | undefined;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    /**
     * 'self': the route's service writes its own audit entry with before/after (imports, indicators,
     * publications, users). Every other successful write is audited by the app (see server.ts).
     */
    audit?: 'self';
    /**
     * The row-level rule of a route that addresses one row by a parameter: which entity, which
     * parameter, which rule (modules/access). Enforced centrally after the permission guard; a row
     * the caller may not act on answers 404.
     */
    access?: AccessDeclaration;
  }
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.object({ de: z.string(), en: z.string() }),
    location: z.object({ file: z.string().optional(), line: z.number().optional(), field: z.string().optional() }).optional(),
    details: z.unknown().optional(),
  }),
});

/** Standard error responses for the OpenAPI description of a route. */
export const errorResponses = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

/**
 * The one file of a multipart upload (field "file") as bytes, with the other form fields; a request
 * without a file is a 400, a file over the configured limit a 413 naming the file.
 */
export async function uploadedFile(req: FastifyRequest, maxUploadMb: number): Promise<{ fileName: string; bytes: Buffer; fields: Record<string, unknown> }> {
  if (!req.isMultipart()) throw new LernortError('UPLOAD_EXPECTED', 'Bitte eine Datei als multipart/form-data senden.', 'Please send a file as multipart/form-data.');
  const part = await req.file();
  if (!part) throw new LernortError('UPLOAD_EXPECTED', 'Keine Datei empfangen.', 'No file received.', { location: { field: 'file' } });
  try {
    return { fileName: part.filename, bytes: await part.toBuffer(), fields: part.fields as Record<string, unknown> };
  } catch {
    throw new LernortError('DOCUMENT_TOO_LARGE', `Die Datei ist größer als ${maxUploadMb} MB.`, `The file is larger than ${maxUploadMb} MB.`, { status: 413, location: { file: part.filename } });
  }
}
