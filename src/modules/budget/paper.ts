// The committee paper (Vorlage) of a scenario as one self-contained HTML page for Chromium's PDF
// print: a map of the amounts per person (or the change from last year) drawn as SVG from the
// layer's GeoJSON, the table, the method with its parameters, data version and index run. No
// scripts, no external resources, every text escaped.
import type { FeatureCollection, MultiPolygon, Position } from 'geojson';
import { centsToEuroString } from '../../core/allocation/index.ts';
import { methodFacts } from './output.ts';
import type { Scenario } from './scenarios.ts';

type Lang = 'de' | 'en';
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const PALETTE = ['#f1eef6', '#d4b9da', '#c994c7', '#df65b0', '#dd1c77', '#980043'];
const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#fddbc7', '#ef8a62', '#b2182b'];

const W = {
  de: {
    title: 'Verteilungsvorschlag', pot: 'Topf', map: 'Karte', perPerson: '€ je Person der Zielgruppe', change: 'Veränderung zum Vorjahr (€)', table: 'Beträge je Gebiet',
    code: 'Schlüssel', area: 'Gebiet', amount: 'Betrag €', lastYear: 'Vorjahr €', diff: 'Δ €', per: '€/Person', base: 'Sockel', pop: 'Zielgruppe', need: 'Bedarf', damping: 'Dämpfung', opt: 'Optim.', rounding: 'Rundung',
    sum: 'Summe', method: 'Methode und Eingaben', how: 'Jeder Betrag setzt sich zusammen aus Sockel + Anteil nach Zielgruppe + Anteil nach Bedarf ± Dämpfung gegenüber dem Vorjahr ± Optimierung ± Rundung; die Teile sind in Cent ausgewiesen und ergeben den Betrag genau. Die Beträge ergeben zusammen das Budget auf den Cent (Verfahren der größten Reste). Dämpfung: jedes Gebiet bleibt zwischen (1 + floor) und (1 + cap) mal dem Vorjahresbetrag; der Rest wird anteilig zum Zielwert auf die Gebiete ohne Grenze verteilt.',
    noGeometry: 'Für diese Ebene liegen keine Geometrien vor.', draft: 'ENTWURF', decided: 'Beschlossen',
  },
  en: {
    title: 'Allocation scenario', pot: 'Pot', map: 'Map', perPerson: '€ per person of the target population', change: 'Change from last year (€)', table: 'Amounts per area',
    code: 'Code', area: 'Area', amount: 'Amount €', lastYear: 'Last year €', diff: 'Δ €', per: '€/person', base: 'Base', pop: 'Population', need: 'Need', damping: 'Damping', opt: 'Optim.', rounding: 'Rounding',
    sum: 'Total', method: 'Method and inputs', how: 'Each amount is base + target-population part + need part ± damping against last year ± optimisation ± rounding; the parts are shown in cents and add up to the amount exactly. The amounts add up to the budget to the cent (largest-remainder method). Damping: each area stays between (1 + floor) and (1 + cap) times last year\'s amount; the rest goes pro rata to the target among the areas off the bounds.',
    noGeometry: 'There are no geometries for this layer.', draft: 'DRAFT', decided: 'Decided',
  },
} as const;

function fmt(v: number, lang: Lang, decimals = 2): string {
  return new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
}
const money = (cents: number, lang: Lang) => fmt(Number(centsToEuroString(cents)), lang);

/** Class breaks by quantiles (k classes) of the finite values. */
function breaks(values: number[], k: number): number[] {
  const xs = [...values].sort((a, b) => a - b);
  return Array.from({ length: k - 1 }, (_, i) => xs[Math.min(xs.length - 1, Math.floor(((i + 1) * xs.length) / k))]);
}

/** An SVG choropleth: equirectangular with cos(latitude) so that the city keeps its shape. */
export function choropleth(geo: FeatureCollection<MultiPolygon | null>, valueOf: (code: string) => number | null, opts: { diverging: boolean; lang: Lang; label: string }, width = 520, height = 420): string {
  const feats = geo.features.filter((f) => f.geometry);
  if (feats.length === 0) return `<p>${esc(W[opts.lang].noGeometry)}</p>`;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of feats) for (const poly of f.geometry!.coordinates) for (const [x, y] of poly[0]) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = Math.min((width - 10) / ((maxX - minX) * kx), (height - 10) / (maxY - minY));
  const px = (p: Position) => `${(5 + (p[0] - minX) * kx * scale).toFixed(1)},${(5 + (maxY - p[1]) * scale).toFixed(1)}`;
  const values = feats.map((f) => valueOf(String(f.properties?.code))).filter((v): v is number => v !== null && Number.isFinite(v));
  const palette = opts.diverging ? DIVERGING : PALETTE;
  let cuts: number[];
  if (opts.diverging) {
    const m = Math.max(1, ...values.map(Math.abs));
    cuts = [-m / 2, -m / 6, 0, m / 6, m / 2];
  } else cuts = breaks(values, palette.length);
  const colour = (v: number | null) => (v === null ? '#eeeeee' : palette[cuts.filter((c) => v > c).length]);
  const paths = feats.map((f) => {
    const v = valueOf(String(f.properties?.code));
    const d = f.geometry!.coordinates.map((poly) => poly.map((ring) => `M${ring.map(px).join('L')}Z`).join('')).join('');
    return `<path d="${d}" fill="${colour(v)}" stroke="#555" stroke-width="0.6"><title>${esc(String(f.properties?.name ?? ''))}: ${v === null ? '–' : fmt(v, opts.lang)}</title></path>`;
  }).join('');
  const legend = palette.map((c, i) => {
    const lo = i === 0 ? null : cuts[i - 1], hi = i === palette.length - 1 ? null : cuts[i];
    const text = lo === null ? `≤ ${fmt(hi!, opts.lang)}` : hi === null ? `> ${fmt(lo, opts.lang)}` : `${fmt(lo, opts.lang)} – ${fmt(hi, opts.lang)}`;
    return `<g transform="translate(0,${i * 16})"><rect width="14" height="12" fill="${c}" stroke="#555" stroke-width="0.5"/><text x="20" y="10" font-size="9">${esc(text)}</text></g>`;
  }).join('');
  const legendHeight = 20 + palette.length * 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + legendHeight}" viewBox="0 0 ${width} ${height + legendHeight}" role="img" aria-label="${esc(opts.label)}">${paths}`
    + `<g transform="translate(10,${height + 18})"><text y="-6" font-size="10" font-weight="bold">${esc(opts.label)}</text>${legend}</g></svg>`;
}

export function paperHtml(s: Scenario, pot: { name: string; fiscalYear: number; domainName: string | null }, geo: FeatureCollection<MultiPolygon | null>, lang: Lang): string {
  const w = W[lang];
  const hasLastYear = s.rows.some((r) => r.lastYearCents !== null);
  const byCode = new Map(s.rows.map((r) => [r.code, r]));
  const mapPer = choropleth(geo, (c) => byCode.get(c)?.perPerson ?? null, { diverging: false, lang, label: w.perPerson }, 330, 300);
  const mapDiff = hasLastYear
    ? choropleth(geo, (c) => { const r = byCode.get(c); return r && r.lastYearCents !== null ? (r.amountCents - r.lastYearCents) / 100 : null; }, { diverging: true, lang, label: w.change }, 330, 300)
    : '';
  const sum = (k: 'amountCents' | 'base' | 'populationPart' | 'needPart' | 'damping' | 'optimisation' | 'rounding') => s.rows.reduce((acc, r) => acc + r[k], 0);
  const lastSum = s.rows.reduce((acc, r) => acc + (r.lastYearCents ?? 0), 0);
  const rows = s.rows.map((r) => `<tr><td>${esc(r.code)}</td><td>${esc(r.name)}</td><td class="n">${money(r.amountCents, lang)}</td>`
    + `<td class="n">${r.lastYearCents === null ? '–' : money(r.lastYearCents, lang)}</td><td class="n">${r.lastYearCents === null ? '–' : money(r.amountCents - r.lastYearCents, lang)}</td>`
    + `<td class="n">${r.perPerson === null ? '–' : fmt(r.perPerson, lang)}</td><td class="n">${money(r.base, lang)}</td><td class="n">${money(r.populationPart, lang)}</td><td class="n">${money(r.needPart, lang)}</td>`
    + `<td class="n">${money(r.damping, lang)}</td><td class="n">${money(r.optimisation, lang)}</td><td class="n">${money(r.rounding, lang)}</td></tr>`).join('');
  const facts = methodFacts(s, lang).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  const status = s.frozenAt ? `${w.decided}: ${esc(s.decisionRef ?? '')} (${esc(s.frozenAt.slice(0, 10))})` : `<span class="draft">${w.draft}</span>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(w.title)} ${esc(s.name)}</title><style>
body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:9.5px;color:#111;margin:0}
h1{font-size:17px;margin:0 0 2px} h2{font-size:12.5px;margin:14px 0 4px;border-bottom:1px solid #999}
.sub{color:#333;margin-bottom:6px} .draft{color:#b2182b;font-weight:bold}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:2px 3px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap} thead th{background:#eee;font-size:8.5px}
tr.sum td{font-weight:bold;border-top:1.5px solid #333} .maps{display:flex;flex-wrap:wrap;gap:6px} .facts th{width:30%}
tr{page-break-inside:avoid} .map{page-break-inside:avoid}
</style></head><body>
<h1>${esc(w.title)}: ${esc(s.name)}</h1>
<div class="sub">${esc(w.pot)}: ${esc(pot.name)} · ${esc(pot.domainName ?? '')} · ${pot.fiscalYear} · ${money(s.budgetCents, lang)} € · ${status}</div>
<h2>${esc(w.map)}</h2><div class="maps"><div class="map">${mapPer}</div>${mapDiff ? `<div class="map">${mapDiff}</div>` : ''}</div>
<h2>${esc(w.table)}</h2>
<table><thead><tr><th>${w.code}</th><th>${w.area}</th><th>${w.amount}</th><th>${w.lastYear}</th><th>${w.diff}</th><th>${w.per}</th><th>${w.base}</th><th>${w.pop}</th><th>${w.need}</th><th>${w.damping}</th><th>${w.opt}</th><th>${w.rounding}</th></tr></thead>
<tbody>${rows}
<tr class="sum"><td></td><td>${w.sum}</td><td class="n">${money(sum('amountCents'), lang)}</td><td class="n">${hasLastYear ? money(lastSum, lang) : '–'}</td><td class="n">${hasLastYear ? money(sum('amountCents') - lastSum, lang) : '–'}</td><td></td>`
    + `<td class="n">${money(sum('base'), lang)}</td><td class="n">${money(sum('populationPart'), lang)}</td><td class="n">${money(sum('needPart'), lang)}</td><td class="n">${money(sum('damping'), lang)}</td><td class="n">${money(sum('optimisation'), lang)}</td><td class="n">${money(sum('rounding'), lang)}</td></tr></tbody></table>
<h2>${esc(w.method)}</h2><p>${esc(w.how)}</p>
<table class="facts">${facts}</table>
</body></html>`;
}
