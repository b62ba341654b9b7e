// Foreseeable failures of a command that are not LernortErrors yet: a file that is missing or
// unreadable, a JSON file that does not parse, options that fail their schema, a database that
// cannot be reached or went away. They become bilingual LernortErrors (exit 2), so that no user
// sees "internal error" or a stack trace for them. Everything else stays an internal error.
import fs from 'node:fs';
import { LernortError, formatLocation, type Problem } from './core/errors.ts';

const FILE_ERRORS: Record<string, { de: string; en: string }> = {
  ENOENT: { de: 'Datei oder Verzeichnis nicht gefunden', en: 'File or directory not found' },
  EACCES: { de: 'Keine Berechtigung', en: 'Permission denied' },
  EPERM: { de: 'Keine Berechtigung', en: 'Permission denied' },
  EISDIR: { de: 'Ist ein Verzeichnis, keine Datei', en: 'Is a directory, not a file' },
  ENOTDIR: { de: 'Ein Teil des Pfads ist kein Verzeichnis', en: 'Part of the path is not a directory' },
  ENOSPC: { de: 'Kein Platz mehr auf dem Datenträger', en: 'No space left on the device' },
  EEXIST: { de: 'Existiert bereits (eine Datei, wo ein Verzeichnis sein soll?)', en: 'Already exists (a file where a directory should be?)' },
  EROFS: { de: 'Das Dateisystem ist schreibgeschützt', en: 'The file system is read-only' },
  EMFILE: { de: 'Zu viele offene Dateien', en: 'Too many open files' },
};

const DB_UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/** Reads and parses a JSON file given on the command line; says which file is wrong and why. */
export function readJsonFile(file: string, what: { de: string; en: string }): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    throw new LernortError('JSON_INVALID', `${what.de} ${file} ist kein gültiges JSON: ${reason}`, `${what.en} ${file} is not valid JSON: ${reason}`, { location: { file } });
  }
}

/** The LernortError a foreseeable failure stands for, or null for a real internal error. */
export function asUserError(err: unknown): LernortError | null {
  if (err instanceof LernortError) return err;
  if (!(err instanceof Error)) return null;
  const e = err as NodeJS.ErrnoException & { issues?: { path: (string | number)[]; message: string }[]; severity?: string };
  const code = typeof e.code === 'string' ? e.code : '';
  if (e.syscall && FILE_ERRORS[code]) {
    const m = FILE_ERRORS[code];
    // A read of a directory reports no path; the message still says what is wrong.
    const where = e.path ? `: ${e.path}` : '';
    return new LernortError(`FILE_${code}`, `${m.de}${where}`, `${m.en}${where}`, { location: e.path ? { file: e.path } : undefined });
  }
  if (e.name === 'ZodError' && Array.isArray(e.issues)) {
    const list = e.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return new LernortError('OPTIONS_INVALID', `Ungültige Angaben: ${list}`, `Invalid options: ${list}`, { details: e.issues });
  }
  if (DB_UNREACHABLE.has(code) || /^Connection terminated/.test(e.message)) {
    return new LernortError('DATABASE_UNREACHABLE',
      `Die Datenbank ist nicht erreichbar oder hat die Verbindung beendet (${code || e.message}). Läuft der Server noch? Prüfen Sie DATABASE_URL bzw. den Lernort-Server.`,
      `The database cannot be reached or closed the connection (${code || e.message}). Is the server still running? Check DATABASE_URL or the Lernort server.`, { status: 503 });
  }
  if (e.severity && /extension "postgis"/.test(e.message)) {
    return new LernortError('POSTGIS_MISSING',
      `Auf dem PostgreSQL-Server fehlt PostGIS (${e.message}). Installieren Sie es, z. B. apt-get install postgresql-15-postgis-3.`,
      `PostGIS is missing on the PostgreSQL server (${e.message}). Install it, e.g. apt-get install postgresql-15-postgis-3.`, { status: 503 });
  }
  // PostgreSQL: 08 connection, 28 authorisation, 3D000 unknown database, 53 out of resources.
  if (e.severity && /^(08|28|3D|53)/.test(code)) {
    return new LernortError('DATABASE_UNAVAILABLE',
      `Die Datenbank lehnt die Verbindung ab (${code}: ${e.message}). Prüfen Sie DATABASE_URL.`,
      `The database refused the connection (${code}: ${e.message}). Check DATABASE_URL.`, { status: 503 });
  }
  // Drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
  return e.cause !== undefined && e.cause !== err ? asUserError(e.cause) : null;
}

/** Exit code of a command that failed with this error: 2 for rejected input, 3 for the rest. */
export function exitCodeOf(err: LernortError): number {
  return err.status >= 500 && err.status !== 503 ? 3 : 2;
}

/** A command used wrongly (missing argument, unknown option): its message and the usage text, exit 1. */
export class UsageError extends Error {}

const isUsageError = (err: unknown): err is Error =>
  err instanceof UsageError || (err instanceof Error && String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS'));

/**
 * Writes a failed command's error to stderr and returns its exit code: usage errors with the usage
 * text (1), user errors with file, line and field and their list of problems (2 or 3), anything else
 * as an internal error with its message only (3). Users never see a stack trace; LERNORT_DEBUG=1
 * shows it to the developer.
 */
export function reportFailure(err: unknown, usage: string): number {
  if (isUsageError(err)) {
    process.stderr.write(`${err.message}\n\n${usage}\n`);
    return 1;
  }
  const userError = asUserError(err);
  if (userError) {
    const where = formatLocation(userError.location);
    // A message with a list (e.g. every unbound role) reads better as two blocks than joined by " / ".
    const multiline = userError.de.includes('\n') || userError.en.includes('\n');
    const text = multiline ? `\n${userError.de}\n\n${userError.en}` : `${userError.de} / ${userError.en}`;
    process.stderr.write(`Fehler / error [${userError.code}]${where ? ` (${where})` : ''}: ${text}\n`);
    const problems = (userError.details as { errors?: Problem[] } | undefined)?.errors;
    const list = Array.isArray(problems) ? problems : [];
    for (const p of list.slice(0, 20)) process.stderr.write(`  ${formatLocation(p)}: ${p.de} / ${p.en}\n`);
    if (list.length > 20) process.stderr.write(`  … ${list.length - 20} weitere / more\n`);
    return exitCodeOf(userError);
  }
  const debug = process.env.LERNORT_DEBUG === '1' && err instanceof Error ? `\n${err.stack}` : '';
  process.stderr.write(`Interner Fehler / internal error: ${err instanceof Error ? err.message : String(err)}${debug}\n`);
  return 3;
}
