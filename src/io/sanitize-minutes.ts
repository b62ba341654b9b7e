// Minutes are rich text from an editor (or pasted from Word): HTML we must never trust. This is the
// one place that turns it into the HTML we store and show, and into plain text for the .ics
// description and the PDF. Allowlist, not blocklist: what is not named here is dropped.
//
// Kept: paragraphs and line breaks, strong/em/u/s, lists, two heading levels (h3, h4 — the page has
// its own h1/h2), blockquote, simple tables, and links to http, https and mailto only, each with
// rel="noopener noreferrer". Dropped with their content: script, style, textarea, option, noscript,
// iframe, object, svg, math, template. Dropped with their content kept: any other tag and every
// attribute not listed (on*, style, class, id, data-*, …).
import sanitizeHtml from 'sanitize-html';
import { LernortError } from '../core/errors.ts';
import { itemsForExport } from '../core/meetings/lifecycle.ts';
import type { AgendaItem } from '../core/meetings/types.ts';

/** 200 kB of HTML per item is far beyond any minutes; beyond it is a paste accident or an attack. */
export const MAX_MINUTES_HTML = 200_000;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'u', 's', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'rel'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content of these is never text a reader should see.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head'],
  transformTags: {
    b: 'strong',
    i: 'em',
    strike: 's',
    del: 's',
    h1: 'h3',
    h2: 'h3',
    h5: 'h4',
    h6: 'h4',
    div: 'p',
    // Our own rel replaces whatever came in; a link opened from the minutes gets no window.opener.
    a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: 'noopener noreferrer' } }),
  },
  textFilter: (text) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ''),
};

function checkSize(html: string, field: string): void {
  if (html.length > MAX_MINUTES_HTML)
    throw new LernortError('MINUTES_TOO_LONG', `Der Protokolltext ist zu lang (höchstens ${MAX_MINUTES_HTML.toLocaleString('de-DE')} Zeichen).`, `The minutes text is too long (at most ${MAX_MINUTES_HTML.toLocaleString('en-GB')} characters).`, {
      status: 413,
      location: { field },
    });
}

/** The HTML to store and show. Idempotent: sanitising clean HTML returns it unchanged. */
export function sanitizeMinutes(html: string, field = 'minutes'): string {
  checkSize(html, field);
  const clean = sanitizeHtml(html, OPTIONS)
    // A link whose address was refused (or that had none) becomes its bare text.
    .replace(/<a rel="noopener noreferrer">([\s\S]*?)<\/a>/g, '$1');
  // Numbers only in colspan/rowspan (sanitize-html cannot check values by pattern).
  return clean.replace(/ (colspan|rowspan)="([^"]*)"/g, (all, name: string, value: string) => (/^[1-9]\d?$/.test(value) ? all : ''));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });

/**
 * Plain text of the minutes: paragraphs separated by a blank line, list items as "- " or "1. ",
 * table cells joined by " | ", links as "text (address)". Input is sanitised first, so the text
 * never carries anything the HTML would not have shown.
 */
export function minutesToPlainText(html: string): string {
  const clean = sanitizeMinutes(html);
  let out = '';
  const lists: { ordered: boolean; n: number }[] = [];
  const links: string[] = [];
  let linkTextStart = 0;
  let cellInRow = 0;
  const breakLines = (n: number) => {
    if (out === '') return;
    const have = /\n*$/.exec(out)![0].length;
    if (have < n) out += '\n'.repeat(n - have);
  };
  for (const m of clean.matchAll(/<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>|([^<]+)/g)) {
    const [, closing, tag, attrs, text] = m;
    if (text !== undefined) {
      let t = decode(text).replace(/\s+/g, ' ');
      if (out === '' || out.endsWith('\n') || out.endsWith(' ')) t = t.replace(/^ /, '');
      out += t;
      continue;
    }
    const inList = lists.length > 0;
    switch (tag) {
      case 'br':
        out = out.replace(/ +$/, '') + '\n';
        break;
      case 'p':
      case 'h3':
      case 'h4':
      case 'blockquote':
      case 'table':
        breakLines(inList ? 1 : 2);
        break;
      case 'ul':
      case 'ol':
        // Nested lists stay tight; a list as a whole is a paragraph.
        if (closing) lists.pop();
        else lists.push({ ordered: tag === 'ol', n: 0 });
        breakLines(lists.length > (closing ? 0 : 1) ? 1 : 2);
        break;
      case 'li':
        if (!closing && inList) {
          const list = lists[lists.length - 1];
          list.n++;
          breakLines(1);
          out += `${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.n}.` : '-'} `;
        }
        break;
      case 'tr':
        cellInRow = 0;
        breakLines(1);
        break;
      case 'td':
      case 'th':
        if (!closing && cellInRow++ > 0) out = out.replace(/ +$/, '') + ' | ';
        break;
      case 'a':
        if (!closing) {
          links.push(decode(/href="([^"]*)"/.exec(attrs ?? '')?.[1] ?? ''));
          linkTextStart = out.length;
        } else {
          const href = links.pop() ?? '';
          const shown = out.slice(linkTextStart).trim();
          const bare = href.replace(/^mailto:/, '');
          if (href && shown !== href && shown !== bare) out += ` (${bare})`;
        }
        break;
      default:
        break; // strong, em, u, s, thead, tbody: no mark in plain text
    }
  }
  return out
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The minutes of a meeting as plain text, item by item ("1. Title" and its text), with
 * confidential items left out unless asked for and a note of how many were left out.
 */
export function minutesPlainText(agenda: AgendaItem[], opts: { includeConfidential: boolean; lang: 'de' | 'en' }): string {
  const { items, leftOut } = itemsForExport(agenda, opts.includeConfidential);
  // Numbers are the agenda's, so "item 4" means the same in both variants.
  const parts = items.map((item) => {
    const number = agenda.indexOf(item) + 1;
    const body = item.minutes ? minutesToPlainText(item.minutes) : '';
    return body ? `${number}. ${item.title}\n${body}` : `${number}. ${item.title}`;
  });
  if (leftOut > 0)
    parts.push(
      opts.lang === 'de'
        ? `(${leftOut} ${leftOut === 1 ? 'vertraulicher Punkt' : 'vertrauliche Punkte'} ausgelassen)`
        : `(${leftOut} confidential ${leftOut === 1 ? 'item' : 'items'} left out)`,
    );
  return parts.join('\n\n');
}
