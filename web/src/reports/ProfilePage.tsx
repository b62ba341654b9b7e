import { useEffect } from 'react';
import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatNumber } from '../shared/format.ts';
import { hrefFor } from '../shared/route.ts';
import { getProfile, profilePdfUrl, type ProfileItem } from './api.ts';
import { LocatorMap } from './LocatorMap.tsx';
import { Sparkline } from './Sparkline.tsx';
import { DemographySection, mediumAt, useAreaDemography } from '../demography/DemographySection.tsx';

export function ProfilePage({ layer, code }: { layer: string; code: string }) {
  const { t, lang, locale, pick } = useI18n();
  const profile = useApi(`profile|${layer}|${code}`, (signal) => getProfile(layer, code, signal));
  const demo = useAreaDemography(layer, code);
  // "Bevölkerungsprognose": the medium projection for 2030 where the demography module has one.
  const forecast2030 = demo.data.state === 'ready' ? mediumAt(demo.data.data, 2030) : null;

  useEffect(() => {
    if (profile.state === 'ready') document.title = `${t('profile.title', { area: profile.data.area.name })} – ${t('app.title')}`;
  }, [profile, t]);

  if (profile.state === 'loading') return <p className="status">{t('profile.loading')}</p>;
  if (profile.state === 'error') return <ErrorMessage error={profile.error} />;
  const p = profile.data;
  const unitOf = (i: ProfileItem) => (i.indicator ? pick(i.indicator.unit, i.indicator.unitEn) : '');
  const fmt = (i: ProfileItem, v: number | null) => (v === null ? <span className="no-data">{t('flags.missing')}</span> : <span><span className="nowrap">{formatNumber(v, locale, i.indicator?.decimals ?? 0)}</span> {unitOf(i)}</span>);
  const change = (i: ProfileItem) => {
    if (i.change === null || !i.previous) return '–';
    const d = i.indicator?.decimals ?? 0;
    const sign = i.change > 0 ? '+' : i.change < 0 ? '−' : '±';
    const unit = i.indicator?.kind === 'share' ? t('profile.pp') : unitOf(i);
    return <span><span className="nowrap">{sign}{formatNumber(Math.abs(i.change), locale, d)}</span> {unit} <span className="muted">({t('profile.since', { period: i.previous.period })})</span></span>;
  };
  const atlasParams = new URLSearchParams({ layer, areas: code });

  return (
    <article className="profile" aria-labelledby="profile-title">
      <p className="no-print"><a href={hrefFor('atlas', atlasParams)}>← {t('profile.back')}</a></p>
      <header className="profile-head">
        <div>
          <h2 id="profile-title">{t('profile.title', { area: p.area.name })}</h2>
          <p className="muted">
            {t('profile.level', { layer: pick(p.area.layerName, p.area.layerNameEn), code: p.area.code })}
            {p.parent && <> · {pick(p.parent.layerName, p.parent.layerNameEn)}: {p.parent.name}</>}
            {p.city && <> · {p.city.name}</>}
          </p>
        </div>
        <LocatorMap layer={layer} code={code} label={t('profile.locator', { area: p.area.name })} />
        <div className="profile-actions no-print">
          <button type="button" onClick={() => window.print()}>{t('profile.print')}</button>
          <a className="button-link" href={profilePdfUrl(layer, code, lang)} data-testid="profile-pdf">{t('profile.pdf')}</a>
        </div>
      </header>
      {p.sections.map((s) => (
        <section key={s.key} className="profile-section" aria-labelledby={`sec-${s.key}`}>
          <h3 id={`sec-${s.key}`}>{pick(s.title.de, s.title.en)}</h3>
          {s.note && <p className="note">{pick(s.note.de, s.note.en)}</p>}
          {s.items.length > 0 && (
            <table className="profile-table">
              <thead>
                <tr>
                  <th scope="col">{t('profile.indicator')}</th>
                  <th scope="col" className="num">{t('profile.value')}</th>
                  <th scope="col" className="num">{t('profile.change')}</th>
                  <th scope="col" className="num">{p.parent?.name ?? t('profile.parent')}</th>
                  <th scope="col" className="num">{p.city?.name ?? t('profile.city')}</th>
                  <th scope="col">{t('profile.compare')}</th>
                  <th scope="col">{t('profile.trend')}</th>
                </tr>
              </thead>
              <tbody>
                {s.items.map((i) => {
                  const label = pick(i.label.de, i.label.en);
                  if (!i.available && i.slot === 'forecast' && forecast2030 !== null) {
                    return (
                      <tr key={i.slot} data-slot={i.slot} data-testid="profile-forecast">
                        <th scope="row">{label}<div className="small muted">2030, {lang === 'de' ? 'Szenario mittel (Projektion, siehe Demografie)' : 'medium scenario (projection, see Demography)'}</div></th>
                        <td className="num" data-label={t('profile.value')}>{formatNumber(forecast2030, locale, 0)}<span className="flag-mark"> ({lang === 'de' ? 'Prognose' : 'forecast'})</span></td>
                        <td colSpan={5}><a href="#sec-demography">{lang === 'de' ? 'Projektion, Korridor und Rückblicktest' : 'projection, corridor and backtest'}</a></td>
                      </tr>
                    );
                  }
                  if (!i.available) {
                    return (
                      <tr key={i.slot} className="missing" data-slot={i.slot}>
                        <th scope="row">{label}</th>
                        <td colSpan={6} data-label={t('profile.value')}><span className="no-data">{t('flags.missing')}</span></td>
                      </tr>
                    );
                  }
                  const flags = [i.flags?.provisional && t('flags.provisional'), i.flags?.estimated && t('flags.estimated'), i.flags?.breakInSeries && t('flags.breakInSeries')].filter(Boolean);
                  const cmp = i.comparison?.vsCity ? `${t(`cmp.${i.comparison.vsCity}`)}${i.comparison.unstable ? `; ${t('profile.unstable')}` : ''}` : '–';
                  const first = i.series.find((x) => x.value !== null)?.period ?? '';
                  return (
                    <tr key={i.slot} data-slot={i.slot}>
                      <th scope="row">
                        {i.indicator ? <a href={hrefFor('indicator', undefined, [i.indicator.key])}>{label}</a> : label}
                        <div className="small muted">{i.period}</div>
                        <div className="small muted source">{t('profile.source', { source: [i.indicator?.source, i.indicator?.licence].filter(Boolean).join(', ') || '–', date: i.indicator?.updatedAt.slice(0, 10) ?? '–' })}</div>
                      </th>
                      <td className="num" data-label={t('profile.value')}>{fmt(i, i.value)}{flags.length > 0 && <span className="flag-mark"> ({flags.join(', ')})</span>}{i.implausible && <span className="implausible" data-testid="implausible"> {lang === 'de' ? 'alle Werte 0 – unplausibel' : 'all values 0 – implausible'}</span>}</td>
                      <td className="num" data-label={t('profile.change')}>{change(i)}</td>
                      <td className="num" data-label={p.parent?.name ?? t('profile.parent')}>{i.parent ? fmt(i, i.parent.value) : '–'}</td>
                      <td className="num" data-label={p.city?.name ?? t('profile.city')}>{i.city ? fmt(i, i.city.value) : '–'}</td>
                      <td data-label={t('profile.compare')}>{cmp}</td>
                      <td data-label={t('profile.trend')}><Sparkline item={i} locale={locale} label={t('profile.trendLabel', { label, from: first, to: i.period ?? '' })} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      ))}
      <DemographySection code={code} demo={demo} />
      <p className="legend-note">{t('profile.note')}</p>
    </article>
  );
}
