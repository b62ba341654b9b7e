// The Wirksamkeitsdialog as a printable HTML page (for the PDF through io/pdf.ts) and as DOCX (docx).
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { dialogueExportData } from './service.ts';

type Data = Awaited<ReturnType<typeof dialogueExportData>>;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const euro = (cents: number, lang: 'de' | 'en') => (cents / 100).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency: 'EUR' });

const T = {
  de: { title: 'Wirksamkeitsdialog', year: 'Jahr', agreement: 'Zielvereinbarung', provider: 'Träger', worked: 'Was hat gewirkt', didNot: 'Was hat nicht gewirkt', changes: 'Was ändert sich', follow: 'Vereinbarte nächste Schritte', goals: 'Ziele und Stand', reports: 'Berichte', funding: 'Förderung Jugendamt', own: 'Eigenmittel', third: 'Drittmittel', participants: 'Teilnehmende', final: 'abgeschlossen am', draft: 'Entwurf – nicht abgeschlossen' },
  en: { title: 'Effectiveness dialogue', year: 'Year', agreement: 'Goal agreement', provider: 'Provider', worked: 'What worked', didNot: 'What did not work', changes: 'What changes', follow: 'Agreed follow-ups', goals: 'Goals and status', reports: 'Reports', funding: 'Youth office funding', own: 'Own funds', third: 'Third-party funds', participants: 'Participants', final: 'finalised on', draft: 'Draft – not finalised' },
};

interface Section { heading: string; lines: string[] }

function sections(d: Data, lang: 'de' | 'en'): { title: string; meta: string[]; sections: Section[] } {
  const t = T[lang];
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return {
    title: `${t.title} ${d.dialogue.year}: ${d.dialogue.title}`,
    meta: [
      ...(d.agreement ? [`${t.agreement}: ${d.agreement.content.title} (v${d.agreement.version})`, `${t.provider}: ${d.agreement.provider.name ?? d.agreement.provider.organisationId}`] : []),
      d.dialogue.finalisedAt ? `${t.final} ${d.dialogue.finalisedAt.slice(0, 10)}` : t.draft,
    ],
    sections: [
      { heading: t.worked, lines: [d.dialogue.worked] },
      { heading: t.didNot, lines: [d.dialogue.didNotWork] },
      { heading: t.changes, lines: [d.dialogue.changes] },
      { heading: t.follow, lines: d.dialogue.followUps.map((f) => `${f.task}${f.owner ? ` (${f.owner})` : ''}${f.due ? ` – ${f.due}` : ''}`) },
      { heading: t.goals, lines: d.goals.map((g) => `${g.title}: ${g.statusLabel[lang]} – ${g.reason[lang]}`) },
      { heading: t.reports, lines: d.reports.map((r) => `${r.due} (${r.state}): ${t.funding} ${euro(r.inputs.fundingJugendamtCents, lang)}, ${t.own} ${euro(r.inputs.ownFundsCents, lang)}, ${t.third} ${euro(r.inputs.thirdPartyCents, lang)}; ${t.participants} ${sum(r.outputs.participantsByAge)}`) },
    ],
  };
}

export function dialogueHtml(d: Data, lang: 'de' | 'en'): string {
  const s = sections(d, lang);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(s.title)}</title><style>
    body{font-family:sans-serif;font-size:11pt;color:#111;line-height:1.4} h1{font-size:17pt} h2{font-size:12.5pt;border-bottom:1px solid #999;margin-top:14pt}</style></head><body>
    <h1>${esc(s.title)}</h1>${s.meta.map((m) => `<p>${esc(m)}</p>`).join('')}
    ${s.sections.map((x) => `<section><h2>${esc(x.heading)}</h2>${x.lines.length ? `<ul>${x.lines.map((l) => `<li>${esc(l || '–')}</li>`).join('')}</ul>` : '<p>–</p>'}</section>`).join('\n')}
  </body></html>`;
}

export async function dialogueDocx(d: Data, lang: 'de' | 'en'): Promise<Buffer> {
  const s = sections(d, lang);
  const children: Paragraph[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(s.title)] }), ...s.meta.map((m) => new Paragraph(m))];
  for (const x of s.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(x.heading)] }));
    for (const l of x.lines.length ? x.lines : ['–']) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(l || '–')] }));
  }
  return Packer.toBuffer(new Document({ creator: 'Lernort', title: s.title, sections: [{ children }] }));
}
