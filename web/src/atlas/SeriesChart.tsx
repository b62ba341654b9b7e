import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';
import { useI18n } from '../shared/i18n.ts';
import { formatNumber } from '../shared/format.ts';
import type { SeriesPoint } from '../areas/api.ts';

interface Props {
  areaName: string;
  indicatorName: string;
  unit: string;
  decimals: number;
  points: SeriesPoint[];
  cityPoints: SeriesPoint[] | null;
  cityName: string;
  highlightPeriod: string;
}

interface Datum { x: number | string; y: number | null; who: string }

const AREA_COLOUR = '#7a0177';
const CITY_COLOUR = '#4d4d4d';

/** Years become numbers (tickFormat 'd' keeps "2024" from becoming "2,024"); other periods stay ordinal. */
function periodsAreYears(points: SeriesPoint[]): boolean {
  return points.every((p) => /^\d{4}$/.test(p.period));
}

export function SeriesChart({ areaName, indicatorName, unit, decimals, points, cityPoints, cityName, highlightPeriod }: Props) {
  const { t, locale } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const years = periodsAreYears(points) && (cityPoints === null || periodsAreYears(cityPoints));

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const toData = (list: SeriesPoint[], who: string): Datum[] =>
      list.map((p) => ({
        x: years ? Number(p.period) : p.period,
        // A suppressed or missing point is a gap in the line, never a drop to zero.
        y: p.value === null || p.flags?.suppressed || p.flags?.missing ? null : p.value,
        who,
      }));
    const area = toData(points, areaName);
    const city = cityPoints ? toData(cityPoints, cityName) : [];
    const defined = (d: Datum) => d.y !== null;
    const highlight = area.filter((d) => String(d.x) === highlightPeriod && defined(d));
    const width = Math.max(280, el.clientWidth);

    const chart = Plot.plot({
      width,
      height: 220,
      marginLeft: 64,
      marginTop: 28,
      marginRight: 16,
      style: { fontSize: '12px', background: 'transparent', color: '#1a1a1a' },
      x: years ? { tickFormat: 'd', label: null, ticks: Math.min(8, Math.floor(width / 60)) } : { type: 'point', label: null },
      y: { grid: true, label: unit, tickFormat: (v: number) => formatNumber(v, locale, decimals), nice: true, zero: false },
      marks: [
        city.length ? Plot.line(city, { x: 'x', y: 'y', stroke: CITY_COLOUR, strokeDasharray: '4 3', strokeWidth: 1.5, filter: defined }) : null,
        Plot.line(area, { x: 'x', y: 'y', stroke: AREA_COLOUR, strokeWidth: 2, filter: defined }),
        Plot.dot(area, { x: 'x', y: 'y', fill: AREA_COLOUR, r: 2.5, filter: defined }),
        Plot.dot(highlight, { x: 'x', y: 'y', stroke: AREA_COLOUR, r: 6, strokeWidth: 2 }),
        Plot.tip(
          [...area, ...city].filter(defined),
          Plot.pointerX({
            x: 'x',
            y: 'y',
            title: (d: Datum) => `${d.who}\n${String(d.x)}: ${formatNumber(d.y as number, locale, decimals)} ${unit}`,
          }),
        ),
      ],
    });
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [points, cityPoints, areaName, cityName, unit, decimals, locale, years, highlightPeriod]);

  const first = points[0]?.period ?? '';
  const last = points[points.length - 1]?.period ?? '';
  const cityByPeriod = new Map((cityPoints ?? []).map((p) => [p.period, p]));
  const show = (p: SeriesPoint | undefined) =>
    !p ? '–' : p.flags?.suppressed ? '.' : p.value === null || p.flags?.missing ? t('flags.missing') : formatNumber(p.value, locale, decimals);

  return (
    <figure className="series" aria-label={t('series.label', { indicator: indicatorName, area: areaName, from: first, to: last })}>
      <div className="series-key" aria-hidden="true">
        <span><span className="key-line key-area" /> {areaName}</span>
        {cityPoints && <span><span className="key-line key-city" /> {cityName}</span>}
      </div>
      <div ref={host} className="series-plot" data-testid="series-chart" />
      <details className="series-table">
        <summary>{t('series.asTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('series.period')}</th>
              <th scope="col" className="num">{areaName}</th>
              {cityPoints && <th scope="col" className="num">{cityName}</th>}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.period}>
                <th scope="row">{p.period}</th>
                <td className="num">{show(p)}</td>
                {cityPoints && <td className="num">{show(cityByPeriod.get(p.period))}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
