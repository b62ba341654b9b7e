import { lazy, type ReactNode } from 'react';
import { useText } from './text.ts';
import { useHashParts, useHashQuery } from '../shared/route.ts';

// Loaded when first visited (App.tsx wraps the page in Suspense).
const IndexPage = lazy(() => import('../indices/IndexPage.tsx').then((m) => ({ default: m.IndexPage })));
const FacilitiesPage = lazy(() => import('../facilities/FacilitiesPage.tsx').then((m) => ({ default: m.FacilitiesPage })));
const FacilityDetailPage = lazy(() => import('../facilities/FacilityDetailPage.tsx').then((m) => ({ default: m.FacilityDetailPage })));

// Routes of the index and facility pages: "#/index", "#/einrichtungen", "#/einrichtungen/{id}".
// App.tsx asks for the page here first and falls back to its own routes.


export function useModulePage(): { key: string; page: ReactNode } | null {
  const parts = useHashParts();
  const query = useHashQuery();
  if (parts[0] === 'index') return { key: 'index', page: <IndexPage /> };
  if (parts[0] === 'einrichtungen') {
    const id = Number(parts[1]);
    if (parts[1] && Number.isInteger(id) && id > 0) return { key: `facility-${id}`, page: <FacilityDetailPage key={id} facilityId={id} /> };
    const organisation = Number(query.get('organisation'));
    const own = Number.isInteger(organisation) && organisation > 0 ? organisation : null;
    return { key: 'facilities', page: <FacilitiesPage key={own ?? 'all'} organisation={own} /> };
  }
  return null;
}

/** Navigation links of the index and facility pages (for the header). */
export function ModuleNav({ current }: { current: string | null }) {
  const { tm } = useText();
  return (
    <>
      <a href="#/index" aria-current={current === 'index' ? 'page' : undefined}>{tm('nav.index')}</a>
      <a href="#/einrichtungen" aria-current={current?.startsWith('facilit') ? 'page' : undefined}>{tm('nav.facilities')}</a>
    </>
  );
}
