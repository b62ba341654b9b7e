// A tiny, safe expression language for focus-area rules over classes, e.g.
//   status = 4 or (status = 3 and dynamics = 3)
// parsed into an AST by recursive descent and evaluated by walking it — never by eval.
//
//   rule       := or
//   or         := and (("or" | "oder") and)*
//   and        := unary (("and" | "und") unary)*
//   unary      := ("not" | "nicht") unary | "(" or ")" | comparison
//   comparison := column op number | column ("in" | "aus") "(" number ("," number)* ")"
//   op         := "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
// Keywords are case-insensitive; columns are letters, digits and "_". A missing value (null) makes
// every comparison on it false. Errors name the 1-based column of the offending character.

import { LernortError } from '../errors.ts';

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type FocusRule =
  | { type: 'or' | 'and'; left: FocusRule; right: FocusRule }
  | { type: 'not'; operand: FocusRule }
  | { type: 'compare'; column: string; op: ComparisonOp; value: number }
  | { type: 'in'; column: string; values: number[] };

type Token = { kind: 'ident' | 'number' | 'op' | '(' | ')' | ',' | 'end'; text: string; pos: number };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;
const KEYWORDS: Record<string, 'or' | 'and' | 'not' | 'in'> = { or: 'or', oder: 'or', and: 'and', und: 'and', not: 'not', nicht: 'not', in: 'in', aus: 'in' };

function syntaxError(src: string, pos: number, de: string, en: string): LernortError {
  const column = pos + 1;
  return new LernortError('FOCUS_RULE_SYNTAX', `Regel „${src}“, Spalte ${column}: ${de}`, `Rule "${src}", column ${column}: ${en}`,
    { location: { field: 'rule' }, details: { column, rule: src } });
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) { i++; continue; }
    const rest = src.slice(i);
    const m = /^[A-Za-z_ÄÖÜäöüß][A-Za-z0-9_ÄÖÜäöüß]*/.exec(rest) ?? /^-?\d+(\.\d+)?/.exec(rest) ?? /^(==|!=|<>|<=|>=|=|<|>)/.exec(rest);
    if (m) {
      const text = m[0];
      const kind = /^[-\d]/.test(text) ? 'number' : /^[=!<>]/.test(text) ? 'op' : 'ident';
      tokens.push({ kind, text, pos: i });
      i += text.length;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, pos: i++ });
    } else {
      throw syntaxError(src, i, `unerwartetes Zeichen „${ch}“.`, `unexpected character "${ch}".`);
    }
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

export function parseFocusRule(src: string, opts: { columns?: string[] } = {}): FocusRule {
  if (src.length > MAX_LENGTH) throw syntaxError(src.slice(0, 40) + '…', MAX_LENGTH, 'die Regel ist zu lang.', 'the rule is too long.');
  const tokens = tokenize(src);
  let t = 0;
  const peek = () => tokens[t];
  const keyword = (tok: Token) => (tok.kind === 'ident' ? KEYWORDS[tok.text.toLowerCase()] : undefined);
  const describe = (tok: Token) => (tok.kind === 'end' ? ['das Ende', 'the end'] : [`„${tok.text}“`, `"${tok.text}"`]);
  const fail = (tok: Token, deWant: string, enWant: string): never => {
    const [de, en] = describe(tok);
    throw syntaxError(src, tok.pos, `${deWant} erwartet, ${de} gefunden.`, `expected ${enWant}, found ${en}.`);
  };
  const number = (): number => {
    const tok = peek();
    if (tok.kind !== 'number') fail(tok, 'Zahl', 'a number');
    t++;
    return Number(tok.text);
  };

  const comparison = (): FocusRule => {
    const tok = peek();
    if (tok.kind !== 'ident' || keyword(tok)) fail(tok, 'Spaltenname', 'a column name');
    if (opts.columns && !opts.columns.includes(tok.text)) {
      throw syntaxError(src, tok.pos, `unbekannte Spalte „${tok.text}“ (bekannt: ${opts.columns.join(', ')}).`,
        `unknown column "${tok.text}" (known: ${opts.columns.join(', ')}).`);
    }
    t++;
    const opTok = peek();
    if (keyword(opTok) === 'in') {
      t++;
      if (peek().kind !== '(') fail(peek(), '„(“', '"("');
      t++;
      const values = [number()];
      while (peek().kind === ',') { t++; values.push(number()); }
      if (peek().kind !== ')') fail(peek(), '„,“ oder „)“', '"," or ")"');
      t++;
      return { type: 'in', column: tok.text, values };
    }
    if (opTok.kind !== 'op') fail(opTok, 'Vergleich (=, !=, <, <=, >, >=)', 'a comparison (=, !=, <, <=, >, >=)');
    t++;
    const op = (opTok.text === '==' ? '=' : opTok.text === '<>' ? '!=' : opTok.text) as ComparisonOp;
    return { type: 'compare', column: tok.text, op, value: number() };
  };

  const unary = (depth: number): FocusRule => {
    if (depth > MAX_DEPTH) throw syntaxError(src, peek().pos, 'zu tief verschachtelt.', 'nested too deeply.');
    const tok = peek();
    if (keyword(tok) === 'not') { t++; return { type: 'not', operand: unary(depth + 1) }; }
    if (tok.kind === '(') {
      t++;
      const inner = or(depth + 1);
      if (peek().kind !== ')') fail(peek(), '„)“', '")"');
      t++;
      return inner;
    }
    return comparison();
  };
  const and = (depth: number): FocusRule => {
    let left = unary(depth);
    while (keyword(peek()) === 'and') { t++; left = { type: 'and', left, right: unary(depth) }; }
    return left;
  };
  const or = (depth: number): FocusRule => {
    let left = and(depth);
    while (keyword(peek()) === 'or') { t++; left = { type: 'or', left, right: and(depth) }; }
    return left;
  };

  const ast = or(0);
  if (peek().kind !== 'end') fail(peek(), '„and“, „or“ oder das Ende', '"and", "or" or the end');
  return ast;
}

export function evaluateFocusRule(rule: FocusRule, row: Record<string, number | null | undefined>): boolean {
  switch (rule.type) {
    case 'or': return evaluateFocusRule(rule.left, row) || evaluateFocusRule(rule.right, row);
    case 'and': return evaluateFocusRule(rule.left, row) && evaluateFocusRule(rule.right, row);
    case 'not': return !evaluateFocusRule(rule.operand, row);
    case 'in': {
      const v = row[rule.column];
      return v !== null && v !== undefined && rule.values.includes(v);
    }
    case 'compare': {
      const v = row[rule.column];
      if (v === null || v === undefined) return false;
      switch (rule.op) {
        case '=': return v === rule.value;
        case '!=': return v !== rule.value;
        case '<': return v < rule.value;
        case '<=': return v <= rule.value;
        case '>': return v > rule.value;
        case '>=': return v >= rule.value;
      }
    }
  }
}

/** Parse once, evaluate many rows. */
export function compileFocusRule(src: string, columns?: string[]): (row: Record<string, number | null | undefined>) => boolean {
  const ast = parseFocusRule(src, columns ? { columns } : {});
  return (row) => evaluateFocusRule(ast, row);
}
