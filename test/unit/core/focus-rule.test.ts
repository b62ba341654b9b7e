import { describe, expect, it } from 'vitest';
import { compileFocusRule, parseFocusRule } from '../../../src/core/classify/focus-rule.ts';
import { LernortError } from '../../../src/core/errors.ts';

const berlin = 'status = 4 or (status = 3 and dynamics = 3)';

describe('focus-area rules', () => {
  it('selects the Berlin focus areas: status 4, or status 3 with dynamics 3', () => {
    const rule = compileFocusRule(berlin, ['status', 'dynamics']);
    expect(rule({ status: 4, dynamics: 1 })).toBe(true);
    expect(rule({ status: 3, dynamics: 3 })).toBe(true);
    expect(rule({ status: 3, dynamics: 2 })).toBe(false);
    expect(rule({ status: 2, dynamics: 3 })).toBe(false);
  });

  it('parses to an AST with "and" binding tighter than "or"', () => {
    expect(parseFocusRule('a = 1 or b = 2 and c = 3')).toEqual({
      type: 'or',
      left: { type: 'compare', column: 'a', op: '=', value: 1 },
      right: { type: 'and', left: { type: 'compare', column: 'b', op: '=', value: 2 }, right: { type: 'compare', column: 'c', op: '=', value: 3 } },
    });
  });

  it('understands German keywords, "in" lists, "not" and comparisons', () => {
    const rule = compileFocusRule('status in (3, 4) und nicht dynamik <= 1');
    expect(rule({ status: 3, dynamik: 2 })).toBe(true);
    expect(rule({ status: 3, dynamik: 1 })).toBe(false);
    expect(compileFocusRule('x >= 2.5 AND x != 3')({ x: 2.5 })).toBe(true);
  });

  it('treats a missing class as not matching', () => {
    expect(compileFocusRule('status = 4')({ status: null })).toBe(false);
    expect(compileFocusRule('not status = 4')({ status: null })).toBe(true);
  });

  function errorOf(src: string, columns?: string[]): LernortError {
    try { parseFocusRule(src, columns ? { columns } : {}); } catch (e) { return e as LernortError; }
    throw new Error('expected a syntax error');
  }

  it('names the column where an unclosed parenthesis ends the rule, in German and English', () => {
    const e = errorOf('status = 4 or (status = 3');
    expect(e.code).toBe('FOCUS_RULE_SYNTAX');
    expect(e.details).toMatchObject({ column: 26 });
    expect(e.de).toContain('Spalte 26');
    expect(e.en).toContain('column 26');
    expect(e.en).toContain('expected ")"');
  });

  it('names the column of an unexpected character', () => {
    const e = errorOf('status = 4; drop');
    expect(e.details).toMatchObject({ column: 11 });
    expect(e.de).toContain('unerwartetes Zeichen');
  });

  it('rejects a missing number after a comparison', () => {
    expect(errorOf('status = or').en).toContain('expected a number, found "or"');
  });

  it('rejects an unknown column when the columns are given', () => {
    const e = errorOf('staus = 4', ['status', 'dynamics']);
    expect(e.details).toMatchObject({ column: 1 });
    expect(e.en).toContain('unknown column "staus"');
  });

  it('rejects trailing input', () => {
    expect(errorOf('status = 4 4').details).toMatchObject({ column: 12 });
  });

  it('does not evaluate code: a JavaScript expression is a syntax error', () => {
    expect(() => parseFocusRule('process.exit(1)')).toThrow(LernortError);
  });
});
