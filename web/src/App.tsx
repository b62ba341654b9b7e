import { useEffect } from 'react';
import { useI18n } from './shared/i18n.ts';
import { useApi } from './shared/useApi.ts';
import { getMeta } from './shared/meta.ts';
import { hrefFor, useRoute } from './shared/route.ts';
import { AtlasPage } from './atlas/AtlasPage.tsx';
import { SourcesPage } from './sources/SourcesPage.tsx';
import { ProfilePage } from './reports/ProfilePage.tsx';
import { IndicatorPage } from './indicators/IndicatorPage.tsx';
import { isPublicMode } from './shared/api.ts';
import { ModuleNav, useModulePage } from './auth/ModuleRoutes.tsx';
import { AccountMenu } from './auth/AccountMenu.tsx';
import { CoordinationNav, useCoordinationPage } from './coordination/routes.tsx';

export function App() {
  const { t, lang, setLang } = useI18n();
  const [route, setParams] = useRoute();
  const meta = useApi('meta', getMeta);
  const synthetic = meta.state === 'ready' && meta.data.synthetic;
  const city = meta.state === 'ready' ? meta.data.city.name : '';
  const other = lang === 'de' ? 'en' : 'de';
  const publicMode = isPublicMode();
  const coordinationPage = useCoordinationPage();
  const otherModulePage = useModulePage();
  const modulePage = coordinationPage ?? otherModulePage;

  useEffect(() => {
    document.title = `${t('app.title')} – ${t('app.subtitle')}`;
  }, [t]);

  return (
    <>
      <a className="skip-link" href="#main">{t('app.skip')}</a>
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <p className="subtitle">
            {t('app.subtitle')}
            {city && <span className="city"> · {city}</span>}
          </p>
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          <a href={hrefFor('atlas', undefined, [], publicMode ? route.base : '/')} aria-current={route.page === 'atlas' && !modulePage ? 'page' : undefined}>{t('nav.atlas')}</a>
          <a href={hrefFor('sources')} aria-current={route.page === 'sources' ? 'page' : undefined}>{t('nav.sources')}</a>
          {!publicMode && <ModuleNav current={modulePage?.key ?? null} />}
          {!publicMode && <CoordinationNav current={Boolean(modulePage?.key.startsWith('coord'))} />}
          <button type="button" className="lang-switch" lang={other} aria-label={t('lang.switchLabel')} onClick={() => setLang(other)}>
            {t('lang.switch')}
          </button>
          {!publicMode && <AccountMenu />}
        </nav>
      </header>
      {synthetic && (
        <p className="synthetic-banner" role="note">
          <strong>{t('app.synthetic')}</strong>
        </p>
      )}
      {publicMode && (
        <p className="public-banner" role="note">{t('app.public')}</p>
      )}
      <main id="main" tabIndex={-1}>
        {modulePage ? modulePage.page
          : route.page === 'sources' ? <SourcesPage />
          : route.page === 'profile' ? <ProfilePage layer={route.args[0]} code={route.args[1]} />
            : route.page === 'indicator' ? <IndicatorPage indicatorKey={route.args[0]} />
              : <AtlasPage params={route.params} setParams={setParams} />}
      </main>
    </>
  );
}
