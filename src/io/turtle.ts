// A small Turtle (RDF 1.1, https://www.w3.org/TR/turtle/) reader for the flat registries that open-data
// projects publish (e.g. the Leipzig school list): @prefix/PREFIX, IRIs, prefixed names, `a`,
// predicate lists with ';' and object lists with ',', string literals ("…", '…', """…""") with
// language tags or datatypes, numbers and booleans. Blank nodes ([ … ]) and collections (( … )) are
// skipped with a warning rather than misread. Not a general RDF library: no graph, just subjects.
import type { Problem } from '../core/errors.ts';

export interface TurtleSubject {
  /** Full IRI of the subject. */
  iri: string;
  /** Predicate IRI → objects (IRIs as written in full, literals as their lexical value). */
  props: Map<string, string[]>;
  /** 1-based line where the subject starts. */
  line: number;
}

export interface TurtleResult {
  subjects: TurtleSubject[];
  prefixes: Record<string, string>;
  errors: Problem[];
  warnings: Problem[];
}

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

type Token = { kind: 'iri' | 'pname' | 'literal' | 'punct' | 'word' | 'blank'; value: string; line: number };

function tokenize(text: string, file: string, errors: Problem[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '<') {
      const end = text.indexOf('>', i + 1);
      if (end === -1) { errors.push(err(file, line, 'IRI ohne schließendes „>“.', 'IRI without closing ">".')); break; }
      tokens.push({ kind: 'iri', value: text.slice(i + 1, end), line });
      i = end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const long = text.startsWith(c.repeat(3), i);
      const quote = long ? c.repeat(3) : c;
      let j = i + quote.length;
      let value = '';
      const startLine = line;
      while (j < n && !text.startsWith(quote, j)) {
        if (text[j] === '\\' && j + 1 < n) {
          const e = text[j + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          j += 2;
          continue;
        }
        if (text[j] === '\n') {
          if (!long) break;
          line++;
        }
        value += text[j++];
      }
      if (!text.startsWith(quote, j)) { errors.push(err(file, startLine, 'Zeichenkette ohne Ende.', 'Unterminated string literal.')); break; }
      j += quote.length;
      // language tag or datatype: kept off the value
      if (text[j] === '@') while (j < n && /[A-Za-z0-9@-]/.test(text[j])) j++;
      else if (text.startsWith('^^', j)) {
        j += 2;
        if (text[j] === '<') j = text.indexOf('>', j) + 1;
        else while (j < n && /[^\s;,.]/.test(text[j])) j++;
      }
      tokens.push({ kind: 'literal', value, line: startLine });
      i = j;
      continue;
    }
    if (c === ';' || c === ',' || c === '[' || c === ']' || c === '(' || c === ')') {
      tokens.push({ kind: 'punct', value: c, line });
      i++;
      continue;
    }
    if (c === '.' && !/[0-9]/.test(text[i + 1] ?? '')) {
      tokens.push({ kind: 'punct', value: '.', line });
      i++;
      continue;
    }
    // a bare word: prefixed name, @prefix, keyword, number, boolean
    let j = i;
    while (j < n && !/[\s;,<>"'()[\]#]/.test(text[j])) j++;
    // a trailing '.' ends the statement, it is not part of the name
    while (j > i + 1 && text[j - 1] === '.') j--;
    const word = text.slice(i, j);
    tokens.push({ kind: word.startsWith('_:') ? 'blank' : word.includes(':') && !word.startsWith('@') ? 'pname' : 'word', value: word, line });
    i = j;
  }
  return tokens;
}

function err(file: string, line: number, de: string, en: string): Problem {
  return { code: 'TURTLE_SYNTAX', de: `Turtle: ${de}`, en: `Turtle: ${en}`, file, line };
}

export function readTurtle(text: string, file: string): TurtleResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const tokens = tokenize(text, file, errors);
  const prefixes: Record<string, string> = {};
  const bySubject = new Map<string, TurtleSubject>();
  let base = '';
  let p = 0;
  const expand = (t: Token): string | undefined => {
    if (t.kind === 'iri') return /^[a-z][a-z0-9+.-]*:/i.test(t.value) ? t.value : base + t.value;
    if (t.kind === 'pname') {
      const k = t.value.indexOf(':');
      const ns = prefixes[t.value.slice(0, k)];
      if (ns === undefined) {
        errors.push({ code: 'TURTLE_PREFIX_UNKNOWN', de: `Turtle: unbekanntes Präfix „${t.value.slice(0, k)}:“.`, en: `Turtle: unknown prefix "${t.value.slice(0, k)}:".`, file, line: t.line, value: t.value });
        return undefined;
      }
      return ns + t.value.slice(k + 1);
    }
    return undefined;
  };
  const skipStatement = () => {
    let depth = 0;
    while (p < tokens.length) {
      const t = tokens[p++];
      if (t.kind === 'punct' && (t.value === '[' || t.value === '(')) depth++;
      else if (t.kind === 'punct' && (t.value === ']' || t.value === ')')) depth--;
      else if (t.kind === 'punct' && t.value === '.' && depth <= 0) return;
    }
  };
  while (p < tokens.length && errors.length < 50) {
    const t = tokens[p];
    if (t.kind === 'word' && (t.value === '@prefix' || t.value.toUpperCase() === 'PREFIX')) {
      const name = tokens[p + 1];
      const iri = tokens[p + 2];
      if (!name || !iri || iri.kind !== 'iri' || !name.value.endsWith(':')) {
        errors.push(err(file, t.line, 'ungültige Präfix-Deklaration.', 'invalid prefix declaration.'));
        skipStatement();
        continue;
      }
      prefixes[name.value.slice(0, -1)] = iri.value;
      p += 3;
      if (tokens[p]?.value === '.') p++;
      continue;
    }
    if (t.kind === 'word' && (t.value === '@base' || t.value.toUpperCase() === 'BASE')) {
      base = tokens[p + 1]?.value ?? '';
      p += 2;
      if (tokens[p]?.value === '.') p++;
      continue;
    }
    const subjectIri = expand(t);
    if (subjectIri === undefined) {
      warnings.push({ code: 'TURTLE_UNSUPPORTED', de: 'Turtle: Aussage mit leerem Knoten oder Liste übersprungen.', en: 'Turtle: statement with a blank node or collection skipped.', file, line: t.line, value: t.value });
      skipStatement();
      continue;
    }
    p++;
    let subject = bySubject.get(subjectIri);
    if (!subject) {
      subject = { iri: subjectIri, props: new Map(), line: t.line };
      bySubject.set(subjectIri, subject);
    }
    // predicate-object lists
    let ok = true;
    while (p < tokens.length) {
      const pt = tokens[p++];
      const predicate = pt.kind === 'word' && pt.value === 'a' ? RDF_TYPE : expand(pt);
      if (predicate === undefined) { ok = false; break; }
      const objects = subject.props.get(predicate) ?? [];
      subject.props.set(predicate, objects);
      for (;;) {
        const ot = tokens[p++];
        if (!ot) { ok = false; break; }
        if (ot.kind === 'literal') objects.push(ot.value);
        else if (ot.kind === 'word') objects.push(ot.value); // numbers, booleans
        else if (ot.kind === 'iri' || ot.kind === 'pname') {
          const v = expand(ot);
          if (v === undefined) { ok = false; break; }
          objects.push(v);
        } else { ok = false; p--; break; }
        if (tokens[p]?.value === ',') { p++; continue; }
        break;
      }
      if (!ok) break;
      const sep = tokens[p];
      if (sep?.value === ';') {
        p++;
        // a dangling ';' before '.' is allowed
        if (tokens[p]?.value === '.') { p++; break; }
        continue;
      }
      if (sep?.value === '.') { p++; break; }
      ok = false;
      break;
    }
    if (!ok) {
      warnings.push({ code: 'TURTLE_UNSUPPORTED', de: `Turtle: Aussage zu <${subjectIri}> nicht vollständig gelesen (leerer Knoten, Liste oder Syntaxfehler).`, en: `Turtle: statement about <${subjectIri}> not fully read (blank node, collection or syntax error).`, file, line: tokens[Math.max(0, p - 1)]?.line ?? t.line });
      skipStatement();
    }
  }
  return { subjects: [...bySubject.values()], prefixes, errors, warnings };
}
