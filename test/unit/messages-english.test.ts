// The English half of every bilingual message is English. Scans src/**/*.ts with the TypeScript
// parser for `new LernortError(code, de, en)`, `notFound('Deutsch / English', id)`, calls of helpers
// whose parameters are named `de` and `en` (e.g. `problem(code, de, en, where)`) and object
// literals with `de` and `en` (Problems, message tables) and looks for German in the English text:
// umlauts, ß and a small list of German-only words. Proper names and terms used on purpose are
// allowed explicitly below; interpolated values (${…}) are not checked.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { notFound } from '../../src/core/errors.ts';

const GERMAN_WORDS = [
  'ist', 'sind', 'nicht', 'der', 'die', 'das', 'den', 'dem', 'des', 'und', 'oder', 'wurde', 'wurden', 'werden', 'kein', 'keine',
  'für', 'mit', 'bei', 'bitte', 'eine', 'einen', 'ein', 'auf', 'aus', 'nach', 'zu', 'vom', 'zum', 'zur', 'Datei', 'Zeile',
  'Spalte', 'Feld', 'Wert', 'Werte', 'Gebiet', 'Ebene', 'Indikator', 'Fehler', 'fehlt', 'ungültig', 'Benutzer', 'Passwort',
  'Veröffentlichung', 'Einrichtung', 'Träger', 'Angebot', 'Auswahl', 'Rolle', 'Zeitraum', 'Jahr', 'Sicherung',
];
// Names and terms that stay German in English text on purpose.
const ALLOWED = [
  'Grünau', 'Großzschocher', 'Schönau', 'Lößnig', 'Möckern', 'Gohlis-Süd', 'Plagwitz', 'Flensburg', 'Leipzig', 'Mürwik',
  'Planungsraum', 'Planungsräume', 'Ortsteil', 'Ortsteile', 'Stadtbezirk', 'Stadtbezirke', 'Sozialraum', 'Steckbrief',
  'Kita', 'Sozialatlas', 'Lernort', 'Demo-Stadt', 'Bundesagentur für Arbeit', 'Statistisches Landesamt',
  // literal tokens of German files that a message quotes
  '"Gebiet","Sachmerkmal"', 'instead of "ü"',
];

interface Message { file: string; line: number; en: string }

/** The first argument of every notFound(…) call: what was not found, "Deutsch / English". */
const notFoundWhats: { file: string; line: number; what: string }[] = [];

function sourceFilesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFilesUnder(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(projectRoot, p)] : [];
  });
}

/** The literal text of an expression: strings, template parts, both branches of a ternary, a + b. */
function literalText(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [[node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' … ')];
  if (ts.isConditionalExpression(node)) return [...literalText(node.whenTrue), ...literalText(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [[...literalText(node.left), ...literalText(node.right)].join('')];
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  return [];
}

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

/** Functions with parameters named de and en: name → index of the en parameter; exported ones are global. */
function messageHelpers(source: ts.SourceFile): { local: Map<string, number>; exported: Map<string, number> } {
  const local = new Map<string, number>();
  const exported = new Map<string, number>();
  const visit = (node: ts.Node) => {
    let name: string | undefined;
    let params: ts.NodeArray<ts.ParameterDeclaration> | undefined;
    let isExported = false;
    if (ts.isFunctionDeclaration(node) && node.name) {
      name = node.name.text;
      params = node.parameters;
      isExported = !!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      name = node.name.text;
      params = node.initializer.parameters;
      const statement = node.parent.parent;
      isExported = ts.isVariableStatement(statement) && !!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    }
    if (name && params) {
      const names = params.map((p) => p.name.getText(source));
      const en = names.indexOf('en');
      if (en > 0 && names.includes('de')) (isExported ? exported : local).set(name, en);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { local, exported };
}

const sources = sourceFilesUnder('src').map(parse);
const exportedHelpers = new Map(sources.flatMap((s) => [...messageHelpers(s).exported]));

/** The English side of a message table: a text, or an object/array of texts (`en: { missing: 'no data' }`). */
function englishTable(node: ts.Node): string[] {
  if (ts.isObjectLiteralExpression(node)) return node.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? englishTable(p.initializer) : []));
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap(englishTable);
  return literalText(node);
}

function messagesOf(source: ts.SourceFile): Message[] {
  const file = source.fileName;
  const helpers = new Map([...exportedHelpers, ...messageHelpers(source).local, ...messageHelpers(source).exported]);
  const out: Message[] = [];
  const add = (node: ts.Node, texts: string[]) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    for (const en of texts) out.push({ file: path.relative(projectRoot, file), line, en });
  };
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText() === 'LernortError' && node.arguments && node.arguments.length >= 3) add(node, literalText(node.arguments[2]));
    if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : node.expression.getText();
      const en = helpers.get(callee);
      if (en !== undefined && node.arguments.length > en) add(node, literalText(node.arguments[en]));
    }
    if (ts.isCallExpression(node) && node.expression.getText() === 'notFound' && node.arguments.length >= 1) {
      // The string form is "Deutsch / English": the part after " / " is the English one.
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      for (const what of literalText(node.arguments[0])) notFoundWhats.push({ file: path.relative(projectRoot, file), line, what });
    }
    if (ts.isObjectLiteralExpression(node)) {
      const prop = (name: string) => node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name);
      const de = prop('de');
      const en = prop('en');
      if (de && en) add(en, englishTable(en.initializer));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}


/** German found in an English message, after removing the allowed names. */
export function germanIn(en: string): string[] {
  let text = en;
  for (const name of ALLOWED) text = text.split(name).join(' ');
  const found: string[] = [];
  const umlaut = /[^\s"„“'(),.:;/]*[äöüÄÖÜß][^\s"„“'(),.:;/]*/g.exec(text);
  if (umlaut) found.push(umlaut[0]);
  if (text.includes('„')) found.push('German quotation mark „');
  for (const word of text.split(/[^\p{L}-]+/u)) if (GERMAN_WORDS.includes(word)) found.push(word);
  return found;
}

const messages = sources.flatMap(messagesOf);

describe('the English half of every bilingual message', () => {
  it('the scan finds the catalogue (LernortErrors, notFound, Problems)', () => {
    expect(messages.length).toBeGreaterThan(300);
    expect(messages.some((m) => m.file === path.join('src', 'core', 'errors.ts') && m.en.includes('was not found'))).toBe(true);
  });

  it('contains no umlauts, ß, German quotation marks or German-only words', () => {
    const offenders = messages.map((m) => ({ ...m, german: germanIn(m.en) })).filter((m) => m.german.length > 0).map((m) => `${m.file}:${m.line} [${m.german.join(', ')}] ${m.en}`);
    expect(offenders).toEqual([]);
  });

  it('every notFound(…) names what in both languages, and its English message is English', () => {
    expect(notFoundWhats.length).toBeGreaterThan(20);
    const offenders = notFoundWhats.filter(({ what }) => {
      const e = notFound(what, 'x');
      return !what.includes(' / ') || germanIn(e.en).length > 0 || e.en === e.de;
    }).map((w) => `${w.file}:${w.line} ${w.what}`);
    expect(offenders).toEqual([]);
    expect(notFound('Veröffentlichung / publication', 'einwohner/ortsteil/2024').en).toBe('Publication "einwohner/ortsteil/2024" was not found.');
    expect(notFound({ de: 'Ebene', en: 'layer' }, 'ortsteil').de).toBe('Ebene „ortsteil“ wurde nicht gefunden.');
  });

  it('the heuristic catches the message seen in the issue and passes its fix', () => {
    expect(germanIn('Veröffentlichung / publication "einwohner/ortsteil/2024" was not found.')).toContain('Veröffentlichung');
    expect(germanIn('Publication "einwohner/ortsteil/2024" was not found.')).toEqual([]);
    expect(germanIn('Area "Grünau-Mitte" has no value: die Datei ist leer')).toEqual(expect.arrayContaining(['die', 'Datei', 'ist']));
  });
});
