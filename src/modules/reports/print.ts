// The printable area profile (Steckbrief) as one self-contained HTML page: no scripts, no external
// resources, every text escaped. Chromium turns it into the PDF; the web client has its own print
// view with the same sections.
import type { Profile, ProfileItem } from './schema.ts';

type Lang = 'de' | 'en';
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const words = {
  de: {
    title: 'Gebietssteckbrief', indicator: 'Kennzahl', value: 'Wert', change: 'Veränderung zum Vorjahr', parent: 'Übergeordnetes Gebiet',
    city: 'Gesamtstadt', comparison: 'Vergleich mit der Stadt', trend: 'Verlauf', source: 'Quelle, Stand', noData: 'keine Daten',
    better: 'günstiger', worse: 'ungünstiger', similar: 'ähnlich', higher: 'höher', lower: 'niedriger', unstable: 'unsicher (kleine Zahl)',
    suppressed: 'geheim gehalten', provisional: 'vorläufig', breakInSeries: 'Bruch in der Zeitreihe', estimated: 'geschätzt',
    implausible: 'alle Werte 0 – unplausibel', location: 'Lage des Gebiets', generated: 'Erstellt', since: 'seit', layerOf: 'Ebene', notes: 'Vergleich: 95-%-Intervall (Wilson für Anteile, Byar für Raten) des Gebietswerts gegen den Stadtwert. Werte ohne Zähler und Nenner werden nicht bewertet. Fehlende Werte erscheinen als „keine Daten“, nie als null.',
  },
  en: {
    title: 'Area profile', indicator: 'Indicator', value: 'Value', change: 'Change since previous year', parent: 'Parent area',
    city: 'Whole city', comparison: 'Compared with the city', trend: 'Trend', source: 'Source, date', noData: 'no data',
    better: 'better', worse: 'worse', similar: 'similar', higher: 'higher', lower: 'lower', unstable: 'uncertain (small number)',
    suppressed: 'suppressed', provisional: 'provisional', breakInSeries: 'break in series', estimated: 'estimated',
    implausible: 'all values 0 – implausible', location: 'Location of the area', generated: 'Generated', since: 'since', layerOf: 'Level', notes: 'Comparison: 95 % interval (Wilson for shares, Byar for rates) of the area value against the city value. Values without numerator and denominator are not assessed. Missing values appear as “no data”, never as zero.',
  },
} as const;

function fmt(v: number, lang: Lang, decimals: number): string {
  return new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
}

/**
 * A small line chart with axes: the area (solid) and the city (dashed, rates only), gaps where values
 * are missing; the lowest and highest value on the left, the first and last year below.
 */
export function sparkline(item: ProfileItem, lang: Lang = 'de', width = 150, height = 44): string {
  const pts = item.series.filter((p) => p.value !== null);
  const city = item.citySeries.filter((p) => p.value !== null);
  if (pts.length < 2) return '';
  const periods = [...new Set([...item.series, ...item.citySeries].map((p) => p.period))].sort();
  // Counts of an area and of the whole city do not share a scale: draw the city only for rates.
  const withCity = item.indicator?.kind !== 'count' && city.length > 1;
  const ys = [...pts, ...(withCity ? city : [])].map((p) => p.value as number);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const left = 34, right = width - 4, top = 4, bottom = height - 12;
  const x = (p: string) => (periods.length === 1 ? (left + right) / 2 : left + (periods.indexOf(p) / (periods.length - 1)) * (right - left));
  const y = (v: number) => (hi === lo ? (top + bottom) / 2 : bottom - ((v - lo) / (hi - lo)) * (bottom - top));
  const path = (series: { period: string; value: number | null }[]) => {
    let d = '';
    let pen = false;
    for (const p of series) {
      if (p.value === null) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${x(p.period).toFixed(1)},${y(p.value).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  const dec = item.indicator?.decimals ?? 0;
  const last = pts[pts.length - 1];
  const year = (p: string) => esc(p.slice(0, 4));
  const t = (tx: number, ty: number, anchor: string, text: string, cls: string) => `<text class="${cls}" x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" text-anchor="${anchor}" font-size="6.5" fill="#444">${text}</text>`;
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-hidden="true">`
    + `<path d="M${left},${top}V${bottom}H${right}" fill="none" stroke="#999" stroke-width="0.6"/>`
    + t(left - 2, top + 5, 'end', fmt(hi, lang, dec), 'ax-max') + t(left - 2, bottom, 'end', fmt(lo, lang, dec), 'ax-min')
    + t(left, height - 3, 'start', year(periods[0]), 'ax-first') + t(right, height - 3, 'end', year(periods[periods.length - 1]), 'ax-last')
    + (withCity ? `<path d="${path(item.citySeries)}" fill="none" stroke="#555" stroke-width="1" stroke-dasharray="3 2"/>` : '')
    + `<path d="${path(item.series)}" fill="none" stroke="#7a0177" stroke-width="1.6"/>`
    + `<circle cx="${x(last.period).toFixed(1)}" cy="${y(last.value as number).toFixed(1)}" r="2.2" fill="#7a0177"/></svg>`;
}

type Geo = { features: { properties: Record<string, unknown> | null; geometry: { coordinates: number[][][][] } | null }[] };

/** The city's areas in grey, this area highlighted: an equirectangular SVG (cos latitude), no tiles. */
export function locatorMap(geo: Geo, code: string, label: string, width = 180, height = 150): string {
  const feats = geo.features.filter((f) => f.geometry && f.geometry.coordinates.length > 0);
  if (feats.length === 0) return '';
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of feats) for (const poly of f.geometry!.coordinates) for (const [px, py] of poly[0]) {
    minX = Math.min(minX, px); maxX = Math.max(maxX, px); minY = Math.min(minY, py); maxY = Math.max(maxY, py);
  }
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = Math.min((width - 4) / Math.max(1e-9, (maxX - minX) * kx), (height - 4) / Math.max(1e-9, maxY - minY));
  const pt = (p: number[]) => `${(2 + (p[0] - minX) * kx * scale).toFixed(1)},${(2 + (maxY - p[1]) * scale).toFixed(1)}`;
  const d = (f: Geo['features'][number]) => f.geometry!.coordinates.map((poly) => poly.map((ring) => `M${ring.map(pt).join('L')}Z`).join('')).join('');
  const others = feats.filter((f) => String(f.properties?.code) !== code).map((f) => `<path d="${d(f)}" fill="#d9d9d9" stroke="#fff" stroke-width="0.5"/>`).join('');
  const own = feats.filter((f) => String(f.properties?.code) === code).map((f) => `<path class="here" d="${d(f)}" fill="#7a0177" stroke="#3f003d" stroke-width="0.8"/>`).join('');
  return `<figure class="locator" data-locator="${esc(code)}"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>${others}${own}</svg></figure>`;
}

export function profileHtml(profile: Profile, lang: Lang, geo?: Geo): string {
  const w = words[lang];
  const pick = (t: { de: string; en: string }) => t[lang];
  const layerName = lang === 'de' ? profile.area.layerName : profile.area.layerNameEn;
  const unitOf = (i: ProfileItem) => (i.indicator ? (lang === 'de' ? i.indicator.unit : i.indicator.unitEn || i.indicator.unit) : '');
  const val = (i: ProfileItem, v: number | null) => (v === null ? `<span class="nodata">${w.noData}</span>` : `${fmt(v, lang, i.indicator?.decimals ?? 0)} <span class="unit">${esc(unitOf(i))}</span>`);
  const changeOf = (i: ProfileItem) => {
    if (i.change === null || !i.previous) return '–';
    const pp = i.indicator?.kind === 'share' ? (lang === 'de' ? 'Prozentpunkte' : 'percentage points') : unitOf(i);
    const sign = i.change > 0 ? '+' : i.change < 0 ? '−' : '±';
    return `${sign}${fmt(Math.abs(i.change), lang, i.indicator?.decimals ?? 0)}&nbsp;${esc(pp)} <span class="muted">(${w.since} ${esc(i.previous.period)})</span>`;
  };
  const flagsOf = (i: ProfileItem) => {
    const f = i.flags;
    if (!f) return '';
    const list = [f.provisional && w.provisional, f.estimated && w.estimated, f.breakInSeries && w.breakInSeries].filter(Boolean);
    return (list.length ? ` <span class="flag">(${list.join(', ')})</span>` : '') + (i.implausible ? ` <span class="implausible">${w.implausible}</span>` : '');
  };
  const rows = (items: ProfileItem[]) => items.map((i) => {
    if (!i.available) {
      return `<tr class="missing"><th scope="row">${esc(pick(i.label))}</th><td colspan="6"><span class="nodata">${w.noData}</span></td></tr>`;
    }
    const cmp = i.comparison?.vsCity ? `${w[i.comparison.vsCity]}${i.comparison.unstable ? `; ${w.unstable}` : ''}` : '–';
    const src = [i.indicator?.source, i.indicator?.licence].filter(Boolean).map((s) => esc(String(s))).join(', ');
    return `<tr><th scope="row">${esc(pick(i.label))}<div class="muted small">${esc(i.period ?? '')}</div></th>`
      + `<td class="num">${val(i, i.value)}${flagsOf(i)}</td><td class="num">${changeOf(i)}</td>`
      + `<td class="num">${i.parent ? val(i, i.parent.value) : '–'}</td><td class="num">${i.city ? val(i, i.city.value) : '–'}</td>`
      + `<td>${esc(cmp)}</td><td>${sparkline(i, lang)}</td></tr>`
      + `<tr class="src"><td></td><td colspan="6">${w.source}: ${src || '–'}; ${esc(i.indicator?.updatedAt.slice(0, 10) ?? '')}</td></tr>`;
  }).join('');
  // One grid for every section: the same fixed column widths, so numbers line up down the page.
  const COLS = '<colgroup><col class="c-label"><col class="c-num"><col class="c-change"><col class="c-num"><col class="c-num"><col class="c-cmp"><col class="c-trend"></colgroup>';
  const sections = profile.sections.map((s) => `
    <section><h2>${esc(pick(s.title))}</h2>
    ${s.note ? `<p class="note">${esc(pick(s.note))}</p>` : ''}
    ${s.items.length ? `<table>${COLS}<thead><tr><th scope="col">${w.indicator}</th><th scope="col" class="num">${w.value}</th><th scope="col" class="num">${w.change}</th>
      <th scope="col" class="num">${profile.parent ? esc(profile.parent.name) : w.parent}</th><th scope="col" class="num">${profile.city ? esc(profile.city.name) : w.city}</th>
      <th scope="col">${w.comparison}</th><th scope="col">${w.trend}</th></tr></thead><tbody>${rows(s.items)}</tbody></table>` : ''}
    </section>`).join('');
  const title = `${w.title}: ${profile.area.name}`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
  @page { size: A4; }
  body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #1a1a1a; font-size: 9.5pt; margin: 0; }
  h1 { font-size: 18pt; margin: 0 0 2pt; } h2 { font-size: 12pt; margin: 12pt 0 4pt; border-bottom: 1.5pt solid #7a0177; padding-bottom: 2pt; }
  .sub { color: #444; margin: 0 0 6pt; } .muted { color: #555; } .small { font-size: 7.5pt; }
  table { width: 100%; border-collapse: collapse; page-break-inside: auto; table-layout: fixed; font-variant-numeric: tabular-nums; }
  col.c-label { width: 21%; } col.c-num { width: 12%; } col.c-change { width: 14%; } col.c-cmp { width: 10%; } col.c-trend { width: 19%; }
  th[scope=row] { overflow-wrap: anywhere; hyphens: auto; } td { hyphens: auto; } .unit { white-space: nowrap; }
  td.num, th.num { white-space: normal; } .spark { display: block; max-width: 100%; height: auto; }
  .head { display: flex; justify-content: space-between; gap: 12pt; align-items: flex-start; } .locator { margin: 0; flex: none; }
  .implausible { display: inline-block; font-size: 7.5pt; color: #8a1c00; font-weight: bold; } tr { page-break-inside: avoid; }
  th, td { text-align: left; padding: 3pt 4pt; vertical-align: top; } thead th { font-size: 8pt; border-bottom: 1pt solid #555; }
  tbody tr:not(.src) { border-top: 0.5pt solid #ccc; } td.num, th.num { text-align: right; }
  tr.src td { font-size: 7pt; color: #555; padding-top: 0; } .nodata { font-style: italic; color: #555; } .flag { font-size: 7.5pt; color: #555; }
  .note { background: #f3f3f0; border-left: 3pt solid #888; padding: 4pt 6pt; } footer { margin-top: 10pt; font-size: 7.5pt; color: #444; }
  </style></head><body>
  <div class="head"><div><h1>${esc(title)}</h1>
  <p class="sub">${w.layerOf}: ${esc(layerName)} · ${esc(profile.area.code)}${profile.parent ? ` · ${esc(profile.parent.name)}` : ''}${profile.city ? ` · ${esc(profile.city.name)}` : ''}</p></div>
  ${geo ? locatorMap(geo, profile.area.code, `${w.location}: ${profile.area.name}`) : ''}</div>
  ${sections}
  <footer>${w.notes}<br>${w.generated}: ${esc(new Date(profile.generatedAt).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin' }))} · Lernort</footer>
  </body></html>`;
}
