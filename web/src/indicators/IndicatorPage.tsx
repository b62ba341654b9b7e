import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { hrefFor } from '../shared/route.ts';
import { getJson } from '../shared/api.ts';
import { getLayers } from '../areas/api.ts';
import { Downloads } from '../atlas/Downloads.tsx';
import type { Indicator } from './api.ts';

/** What an indicator is: definition, unit, polarity, source, licence, last update, periods, download. */
export function IndicatorPage({ indicatorKey }: { indicatorKey: string }) {
  const { t, pick, locale } = useI18n();
  const indicator = useApi(`indicator|${indicatorKey}`, (signal) => getJson<Indicator>(`/api/indicators/${encodeURIComponent(indicatorKey)}`, signal));
  const layers = useApi('layers', getLayers);
  if (indicator.state === 'loading') return <p className="status">{t('app.loading')}</p>;
  if (indicator.state === 'error') return <ErrorMessage error={indicator.error} />;
  const i = indicator.data;
  const layer = layers.state === 'ready' ? layers.data.filter((l) => l.kind === 'geometry').sort((a, b) => b.areaCount - a.areaCount)[0] : undefined;
  const updated = i.updatedAt ? new Date(i.updatedAt).toLocaleDateString(locale, { timeZone: 'Europe/Berlin' }) : '–';
  const latest = i.periods[i.periods.length - 1];
  return (
    <article className="indicator-page" aria-labelledby="indicator-title">
      <p><a href={hrefFor('atlas')}>← {t('profile.back')}</a></p>
      <h2 id="indicator-title">{t('indicator.title', { name: pick(i.name, i.nameEn) })}</h2>
      <dl className="facts">
        <dt>{t('indicator.definition')}</dt><dd>{pick(i.description ?? '', i.descriptionEn) || t('indicator.noDescription')}</dd>
        <dt>{t('indicator.topic')}</dt><dd>{pick(i.topicName, i.topicNameEn)}</dd>
        <dt>{t('indicator.unit')}</dt><dd>{pick(i.unit, i.unitEn) || '–'}</dd>
        <dt>{t('indicator.kind')}</dt><dd>{t(`kind.${i.kind}`)}</dd>
        {i.numerator && i.denominator && (
          <><dt>{t('indicator.formula')}</dt><dd>{t('indicator.formulaShare', { numerator: i.numerator, denominator: i.denominator, scale: i.scale ?? 1 })}</dd></>
        )}
        <dt>{t('indicator.polarity')}</dt><dd>{t(`polarity.${i.polarity}`)}</dd>
        <dt>{t('indicator.source')}</dt><dd>{i.source ?? '–'}</dd>
        <dt>{t('indicator.licence')}</dt><dd>{i.licence ?? '–'}</dd>
        <dt>{t('indicator.updated')}</dt><dd>{updated}</dd>
        <dt>{t('indicator.periods')}</dt><dd>{i.periods.length ? `${i.periods.join(', ')} (${i.periods.length})` : '–'}</dd>
      </dl>
      <p><a className="button-link" href={hrefFor('atlas', new URLSearchParams({ indicator: i.key }))}>{t('indicator.showMap')}</a></p>
      {layer && <Downloads indicator={i.key} layer={layer.key} period={latest} allPeriods />}
    </article>
  );
}
