import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';
import { useI18n } from '../shared/i18n.ts';
import { formatNumber } from '../shared/format.ts';

export interface ScatterPoint { code: string; name: string; x: number; y: number; selected: boolean }

interface Props {
  label: string;
  xLabel: string;
  yLabel: string;
  xDecimals: number;
  yDecimals: number;
  points: ScatterPoint[];
  onSelect: (code: string, additive: boolean) => void;
}

/** Pearson's r, or null for fewer than three points or no spread. */
export function pearson(points: { x: number; y: number }[]): number | null {
  const n = points.length;
  if (n < 3) return null;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

export function ScatterChart({ label, xLabel, yLabel, xDecimals, yDecimals, points, onSelect }: Props) {
  const { t, locale } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(280, el.clientWidth);
    const chart = Plot.plot({
      width,
      height: 260,
      marginLeft: 64,
      marginBottom: 40,
      style: { fontSize: '12px', background: 'transparent', color: '#1a1a1a' },
      x: { label: xLabel, tickFormat: (v: number) => formatNumber(v, locale, xDecimals), grid: true, nice: true },
      y: { label: yLabel, tickFormat: (v: number) => formatNumber(v, locale, yDecimals), grid: true, nice: true },
      marks: [
        Plot.dot(points, { x: 'x', y: 'y', r: (d: ScatterPoint) => (d.selected ? 6 : 3.5), fill: (d: ScatterPoint) => (d.selected ? '#7a0177' : '#0072b2'), fillOpacity: 0.85, stroke: '#fff', strokeWidth: 0.6 }),
        Plot.tip(points, Plot.pointer({ x: 'x', y: 'y', title: (d: ScatterPoint) => `${d.name}\n${xLabel}: ${formatNumber(d.x, locale, xDecimals)}\n${yLabel}: ${formatNumber(d.y, locale, yDecimals)}` })),
      ],
    }) as (SVGSVGElement | HTMLElement) & { value?: ScatterPoint | null };
    chart.setAttribute('aria-hidden', 'true');
    chart.addEventListener('click', (e) => {
      const d = chart.value;
      if (d) onSelectRef.current(d.code, (e as MouseEvent).shiftKey);
    });
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [points, xLabel, yLabel, xDecimals, yDecimals, locale]);

  const r = pearson(points);
  return (
    <figure className="scatter" aria-label={label}>
      <div ref={host} className="series-plot" data-testid="scatter-chart" />
      <figcaption className="legend-note">{r === null ? '' : t('scatter.correlation', { r: formatNumber(r, locale, 2) })}</figcaption>
      <details className="series-table">
        <summary>{t('series.asTable')}</summary>
        <table>
          <thead><tr><th scope="col">{t('table.area')}</th><th scope="col" className="num">{xLabel}</th><th scope="col" className="num">{yLabel}</th></tr></thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.code}><th scope="row">{p.name}</th><td className="num">{formatNumber(p.x, locale, xDecimals)}</td><td className="num">{formatNumber(p.y, locale, yDecimals)}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
