import { lazy, Suspense, useEffect } from 'react';
import { useI18n } from './shared/i18n.ts';
import { useApi } from './shared/useApi.ts';
import { getMeta } from './shared/meta.ts';
import { hrefFor, useRoute } from './shared/route.ts';
import { isPublicMode } from './shared/api.ts';
import { SkipLinks } from './shared/SkipLinks.tsx';
import { ModuleNav, useModulePage } from './auth/ModuleRoutes.tsx';
import { AccountMenu } from './auth/AccountMenu.tsx';
import { DataDeskNav, useDataDeskPage } from './datadesk/DataDesk.tsx';
import { UptakeNavLink, useUptakePage } from './uptake/route.tsx';
import { GoalsNavLink, useGoalsPage } from './goals/route.tsx';
import { DemographyNavLink, useDemographyPage } from './demography/route.tsx';
import { isBudgetRoute } from './budget/route.ts';
import { AdminNavLink, useAdminPage } from './admin/route.tsx';
import { OrganisationsNavLink, useOrganisationsPage } from './organisations/route.tsx';
import { useWorkspaceLanding } from './auth/workspace.ts';

// Each page is its own chunk: the profile or the sources page never loads MapLibre, and the atlas
// does not wait for the index and facility pages.
const AtlasPage = lazy(() => import('./atlas/AtlasPage.tsx').then((m) => ({ default: m.AtlasPage })));
const SourcesPage = lazy(() => import('./sources/SourcesPage.tsx').then((m) => ({ default: m.SourcesPage })));
const ProfilePage = lazy(() => import('./reports/ProfilePage.tsx').then((m) => ({ default: m.ProfilePage })));
const BudgetPage = lazy(() => import('./budget/BudgetPage.tsx').then((m) => ({ default: m.BudgetPage })));
const IndicatorPage = lazy(() => import('./indicators/IndicatorPage.tsx').then((m) => ({ default: m.IndicatorPage })));
import { CoordinationNav, useCoordinationPage } from './coordination/routes.tsx';

export function App() {
  const { t, lang, setLang } = useI18n();
  const [route, setParams] = useRoute();
  const meta = useApi('meta', getMeta);
  const synthetic = meta.state === 'ready' && meta.data.synthetic;
  const city = meta.state === 'ready' ? meta.data.city.name : '';
  const other = lang === 'de' ? 'en' : 'de';
  const publicMode = isPublicMode();
  const deskPage = useDataDeskPage();
  const coordinationPage = useCoordinationPage();
  const otherModulePage = useModulePage(); // hooks first, unconditionally; then choose
  const adminPage = useAdminPage();
  const organisationsPage = useOrganisationsPage();
  const modulePage = coordinationPage ?? adminPage ?? organisationsPage ?? otherModulePage ?? deskPage;
  const uptakePage = useUptakePage();
  const goalsPage = useGoalsPage();
  useWorkspaceLanding(); // a signed-in user opening the start page lands on their workspace
  const demographyPage = useDemographyPage();

  useEffect(() => {
    document.title = `${t('app.title')} – ${t('app.subtitle')}`;
  }, [t]);

  return (
    <>
      <SkipLinks
        targets={[
          { id: 'main', label: t('app.skip') },
          ...(route.page === 'atlas' && !modulePage ? [{ id: 'atlas-map', label: t('skip.map') }, { id: 'atlas-table', label: t('skip.table') }] : []),
        ]}
      />
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <p className="subtitle">
            {t('app.subtitle')}
            {city && <span className="city"> · {city}</span>}
          </p>
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          <a href={hrefFor('atlas', undefined, [], publicMode ? route.base : '/')} aria-current={route.page === 'atlas' && !modulePage && !uptakePage ? 'page' : undefined}>{t('nav.atlas')}</a>
          <a href={hrefFor('sources')} aria-current={route.page === 'sources' ? 'page' : undefined}>{t('nav.sources')}</a>
          {!publicMode && <ModuleNav current={modulePage?.key ?? null} />}
          {!publicMode && <OrganisationsNavLink current={modulePage?.key ?? null} />}
          {!publicMode && <CoordinationNav current={Boolean(modulePage?.key.startsWith('coord'))} />}
          {!publicMode && <DataDeskNav current={modulePage?.key ?? null} />}
          {!publicMode && <UptakeNavLink current={uptakePage !== null} />}
          {!publicMode && <GoalsNavLink current={goalsPage !== null} />}
          {!publicMode && <AdminNavLink current={modulePage?.key === 'admin-users'} />}
          {!publicMode && <DemographyNavLink current={demographyPage !== null} />}
          {!publicMode && <a href="#/budget" aria-current={isBudgetRoute() ? 'page' : undefined}>{lang === 'de' ? 'Mittelverteilung' : 'Budget'}</a>}
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
        <Suspense fallback={<p className="status">{t('app.loading')}</p>}>
          {goalsPage ?? uptakePage ?? (demographyPage && !publicMode ? demographyPage : null) ?? (isBudgetRoute() && !publicMode ? <BudgetPage />
            : modulePage ? modulePage.page
            : route.page === 'sources' ? <SourcesPage />
            : route.page === 'profile' ? <ProfilePage layer={route.args[0]} code={route.args[1]} />
              : route.page === 'indicator' ? <IndicatorPage indicatorKey={route.args[0]} />
                : <AtlasPage params={route.params} setParams={setParams} />)}
        </Suspense>
      </main>
    </>
  );
}
