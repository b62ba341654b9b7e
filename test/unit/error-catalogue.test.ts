// The one catalogue of error codes is complete and true: every code the source can send to a user
// is in it, a status written at a throw site agrees with it, nothing in it is dead, and
// docs/errors.md is its current printout.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { errorCatalogue, renderErrorCatalogue, type CatalogueEntry } from '../../src/core/error-catalogue.ts';

const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{4,}$/;
interface Site { code: string; status: number | null; at: string }

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Literal codes of an expression: 'X', or both branches of `c ? 'X' : 'Y'`. */
function literalCodes(n: ts.Expression): string[] {
  if (ts.isStringLiteral(n) && CODE.test(n.text)) return [n.text];
  if (ts.isConditionalExpression(n)) return [...literalCodes(n.whenTrue), ...literalCodes(n.whenFalse)];
  if (ts.isParenthesizedExpression(n)) return literalCodes(n.expression);
  return [];
}
const isText = (n: ts.Expression | undefined) => !!n && (ts.isStringLiteral(n) || ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isBinaryExpression(n));

/** Where codes are made: a call or `new` with (code, German, English, …), or an object literal with a code and a message. */
function errorSites(): Site[] {
  const sites: Site[] = [];
  for (const file of filesUnder(path.join(projectRoot, 'src'))) {
    if (file.endsWith('error-catalogue.ts')) continue;
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (n: ts.Node) => `${path.relative(projectRoot, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node) => {
      const madeError = ts.isNewExpression(n) && n.expression.getText(sf) === 'LernortError';
      if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.arguments && n.arguments.length >= 3 && (madeError || (isText(n.arguments[1]) && isText(n.arguments[2])))) {
        let status: number | null = null;
        const opts = n.arguments[3];
        if (opts && ts.isObjectLiteralExpression(opts)) {
          for (const p of opts.properties) if (ts.isPropertyAssignment(p) && p.name.getText(sf) === 'status' && ts.isNumericLiteral(p.initializer)) status = Number(p.initializer.text);
        }
        for (const code of literalCodes(n.arguments[0]!)) sites.push({ code, status, at: at(n) });
      }
      if (ts.isObjectLiteralExpression(n)) {
        const props = new Map<string, ts.Expression>();
        for (const p of n.properties) if (ts.isPropertyAssignment(p)) props.set(p.name.getText(sf), p.initializer);
        const code = props.get('code');
        if (code && (props.has('de') || props.has('en') || props.has('message'))) for (const c of literalCodes(code)) sites.push({ code: c, status: null, at: at(n) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return sites;
}

// Codes made from a table rather than a literal: `FILE_${errno}` in src/cli-errors.ts.
function fileErrorCodes(): string[] {
  const text = fs.readFileSync(path.join(projectRoot, 'src', 'cli-errors.ts'), 'utf8');
  const table = /const FILE_ERRORS[^{]*\{([\s\S]*?)\n\};/.exec(text)?.[1] ?? '';
  return [...table.matchAll(/^\s+(E[A-Z]+):/gm)].map((m) => `FILE_${m[1]}`);
}

describe('error catalogue', () => {
  const catalogue = errorCatalogue as Record<string, CatalogueEntry>;
  const sites = errorSites();
  const used = new Set([...sites.map((s) => s.code), ...fileErrorCodes()]);

  it('finds the error sites of the source (the extractor works)', () => {
    expect(sites.length).toBeGreaterThan(300);
    expect(sites.some((s) => s.code === 'NOT_FOUND' && s.at.startsWith('src/core/errors.ts'))).toBe(true);
    expect(fileErrorCodes()).toContain('FILE_ENOENT');
  });

  it('has every code the source makes', () => {
    expect([...used].filter((c) => !catalogue[c]).sort()).toEqual([]);
  });

  it('gives each code one HTTP status: a status written at a throw site agrees with the catalogue', () => {
    const disagree = sites.filter((s) => s.status !== null && catalogue[s.code] && catalogue[s.code]!.status !== s.status).map((s) => `${s.code} ${s.status} ≠ ${catalogue[s.code]!.status} at ${s.at}`);
    expect(disagree).toEqual([]);
  });

  it('has no dead entries and bilingual messages', () => {
    expect(Object.keys(catalogue).filter((c) => !used.has(c))).toEqual([]);
    expect(Object.entries(catalogue).filter(([, e]) => !e.de.trim() || !e.en.trim() || e.de === '…').map(([c]) => c)).toEqual([]);
  });

  it('is documented: docs/errors.md is the current printout (lernort errors docs/errors.md)', () => {
    expect(fs.readFileSync(path.join(projectRoot, 'docs', 'errors.md'), 'utf8')).toBe(renderErrorCatalogue());
  });
});
