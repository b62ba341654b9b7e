// The minutes as a printable HTML page for the PDF (io/pdf.ts): head data, attendance, the items
// with their minutes (stored sanitised), decisions and tasks per item. Confidential items are left
// out on request, and always for callers who may not see them; the numbers stay the agenda's.
import { itemsForExport } from '../../core/meetings/lifecycle.ts';
import type { getMeeting } from './meetings.ts';

type Meeting = Awaited<ReturnType<typeof getMeeting>>;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const T = {
  de: { minutes: 'Protokoll', when: 'Termin', where: 'Ort', present: 'Anwesend', excused: 'Entschuldigt', absent: 'Abwesend', decisions: 'Beschluss', task: 'Aufgabe', due: 'fällig', owner: 'verantwortlich', general: 'Allgemeines', status: 'Stand', final: 'abgeschlossen am', draft: 'Entwurf – nicht abgeschlossen', leftOut: (n: number) => `${n} vertrauliche${n === 1 ? 'r Punkt' : ' Punkte'} ausgelassen.` },
  en: { minutes: 'Minutes', when: 'Date', where: 'Place', present: 'Present', excused: 'Excused', absent: 'Absent', decisions: 'Decision', task: 'Task', due: 'due', owner: 'owner', general: 'General', status: 'Status', final: 'finalised on', draft: 'Draft – not finalised', leftOut: (n: number) => `${n} confidential item${n === 1 ? '' : 's'} left out.` },
};

const wall = (local: string) => `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)} ${local.slice(11, 16)}`;

export function minutesHtml(m: Meeting, opts: { includeConfidential: boolean; lang: 'de' | 'en' }): string {
  const t = T[opts.lang];
  const agenda = m.agenda.map((i) => ({ id: String(i.id), title: i.title, confidential: i.confidential }));
  const { items } = itemsForExport(agenda, opts.includeConfidential && m.access.confidential);
  const keep = new Set(items.map((i) => Number(i.id)));
  const leftOut = m.confidentialLeftOut + (m.agenda.length - keep.size);
  const people = (status: string) => m.attendance.filter((a) => a.status === status).map((a) => esc(a.label)).join(', ') || '–';
  const body = m.agenda.map((item, n) => {
    if (!keep.has(item.id)) return '';
    const decisions = m.decisions.filter((d) => d.itemId === item.id);
    const tasks = m.tasks.filter((x) => decisions.some((d) => d.id === x.decisionId));
    return `<section><h2>${n + 1}. ${esc(item.title)}</h2>${item.minutes ?? ''}
      ${decisions.map((d) => `<p class="decision"><strong>${t.decisions}:</strong> ${esc(d.text)}</p>`).join('')}
      ${tasks.map((x) => `<p class="task"><strong>${t.task}:</strong> ${esc(x.title)} (${t.owner}: ${esc(x.ownerLabel ?? '–')}; ${t.due}: ${esc(x.due ?? '–')})</p>`).join('')}</section>`;
  }).join('\n');
  const loose = m.tasks.filter((x) => x.decisionId === null).map((x) => `<li>${esc(x.title)} (${t.owner}: ${esc(x.ownerLabel ?? '–')}; ${t.due}: ${esc(x.due ?? '–')})</li>`).join('');
  return `<!doctype html><html lang="${opts.lang}"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>
    body{font-family:sans-serif;font-size:11pt;color:#111;line-height:1.4} h1{font-size:17pt;margin:0 0 4pt} h2{font-size:12.5pt;margin:14pt 0 4pt;border-bottom:1px solid #999}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:2pt 10pt} dt{font-weight:bold} .decision{background:#eef4ff;padding:3pt 6pt} .task{background:#f4f4f4;padding:3pt 6pt}
    .note{color:#444;font-style:italic} table{border-collapse:collapse} td,th{border:1px solid #aaa;padding:2pt 4pt}</style></head><body>
    <h1>${t.minutes}: ${esc(m.title)}</h1><p>${esc(m.groupName)}</p>
    <dl><dt>${t.when}</dt><dd>${wall(m.start)}–${m.end.slice(11, 16)} (${esc(m.zone)})</dd>
      <dt>${t.where}</dt><dd>${esc([m.place, m.onlineUrl].filter(Boolean).join(' · ') || '–')}</dd>
      <dt>${t.present}</dt><dd>${people('present')}</dd><dt>${t.excused}</dt><dd>${people('excused')}</dd>
      <dt>${t.status}</dt><dd>${m.finalisedAt ? `${t.final} ${m.finalisedAt.slice(0, 10)}` : t.draft}</dd></dl>
    ${m.minutesHtml ? `<section><h2>${t.general}</h2>${m.minutesHtml}</section>` : ''}
    ${body}
    ${loose ? `<h2>${t.task}</h2><ul>${loose}</ul>` : ''}
    ${leftOut > 0 ? `<p class="note">${t.leftOut(leftOut)}</p>` : ''}
  </body></html>`;
}
