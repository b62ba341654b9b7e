// The one typed configuration of Lernort. Every variable is documented in the README.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  port: number;
  host: string;
  /** Server PostgreSQL; when unset the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database (PGlite). */
  dataDir: string;
  /** Directory with the real open data bundle (leipzig/, flensburg/). */
  sharedDataDir: string;
  /** Recipe loaded on first start: a recipe key or "none". */
  initialRecipe: string;
  /** Projected CRS used for areas and distances. */
  projectedCrs: string;
  /** Secure cookies (behind HTTPS). */
  secureCookies: boolean;
  sessionTtlHours: number;
  maxUploadMb: number;
  logLevel: string;
  /**
   * Where the deployment's areas lie [minLon, minLat, maxLon, maxLat], to catch swapped axes and a
   * wrong CRS in geometry files; null switches the check off. Default: Germany with a margin.
   */
  expectedRegion: [number, number, number, number] | null;
}

const GERMANY: [number, number, number, number] = [5.5, 47, 15.5, 55.5];

/** LERNORT_EXPECTED_REGION: "minLon,minLat,maxLon,maxLat", or "none" to switch the check off. */
export function parseRegion(raw: string | undefined): [number, number, number, number] | null {
  if (raw === undefined || raw.trim() === '') return GERMANY;
  if (/^(none|off)$/i.test(raw.trim())) return null;
  const n = raw.split(',').map((x) => Number(x.trim()));
  const valid = n.length === 4 && n.every(Number.isFinite) && n[0] < n[2] && n[1] < n[3] && n[0] >= -180 && n[2] <= 180 && n[1] >= -90 && n[3] <= 90;
  if (!valid) throw new Error(`LERNORT_EXPECTED_REGION must be "minLon,minLat,maxLon,maxLat" or "none" / muss „minLon,minLat,maxLon,maxLat“ oder „none“ sein: ${raw}`);
  return n as [number, number, number, number];
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number / ${name} muss eine Zahl sein: ${raw}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intEnv('PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.LERNORT_DATA_DIR ?? path.join(projectRoot, '.lernort', 'db')),
    sharedDataDir: path.resolve(env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data')),
    initialRecipe: env.LERNORT_RECIPE ?? 'leipzig',
    projectedCrs: env.LERNORT_PROJECTED_CRS ?? 'EPSG:25833',
    secureCookies: env.LERNORT_SECURE_COOKIES === '1',
    sessionTtlHours: intEnv('LERNORT_SESSION_TTL_HOURS', 12),
    maxUploadMb: intEnv('LERNORT_MAX_UPLOAD_MB', 50),
    logLevel: env.LOG_LEVEL ?? 'info',
    expectedRegion: parseRegion(env.LERNORT_EXPECTED_REGION),
  };
}
