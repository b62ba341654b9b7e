// Assembles the Fastify app from the modules. Cross-cutting rules live here once: the permission
// guard (deny by default), CSRF for state-changing requests, the one error handler, security headers.
import Fastify, { type FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { LernortError } from './core/errors.ts';
import { projectRoot } from './config.ts';
import type { App, AppContext } from './http.ts';
import { roleHas } from './modules/users/permissions.ts';
import { sessionFromToken } from './modules/users/service.ts';
import { forgetDataVersions } from './modules/system/service.ts';
import * as audit from './modules/audit/service.ts';
import * as access from './modules/access/service.ts';
import { wireListeners } from './listeners.ts';
import { userRoutes, SESSION_COOKIE } from './modules/users/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { areaRoutes } from './modules/areas/routes.ts';
import { indicatorRoutes } from './modules/indicators/routes.ts';
import { monitoringRoutes } from './modules/monitoring/routes.ts';
import { importRoutes } from './modules/imports/routes.ts';
import { indexRoutes } from './modules/indices/routes.ts';
import { facilityRoutes } from './modules/facilities/routes.ts';
import { organisationRoutes } from './modules/organisations/routes.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { publicationRoutes } from './modules/publication/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { uptakeRoutes } from './modules/uptake/routes.ts';
import { budgetRoutes } from './modules/budget/routes.ts';
import { coordinationRoutes } from './modules/coordination/routes.ts';
import { goalsRoutes } from './modules/goals/routes.ts';
import { demographyRoutes } from './modules/demography/routes.ts';

export const webDistDir = path.join(projectRoot, 'web', 'dist');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteEntry {
  method: string;
  url: string;
  permission: string;
  /** Names of the query parameters the route's schema declares (for tests that call every route). */
  query: string[];
  /** The route's row-level rule (modules/access), if it declares one. */
  access?: access.AccessDeclaration;
}

/** Routes that are not API data routes: the OpenAPI browser and the client's static files. */
const isExemptRoute = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/') || !url.startsWith('/api/');

function queryKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

const SECRET_FIELD = /password|token|secret/i;

/** The request body as the audit log keeps it: no secrets, no uploads, at most a few KB. */
function auditableBody(body: unknown): unknown {
  if (body === undefined || body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return undefined;
  const clean = JSON.parse(JSON.stringify(body, (k, v) => (SECRET_FIELD.test(k) ? '[redacted]' : v)));
  const text = JSON.stringify(clean);
  return text.length > 4096 ? { truncated: text.slice(0, 4096) } : clean;
}

/** The generic audit entry of a write: entity from the route, id from its parameters. */
async function auditWrite(ctx: AppContext, req: FastifyRequest, route: string, status: number): Promise<void> {
  const segments = route.replace(/^\/api\//, '').split('/');
  const entity = segments[0];
  const last = segments[segments.length - 1];
  const action = req.method === 'DELETE' ? 'delete' : req.method === 'PUT' || req.method === 'PATCH' ? 'update'
    : segments.length > 1 && !last.startsWith(':') ? last : 'create';
  const params = (req.params ?? {}) as Record<string, unknown>;
  const entityId = Object.values(params).map(String).join('/') || null;
  const user = req.auth?.user;
  await audit.record(ctx.db.pool, {
    actor: { id: user?.id ?? null, username: user?.username ?? 'anonymous' }, action, entity, entityId,
    // Sign-in and password bodies are credentials: never logged, whatever their field names.
    after: { route: `${req.method} ${route}`, status, params, body: route.startsWith('/api/auth/') ? undefined : auditableBody(req.body) },
  });
}

/** The path as the router sees it: percent-decoded, so /%61pi is /api. */
function decodedPath(url: string): string {
  const raw = url.split('?')[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Every API route with its declared permission (for the route × role matrix test and the docs). */
export const routeTable: RouteEntry[] = [];

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<App> {
  wireListeners();
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.logLevel } : false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', undefined);
  routeTable.length = 0;

  // gzip and brotli for API answers and the client's files above 1 KB (GeoJSON and the bundle shrink
  // to a fifth or less). Brotli at quality 5: most of its gain at a fraction of quality 11's time,
  // which matters because API answers are compressed on every request.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
    zlibOptions: { level: 6 },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadMb * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Lernort API', description: 'Sozialräumliches Bildungsmanagement / socio-spatial education management', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Deny by default: a route without a declared permission cannot be reached. Only the OpenAPI
  // browser (its own plugin routes) and the static client are exempt, and they carry no data.
  const undeclared: string[] = [];
  app.addHook('onRoute', (route) => {
    if (isExemptRoute(route.url)) return;
    const permission = route.config?.permission;
    if (!permission) undeclared.push(`${route.method} ${route.url}`);
    const query = queryKeys(route.schema?.querystring);
    const rule = route.config?.access;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url, permission: permission ?? 'undeclared', query, ...(rule ? { access: rule } : {}) });
  });

  // The guard decides on the route the router matched (its declared permission), never on the
  // spelling of the URL: /%61pi/…, //api/…, /api/./… reach the same handler, so they meet the same rule.
  app.addHook('onRequest', async (req) => {
    const matched = req.routeOptions.url;
    if (matched === undefined) return; // no route: the 404 handler answers, it serves no data
    if (isExemptRoute(matched)) return;
    req.auth = await sessionFromToken(ctx.db, req.cookies[SESSION_COOKIE]);
    const permission = req.routeOptions.config?.permission;
    if (!permission) throw new LernortError('FORBIDDEN', 'Zugriff verweigert.', 'Access denied.', { status: 403 });
    if (!roleHas(req.auth?.user.role, permission)) {
      if (!req.auth) throw new LernortError('AUTH_REQUIRED', 'Bitte melden Sie sich an.', 'Please sign in.', { status: 401 });
      throw new LernortError('FORBIDDEN', 'Ihre Rolle darf das nicht.', 'Your role may not do this.', { status: 403 });
    }
    // CSRF: a state-changing request by a signed-in user must echo the session's token.
    if (!SAFE_METHODS.has(req.method) && req.auth && req.headers['x-csrf-token'] !== req.auth.csrfToken) {
      throw new LernortError('CSRF_TOKEN_INVALID', 'Sicherheitstoken fehlt oder ist ungültig (CSRF).', 'Security token missing or invalid (CSRF).', { status: 403 });
    }
  });

  // Row-level access, declared with the route (config.access) and decided here once, after the
  // permission guard and the request's validation, on the route the router matched: a row the
  // caller may not act on answers 404, as if it did not exist.
  app.addHook('preHandler', async (req) => {
    const rule = req.routeOptions.config?.access;
    if (rule) await access.enforce(ctx.db.pool, req.auth?.user, rule, (req.params ?? {}) as Record<string, unknown>);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    // A successful write changes data: cached answers must not outlive it in this process.
    if (!SAFE_METHODS.has(req.method) && reply.statusCode < 400) {
      forgetDataVersions();
      // Every write leaves an audit entry: routes whose service records before/after say so.
      const matched = req.routeOptions.url;
      if (matched && !isExemptRoute(matched) && req.routeOptions.config?.audit !== 'self') await auditWrite(ctx, req, matched, reply.statusCode);
    }
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    if (ctx.config.secureCookies) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (decodedPath(req.url).startsWith('/api/docs')) {
      // The OpenAPI browser needs its own inline bootstrap script and styles, nothing from elsewhere.
      reply.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
      );
    } else {
      // MapLibre needs blob: workers and inline styles; scripts come only from us.
      reply.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; worker-src 'self' blob:; child-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
      );
    }
    return payload;
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof LernortError) {
      reply.status(err.status).send({ error: { code: err.code, message: { de: err.de, en: err.en }, location: err.location, details: err.details } });
      return;
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = first?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || (first?.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') || undefined;
      reply.status(400).send({
        error: {
          code: 'REQUEST_INVALID',
          message: { de: `Ungültige Anfrage: ${first?.message ?? ''}`, en: `Invalid request: ${first?.message ?? ''}` },
          location: field ? { field } : undefined,
          details: err.validation.map((v) => ({ path: v.instancePath, message: v.message })),
        },
      });
      return;
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      // Framework 4xx (payload too large, bad JSON, rate limit): say what it is, never the internals.
      const code = (err as { code?: string }).code ?? 'REQUEST_INVALID';
      reply.status(status).send({ error: { code, message: { de: `Anfrage abgelehnt (${status}).`, en: `Request rejected (${status}): ${err.message}` } } });
      return;
    }
    req.log.error(err);
    reply.status(500).send({ error: { code: 'INTERNAL', message: { de: 'Interner Fehler. Der Vorfall wurde protokolliert.', en: 'Internal error. The incident was logged.' } } });
  });

  userRoutes(app, ctx);
  systemRoutes(app, ctx);
  areaRoutes(app, ctx);
  indicatorRoutes(app, ctx);
  monitoringRoutes(app, ctx);
  importRoutes(app, ctx);
  indexRoutes(app, ctx);
  facilityRoutes(app, ctx);
  organisationRoutes(app, ctx);
  reportRoutes(app, ctx);
  publicationRoutes(app, ctx);
  auditRoutes(app, ctx);
  uptakeRoutes(app, ctx);
  budgetRoutes(app, ctx);
  coordinationRoutes(app, ctx);
  goalsRoutes(app, ctx);
  demographyRoutes(app, ctx);

  app.setNotFoundHandler((req, reply) => {
    const p = decodedPath(req.url);
    // API paths in any spelling and dot-files (/.env, /.git/config) are never answered with the app shell.
    if (/^[/\\]+api(?![a-z0-9_-])/i.test(p) || p.split(/[/\\]/).some((seg) => seg.startsWith('.'))) {
      reply.status(404).send({ error: { code: 'NOT_FOUND', message: { de: 'Diese Adresse gibt es nicht.', en: 'No such route.' } } });
      return;
    }
    // The client does its own routing (hash routes); anything else gets the app shell.
    if (fs.existsSync(path.join(webDistDir, 'index.html'))) reply.type('text/html').sendFile('index.html');
    else reply.status(404).type('text/plain').send('Web client not built: run `npm run build`.');
  });
  if (fs.existsSync(webDistDir)) {
    // @fastify/static sends .mjs (the MapLibre worker) as application/javascript, which browsers accept.
    // Vite names every file under assets/ after its content hash: cache those for a year. The
    // app shell (index.html) must be revalidated every time, or a new release would never load.
    await app.register(fastifyStatic, {
      root: webDistDir,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        const immutable = path.relative(webDistDir, filePath).split(path.sep)[0] === 'assets';
        res.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  await app.ready();
  if (undeclared.length > 0) throw new Error(`Routes without a declared permission: ${undeclared.join(', ')}`);
  const badRules = routeTable.flatMap((r) => (r.access ? access.checkDeclaration(r.url, r.access).map((p) => `${r.method} ${p}`) : []));
  if (badRules.length > 0) throw new Error(`Routes with a broken access rule: ${badRules.join('; ')}`);
  return app;
}
