import { useI18n } from '../shared/i18n.ts';
import { formatNumber } from '../shared/format.ts';
import type { Polarity } from '../indicators/api.ts';
import type { Classes } from './classify.ts';

interface Props {
  id: string;
  classes: Classes;
  colours: string[];
  counts: number[];
  missing: number;
  suppressed: number;
  provisional?: number;
  breakInSeries?: number;
  /** Change map: "Veränderung 2019 → 2024". */
  caption?: string;
  /** Change map: blue = decrease, red = increase. */
  changeView?: boolean;
  unit: string;
  decimals: number;
  polarity: Polarity;
  /** The indicator has no values at all (e.g. supply not computed yet). */
  noValues?: boolean;
  /** Why the values shown are not believable (see Choropleth.implausible). */
  implausible?: 'all-zero' | null;
  period?: string;
}

/**
 * The legend is HTML text, not a picture: screen readers get the class bounds and counts as a
 * list, and the map's aria-describedby points here.
 */
export function Legend({ id, classes, colours, counts, missing, suppressed, provisional = 0, breakInSeries = 0, caption, changeView = false, unit, decimals, polarity, noValues = false, implausible = null, period = '' }: Props) {
  const { t, locale } = useI18n();
  const fmt = (v: number) => formatNumber(v, locale, decimals);
  const areas = (n: number) => (n === 1 ? t('legend.countOne') : t('legend.count', { count: n }));

  return (
    <section className="legend" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="legend-title">
        {t('legend.title')}{caption ? `: ${caption}` : ''} <span className="legend-unit">({t('legend.unit', { unit })})</span>
      </h3>
      {noValues ? <p className="legend-empty">{t('legend.noValues')}</p> : classes.count === 0 && <p className="legend-empty">{t('legend.empty')}</p>}
      {implausible === 'all-zero' && <p className="legend-warning" data-testid="implausible">{t('legend.implausibleZero', { period })}</p>}
      <ul className="legend-list">
        {colours.map((colour, i) => {
          const from = fmt(classes.breaks[i]);
          const to = fmt(classes.breaks[i + 1]);
          const last = i === classes.count - 1;
          return (
            <li key={colour + i}>
              <span className="swatch" style={{ background: colour }} aria-hidden="true" />
              <span className="legend-range">{t(last ? 'legend.rangeLast' : 'legend.range', { from, to })}</span>
              <span className="legend-count">{areas(counts[i] ?? 0)}</span>
            </li>
          );
        })}
        {missing > 0 && (
          <li>
            <span className="swatch swatch-missing" aria-hidden="true" />
            <span className="legend-range">{t('legend.noData')}</span>
            <span className="legend-count">{areas(missing)}</span>
          </li>
        )}
        {suppressed > 0 && (
          <li>
            <span className="swatch swatch-suppressed" aria-hidden="true" />
            <span className="legend-range">{t('legend.suppressed')}</span>
            <span className="legend-count">{areas(suppressed)}</span>
          </li>
        )}
        {provisional > 0 && (
          <li>
            <span className="swatch swatch-provisional" aria-hidden="true" />
            <span className="legend-range">{t('legend.provisional')}</span>
            <span className="legend-count">{areas(provisional)}</span>
          </li>
        )}
        {breakInSeries > 0 && (
          <li>
            <span className="swatch swatch-break" aria-hidden="true" />
            <span className="legend-range">{t('legend.breakInSeries')}</span>
            <span className="legend-count">{areas(breakInSeries)}</span>
          </li>
        )}
      </ul>
      <p className="legend-note">{changeView ? t('legend.changeNote') : t(`legend.polarity.${polarity}`)}</p>
    </section>
  );
}
