import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MINUTES_HTML, minutesPlainText, minutesToPlainText, sanitizeMinutes } from '../../../src/io/sanitize-minutes.ts';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'u', 's', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const ALLOWED_ATTRS: Record<string, string[]> = { a: ['href', 'rel'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] };

/** The oracle: every tag and attribute of the output is on the allowlist, every link is http(s) or mailto. */
function harmless(html: string): string[] {
  const problems: string[] = [];
  const withoutTags = html.replace(/<\/?([a-zA-Z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*\/?>/g, (_, tag: string, attrs: string) => {
    if (!ALLOWED_TAGS.has(tag)) problems.push(`tag ${tag}`);
    for (const [, name, value] of attrs.matchAll(/([a-z-]+)="([^"]*)"/g)) {
      if (!(ALLOWED_ATTRS[tag] ?? []).includes(name)) problems.push(`attribute ${tag}.${name}`);
      if (name === 'href' && !/^(https?:\/\/|mailto:)/i.test(value)) problems.push(`href ${value}`);
      if (name === 'rel' && value !== 'noopener noreferrer') problems.push(`rel ${value}`);
    }
    return '';
  });
  // What is left is text: no raw markup may survive in it.
  if (/[<>]/.test(withoutTags)) problems.push(`raw markup in text: ${withoutTags}`);
  return problems;
}

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">Klick</a>',
  '<a href="jav&#x09;ascript:alert(1)">Klick</a>',
  '<a href=" JaVaScRiPt:alert(1)">Klick</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Klick</a>',
  '<a href="//evil.example/x">Klick</a>',
  '<p style="background:url(javascript:alert(1))">Text</p>',
  '<style>body{display:none}</style>',
  '<svg onload=alert(1)><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<object data="javascript:alert(1)"></object><embed src="x.swf">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<<script>script>alert(1)<</script>/script>',
  '<form action="https://evil"><button formaction="javascript:alert(1)">Senden</button></form>',
  '<details open ontoggle=alert(1)>',
  '<td onmouseover="alert(1)" colspan="2 onclick=alert(1)">x</td>',
  '<a href="https://ok.example" onclick="alert(1)" target="_blank" rel="opener">ok</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  '<template><script>alert(1)</script></template>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<p id="x" class="y" data-z="1">Text</p>',
];

describe('sanitising minutes', () => {
  it.each(PAYLOADS)('makes %j harmless', (payload) => {
    const out = sanitizeMinutes(`<p>Vorher</p>${payload}<p>Nachher</p>`);
    expect(harmless(out)).toEqual([]);
    expect(out).not.toMatch(/javascript:|onerror|onload|alert\(1\)<|<script|<svg|<iframe|style=/i);
    // The minutes around it survive — except after an unclosed <noscript>, whose content runs to the end and goes.
    expect(out.startsWith('<p>Vorher</p>')).toBe(true);
    if (!payload.startsWith('<noscript>')) expect(out.endsWith('<p>Nachher</p>')).toBe(true);
  });

  it('keeps what minutes need: paragraphs, emphasis, lists, headings, quotes, tables and safe links', () => {
    const html =
      '<h3>Beschluss</h3><p><strong>fett</strong> <em>kursiv</em> <u>unter</u> <s>durch</s><br>neu</p><ul><li>eins</li></ul><ol><li>zwei</li></ol><blockquote>Zitat</blockquote>' +
      '<table><thead><tr><th>Träger</th><th colspan="2">Plätze</th></tr></thead><tbody><tr><td>KJH e.V.</td><td>12</td><td>3</td></tr></tbody></table>' +
      '<p><a href="https://www.leipzig.de/">Leipzig</a> <a href="mailto:koordination@example.org">Mail</a></p>';
    const out = sanitizeMinutes(html);
    expect(out).toBe(
      html
        .replace('<br>', '<br />')
        .replace('<a href="https://www.leipzig.de/">', '<a href="https://www.leipzig.de/" rel="noopener noreferrer">')
        .replace('<a href="mailto:koordination@example.org">', '<a href="mailto:koordination@example.org" rel="noopener noreferrer">'),
    );
    expect(harmless(out)).toEqual([]);
  });

  it('maps Word-style tags onto the allowed ones: b→strong, i→em, h1/h2→h3, div→p', () => {
    expect(sanitizeMinutes('<h1>T</h1><div><b>a</b><i>b</i></div><h5>u</h5>')).toBe('<h3>T</h3><p><strong>a</strong><em>b</em></p><h4>u</h4>');
  });

  it('replaces a link\'s rel and drops target and handlers; a refused link keeps its text', () => {
    expect(sanitizeMinutes('<a href="https://ok.example" onclick="x()" target="_blank" rel="opener">ok</a>')).toBe('<a href="https://ok.example" rel="noopener noreferrer">ok</a>');
    expect(sanitizeMinutes('<p><a href="javascript:alert(1)">Klick</a></p>')).toBe('<p>Klick</p>');
  });

  it('keeps colspan only as a small number', () => {
    expect(sanitizeMinutes('<table><tr><td colspan="2">a</td><td colspan="x">b</td><td rowspan="999">c</td></tr></table>')).toBe('<table><tr><td colspan="2">a</td><td>b</td><td>c</td></tr></table>');
  });

  it('is idempotent and keeps every output harmless for random mixtures of hostile fragments', () => {
    const fragment = fc.constantFrom(...PAYLOADS, '<p>', '</p>', '<a href="https://x.org">', '</a>', '<ul><li>', '</li></ul>', 'Grünau & Co.', '"', "'", '<', '>', '&', '<table><tr><td>', '</td></tr></table>');
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        const once = sanitizeMinutes(parts.join(''));
        expect(harmless(once)).toEqual([]);
        expect(sanitizeMinutes(once)).toBe(once);
      }),
      { seed: 20260310, numRuns: 300 },
    );
  });

  it('refuses more than 200 000 characters with a 413', () => {
    expect(() => sanitizeMinutes('x'.repeat(MAX_MINUTES_HTML + 1))).toThrow(expect.objectContaining({ code: 'MINUTES_TOO_LONG', status: 413, location: { field: 'minutes' } }));
  });
});

describe('plain text of the minutes', () => {
  it('renders paragraphs, nested lists, numbered lists, line breaks, tables and links', () => {
    const html =
      '<h3>Ergebnisse</h3><p>Der AK  tagt\nmonatlich.</p><ul><li>Kitas<ul><li>Kita Sonnenschein</li></ul></li><li>Schulen</li></ul>' +
      '<ol><li>Einladung</li><li>Protokoll</li></ol><p>Ende<br>neue Zeile</p>' +
      '<table><tr><th>Träger</th><th>Plätze</th></tr><tr><td>KJH e.V.</td><td>12</td></tr></table>' +
      '<p>Siehe <a href="https://www.leipzig.de/">Stadt Leipzig</a>, <a href="mailto:ak@example.org">ak@example.org</a>.</p>';
    expect(minutesToPlainText(html)).toBe(
      ['Ergebnisse', '', 'Der AK tagt monatlich.', '', '- Kitas', '  - Kita Sonnenschein', '- Schulen', '', '1. Einladung', '2. Protokoll', '', 'Ende', 'neue Zeile', '', 'Träger | Plätze', 'KJH e.V. | 12', '', 'Siehe Stadt Leipzig (https://www.leipzig.de/), ak@example.org.'].join('\n'),
    );
  });

  it('decodes entities once and never revives markup from the input', () => {
    expect(minutesToPlainText('<p>1 &lt; 2 &amp;&amp; 3 &gt; 2 &#228; &#x1F389;</p><script>alert(1)</script>')).toBe('1 < 2 && 3 > 2 ä 🎉');
    expect(minutesToPlainText('<img src=x onerror=alert(1)><a href="javascript:alert(1)">Klick</a>')).toBe('Klick');
  });

  it('leaves confidential items out of the public variant, keeps the agenda numbers and says how many', () => {
    const agenda = [
      { id: 'a', title: 'Begrüßung' },
      { id: 'b', title: 'Personalangelegenheit', confidential: true, minutes: '<p>Vertraulich: Name</p>' },
      { id: 'c', title: 'Ferienangebote', minutes: '<p>Zwei neue <strong>Angebote</strong>.</p>' },
    ];
    expect(minutesPlainText(agenda, { includeConfidential: false, lang: 'de' })).toBe('1. Begrüßung\n\n3. Ferienangebote\nZwei neue Angebote.\n\n(1 vertraulicher Punkt ausgelassen)');
    expect(minutesPlainText(agenda, { includeConfidential: false, lang: 'en' })).toContain('(1 confidential item left out)');
    expect(minutesPlainText(agenda, { includeConfidential: true, lang: 'de' })).toContain('2. Personalangelegenheit\nVertraulich: Name');
  });
});
