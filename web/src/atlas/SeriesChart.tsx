import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';
import { useI18n } from '../shared/i18n.ts';
import { formatNumber } from '../shared/format.ts';
import type { SeriesPoint } from '../areas/api.ts';

export interface SeriesLine {
  name: string;
  points: SeriesPoint[];
  colour: string;
  /** Reference lines (city, parent area) are dashed. */
  dashed?: boolean;
}

interface Props {
  label: string;
  unit: string;
  decimals: number;
  lines: SeriesLine[];
  highlightPeriod: string;
}

interface Datum { x: number | string; y: number | null; who: string; brk: boolean }


function periodsAreYears(points: SeriesPoint[]): boolean {
  return points.every((p) => /^\d{4}$/.test(p.period));
}

export function SeriesChart({ label, unit, decimals, lines, highlightPeriod }: Props) {
  const { t, locale } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const years = lines.every((l) => periodsAreYears(l.points));

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const toData = (l: SeriesLine): Datum[] =>
      l.points.map((p) => ({
        x: years ? Number(p.period) : p.period,
        // A suppressed or missing point is a gap in the line, never a drop to zero.
        y: p.value === null || p.flags?.suppressed || p.flags?.missing ? null : p.value,
        who: l.name,
        brk: Boolean(p.flags?.breakInSeries),
      }));
    const data = lines.map(toData);
    const defined = (d: Datum) => d.y !== null;
    const first = data[0] ?? [];
    const highlight = first.filter((d) => String(d.x) === highlightPeriod && defined(d));
    const breaks = data.flat().filter((d) => d.brk && defined(d));
    const width = Math.max(280, el.clientWidth);

    const chart = Plot.plot({
      width,
      height: 230,
      marginLeft: 64,
      marginTop: 28,
      marginRight: 16,
      style: { fontSize: '12px', background: 'transparent', color: '#1a1a1a' },
      x: years ? { tickFormat: 'd', label: null, ticks: Math.min(8, Math.floor(width / 60)) } : { type: 'point', label: null },
      y: { grid: true, label: unit, tickFormat: (v: number) => formatNumber(v, locale, decimals), nice: true, zero: false },
      marks: [
        ...lines.map((l, i) => Plot.line(data[i], {
          x: 'x', y: 'y', stroke: l.colour, strokeWidth: l.dashed ? 1.5 : 2, strokeDasharray: l.dashed ? '4 3' : undefined, filter: defined,
        })),
        ...lines.map((l, i) => (l.dashed ? null : Plot.dot(data[i], { x: 'x', y: 'y', fill: l.colour, r: 2.5, filter: defined }))),
        Plot.dot(highlight, { x: 'x', y: 'y', stroke: lines[0]?.colour ?? '#000', r: 6, strokeWidth: 2 }),
        // A break in the series is marked where it happens.
        breaks.length ? Plot.ruleX(breaks, { x: 'x', stroke: '#1a1a1a', strokeDasharray: '1 2' }) : null,
        Plot.tip(
          data.flat().filter(defined),
          Plot.pointerX({
            x: 'x',
            y: 'y',
            title: (d: Datum) => `${d.who}\n${String(d.x)}: ${formatNumber(d.y as number, locale, decimals)} ${unit}${d.brk ? ` (${t('flags.breakInSeries')})` : ''}`,
          }),
        ),
      ],
    });
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [lines, unit, decimals, locale, years, highlightPeriod, t]);

  const periods = [...new Set(lines.flatMap((l) => l.points.map((p) => p.period)))].sort();
  const byLine = lines.map((l) => new Map(l.points.map((p) => [p.period, p])));
  const show = (p: SeriesPoint | undefined) =>
    !p ? '–' : p.flags?.suppressed ? '.' : p.value === null || p.flags?.missing ? t('flags.missing') : formatNumber(p.value, locale, decimals) + (p.flags?.breakInSeries ? ' ¦' : '') + (p.flags?.provisional ? ' *' : '');

  return (
    <figure className="series" aria-label={label}>
      <div className="series-key" aria-hidden="true">
        {lines.map((l) => (
          <span key={l.name}><span className="key-line" style={{ borderTop: `${l.dashed ? 2 : 3}px ${l.dashed ? 'dashed' : 'solid'} ${l.colour}` }} /> {l.name}</span>
        ))}
      </div>
      <div ref={host} className="series-plot" data-testid="series-chart" />
      <details className="series-table">
        <summary>{t('series.asTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('series.period')}</th>
              {lines.map((l) => <th key={l.name} scope="col" className="num">{l.name}</th>)}
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                {byLine.map((m, i) => <td key={i} className="num">{show(m.get(p))}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
