// Matching area names from files against the areas we know. Exact and normalised matches are
// applied; anything fuzzy is only ever suggested, with a score, so a person confirms it.

/** Mojibake: UTF-8 bytes read as Latin-1/Windows-1252, e.g. "GrÃ¼nau", "StÃ¶tteritz", "ÃŸ". */
const MOJIBAKE = /[ÃÂ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/;

// Windows-1252 code points 0x80–0x9F that are not Latin-1, mapped back to their byte.
const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
  'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/**
 * Undoes one round of "UTF-8 decoded as Windows-1252/Latin-1" ("GrÃ¼nau" → "Grünau"). Returns the
 * input unchanged when it does not look mangled or when the bytes are not valid UTF-8.
 */
export function repairMojibake(s: string): string {
  if (!MOJIBAKE.test(s)) return s;
  const bytes: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0xff) bytes.push(cp);
    else if (CP1252[ch] !== undefined) bytes.push(CP1252[ch]);
    else return s; // a character that cannot come from a single-byte decode: not mojibake
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return s;
  }
}

const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/**
 * The comparison key of an area name: encoding repaired, NFC, trimmed, case-folded,
 * ä/ae ö/oe ü/ue ß/ss made equal, other diacritics removed, and every run of spaces, hyphens,
 * dashes, dots, slashes or other punctuation turned into one "-". Replacement characters (U+FFFD)
 * left by a failed decode are dropped, so "Gr\uFFFDnau" and "Grnau" compare equal.
 */
export function normaliseAreaName(s: string): string {
  return repairMojibake(s.normalize('NFC'))
    .replace(/\uFFFD/g, '')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/[ßẞ]/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(SEPARATORS, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The name as a broken decoder leaves it when it drops every non-ASCII letter
 * ("Lößnig" → "lnig", "Großzschocher" → "grozschocher").
 */
function asciiSkeleton(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\x00-\x7f]/gu, (ch) => (/[\p{L}\p{M}\uFFFD]/u.test(ch) ? '' : '-'))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Optimal-string-alignment Damerau–Levenshtein distance (insert, delete, substitute, swap). */
export function damerauLevenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** Number of characters deleted from `long` to obtain `short`, or -1 if it is not a subsequence. */
function deletionsToSubsequence(short: string, long: string): number {
  if (short.length > long.length) return -1;
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (short[i] === long[j]) i++;
  return i === short.length ? long.length - short.length : -1;
}

/**
 * Similarity in [0, 1] of a name from a file to a known name. The best of three views:
 * - edit distance on the normalised names: 1 − DL/max(len) ("Volksmarsdorf" ~ "Volkmarsdorf");
 * - edit distance against the known name with its non-ASCII letters dropped, as a broken encoding
 *   leaves it ("Lnig" ~ "Lößnig", "Grzschocher" ~ "Großzschocher"), scaled by 0.95 so a repaired
 *   spelling never outranks a real one;
 * - pure deletions from the normalised known name, penalised by half a point per deleted share.
 * Very short names (< 3 characters after normalisation) only score on exact equality.
 */
export function nameSimilarity(name: string, known: string): number {
  const a = normaliseAreaName(name);
  const b = normaliseAreaName(known);
  if (a === b) return 1;
  if (a.length < 3 || b.length < 3) return 0;
  let score = 1 - damerauLevenshtein(a, b) / Math.max(a.length, b.length);
  const skel = asciiSkeleton(known);
  const nameSkel = asciiSkeleton(name);
  if (skel !== b && nameSkel.length >= 3) {
    score = Math.max(score, 0.95 * (1 - damerauLevenshtein(nameSkel, skel) / Math.max(nameSkel.length, skel.length)));
  }
  const del = deletionsToSubsequence(a, b);
  if (del > 0) score = Math.max(score, 1 - (0.5 * del) / b.length);
  return Math.round(score * 1000) / 1000;
}

export interface NameCandidate {
  code: string;
  name: string;
  layer?: string;
}

export interface Suggestion extends NameCandidate {
  score: number;
}

export type NameMatch =
  /** Same string after trimming and NFC. */
  | { name: string; status: 'exact'; match: NameCandidate }
  /** Same after normalisation (case, umlaut spelling, separators, repaired encoding): safe to apply. */
  | { name: string; status: 'normalised'; match: NameCandidate; repairedEncoding: boolean }
  /** Several candidates share the (normalised) name: the user must choose, e.g. by layer. */
  | { name: string; status: 'ambiguous'; suggestions: Suggestion[] }
  /** A fuzzy match above the threshold: shown with its score, applied only after confirmation. */
  | { name: string; status: 'suggested'; suggested: Suggestion; suggestions: Suggestion[] }
  /** Nothing close enough; the nearest candidates are listed for a manual choice. */
  | { name: string; status: 'unmatched'; suggestions: Suggestion[] };

export interface MatchOptions {
  /** Only candidates of this layer (candidates without a layer always take part). */
  layer?: string;
  /** Minimum score for a `suggested` status. Default 0.8. */
  minScore?: number;
  /**
   * How far the best score must lead the second for a `suggested` status. Default 0.05, so that
   * "Grünau" does not single out one of Grünau-Ost, -Nord and -Mitte.
   */
  minMargin?: number;
  /** How many nearest candidates to list. Default 3. */
  limit?: number;
}

export interface MatchResult {
  matches: NameMatch[];
  /** Counts per status, for the import record. */
  counts: Record<NameMatch['status'], number>;
}

/**
 * Matches each name against the candidates. Exact and normalised matches are final; everything else
 * needs a person (`applyMapping` with the confirmed choices). Names are returned in input order, one
 * result per input (duplicates included).
 */
export function matchAreaNames(names: string[], candidates: NameCandidate[], opts: MatchOptions = {}): MatchResult {
  const minScore = opts.minScore ?? 0.8;
  const minMargin = opts.minMargin ?? 0.05;
  const limit = Math.max(2, opts.limit ?? 3);
  const pool = opts.layer === undefined ? candidates : candidates.filter((c) => c.layer === undefined || c.layer === opts.layer);
  const byExact = groupBy(pool, (c) => c.name.trim().normalize('NFC'));
  const byNorm = groupBy(pool, (c) => normaliseAreaName(c.name));
  const cache = new Map<string, NameMatch>();
  const counts: MatchResult['counts'] = { exact: 0, normalised: 0, ambiguous: 0, suggested: 0, unmatched: 0 };

  const matchOne = (name: string): NameMatch => {
    const exact = byExact.get(name.trim().normalize('NFC')) ?? [];
    if (exact.length === 1) return { name, status: 'exact', match: exact[0] };
    const norm = normaliseAreaName(name);
    const same = exact.length > 1 ? exact : (byNorm.get(norm) ?? []);
    if (same.length === 1) {
      return { name, status: 'normalised', match: same[0], repairedEncoding: repairMojibake(name) !== name };
    }
    if (same.length > 1) return { name, status: 'ambiguous', suggestions: same.map((c) => ({ ...c, score: 1 })) };
    const scored = pool
      .map((c) => ({ ...c, score: nameSimilarity(name, c.name) }))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'de'))
      .slice(0, limit);
    const [best, second] = scored;
    if (best && best.score >= minScore && (!second || best.score - second.score >= minMargin)) {
      return { name, status: 'suggested', suggested: best, suggestions: scored.slice(0, opts.limit ?? 3) };
    }
    return { name, status: 'unmatched', suggestions: scored.slice(0, opts.limit ?? 3) };
  };

  const matches = names.map((name) => {
    let m = cache.get(name);
    if (!m) {
      m = matchOne(name);
      cache.set(name, m);
    }
    counts[m.status]++;
    return m;
  });
  return { matches, counts };
}

export interface AppliedMapping {
  /** Name from the file → candidate code, for every name that is now resolved. */
  codes: Record<string, string>;
  /** Names still without a code (unconfirmed suggestions, ambiguous or unmatched names). */
  unresolved: string[];
  /** Confirmed entries whose code is not among the candidates (likely a typo in the mapping). */
  invalid: Array<{ name: string; code: string }>;
}

/**
 * Resolves a match result with the user's confirmations (name from file → chosen code). Exact and
 * normalised matches apply by themselves; a confirmation overrides them too. Suggestions apply
 * only when confirmed: this is the one place where a fuzzy match becomes a mapping.
 */
export function applyMapping(result: MatchResult, confirmed: Record<string, string>, candidates?: NameCandidate[]): AppliedMapping {
  const known = candidates ? new Set(candidates.map((c) => c.code)) : undefined;
  const codes: Record<string, string> = {};
  const unresolved: string[] = [];
  const invalid: AppliedMapping['invalid'] = [];
  const seen = new Set<string>();
  for (const m of result.matches) {
    if (seen.has(m.name)) continue;
    seen.add(m.name);
    const choice = Object.hasOwn(confirmed, m.name) ? confirmed[m.name] : undefined;
    if (choice !== undefined) {
      // Without the candidate list any code is taken as chosen (the user may pick beyond the top 3).
      if (known && !known.has(choice)) {
        invalid.push({ name: m.name, code: choice });
        unresolved.push(m.name);
      } else codes[m.name] = choice;
      continue;
    }
    if (m.status === 'exact' || m.status === 'normalised') codes[m.name] = m.match.code;
    else unresolved.push(m.name);
  }
  return { codes, unresolved, invalid };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = map.get(k);
    if (list) list.push(it);
    else map.set(k, [it]);
  }
  return map;
}
