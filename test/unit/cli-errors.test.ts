// Foreseeable command failures become bilingual LernortErrors with exit 2; real bugs stay internal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { asUserError, exitCodeOf, readJsonFile, reportFailure, UsageError } from '../../src/cli-errors.ts';
import { LernortError } from '../../src/core/errors.ts';

const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
};

describe('asUserError', () => {
  it('a missing file names the path in both languages', () => {
    const e = asUserError(errorOf(() => fs.readFileSync('/no/such/file.csv')));
    expect(e?.code).toBe('FILE_ENOENT');
    expect(e?.en).toBe('File or directory not found: /no/such/file.csv');
    expect(e?.de).toBe('Datei oder Verzeichnis nicht gefunden: /no/such/file.csv');
    expect(exitCodeOf(e!)).toBe(2);
  });

  it('reading a directory says so even though Node reports no path', () => {
    const e = asUserError(errorOf(() => fs.readFileSync(os.tmpdir())));
    expect(e?.code).toBe('FILE_EISDIR');
    expect(e?.en).toBe('Is a directory, not a file');
  });

  it('a JSON file that does not parse names the file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-json-')), 'mapping.json');
    fs.writeFileSync(file, '{"name": ');
    const e = errorOf(() => readJsonFile(file, { de: 'Die Zuordnungsdatei', en: 'The mapping file' })) as LernortError;
    expect(e.code).toBe('JSON_INVALID');
    expect(e.en.startsWith(`The mapping file ${file} is not valid JSON:`)).toBe(true);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('options that fail their schema list the field and the reason', () => {
    const e = asUserError(errorOf(() => z.object({ method: z.enum(['2sfca', 'bfca']) }).parse({ method: 'foo' })));
    expect(e?.code).toBe('OPTIONS_INVALID');
    expect(e?.en).toMatch(/^Invalid options: method: /);
  });

  it('an unreachable database server is a message, also when wrapped as the cause of a failed query', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Failed query: CREATE SCHEMA IF NOT EXISTS "drizzle"', { cause: refused });
    const e = asUserError(wrapped);
    expect(e?.code).toBe('DATABASE_UNREACHABLE');
    expect(exitCodeOf(e!)).toBe(2);
  });

  it('a LernortError passes through; a 500 stays exit 3', () => {
    const own = new LernortError('X', 'x', 'x', { status: 500 });
    expect(asUserError(own)).toBe(own);
    expect(exitCodeOf(own)).toBe(3);
  });

  it('a programming error stays an internal error', () => {
    expect(asUserError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeNull();
    expect(asUserError('a string')).toBeNull();
  });
});

describe('reportFailure (every command prints its failures the same way)', () => {
  const written = (): string => (process.stderr.write as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((c) => String(c[0])).join('');
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.LERNORT_DEBUG;
  });
  const capture = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

  it('a usage error prints the message and the usage text, exit 1', () => {
    capture();
    expect(reportFailure(new UsageError('--layer fehlt / missing'), 'lernort x --layer KEY')).toBe(1);
    expect(written()).toBe('--layer fehlt / missing\n\nlernort x --layer KEY\n');
  });

  it('a user error names code, place and each listed problem, exit 2', () => {
    capture();
    const err = new LernortError('IMPORT_INVALID', 'Zwei Fehler', 'Two errors', {
      location: { file: 'a.csv' },
      details: { errors: [{ code: 'X', line: 3, field: 'wert', de: 'keine Zahl', en: 'not a number' }, { code: 'Y', line: 9, de: 'doppelt', en: 'duplicate' }] },
    });
    expect(reportFailure(err, 'usage')).toBe(2);
    expect(written()).toBe('Fehler / error [IMPORT_INVALID] (a.csv): Zwei Fehler / Two errors\n  Zeile/line 3, Feld/field „wert“: keine Zahl / not a number\n  Zeile/line 9: doppelt / duplicate\n');
  });

  it('an internal error shows its message but never a stack trace, exit 3', () => {
    capture();
    expect(reportFailure(new TypeError('boom'), 'usage')).toBe(3);
    expect(written()).toBe('Interner Fehler / internal error: boom\n');
    expect(written()).not.toMatch(/\n\s+at /);
  });

  it('LERNORT_DEBUG=1 shows the stack to a developer', () => {
    capture();
    process.env.LERNORT_DEBUG = '1';
    reportFailure(new TypeError('boom'), 'usage');
    expect(written()).toMatch(/\n\s+at /);
  });
});
