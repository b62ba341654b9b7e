import { lazy, type ReactNode } from 'react';
import { useSession } from '../auth/session.ts';
import { SignInNotice } from '../auth/AccountMenu.tsx';
import { useDeskText } from './text.ts';

// Each desk page (the publication preview draws a map) loads only when it is opened.
const ImportPage = lazy(() => import('./ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const HistoryPage = lazy(() => import('./HistoryPage.tsx').then((m) => ({ default: m.HistoryPage })));
const CataloguePage = lazy(() => import('./CataloguePage.tsx').then((m) => ({ default: m.CataloguePage })));
const PublicationPage = lazy(() => import('./PublicationPage.tsx').then((m) => ({ default: m.PublicationPage })));
import './datadesk.css';
import { useHashParts } from '../shared/route.ts';

// The data desk of analysts and admins (permission data:write): "#/daten/import",
// "#/daten/importe" (history, "#/daten/importe/{id}" one record), "#/daten/indikatoren" (catalogue,
// "#/daten/indikatoren/{key}" one indicator) and "#/daten/veroeffentlichung". App.tsx asks here
// after the module routes.

export type DeskPage = 'import' | 'history' | 'catalogue' | 'publication';

const SEGMENT: Record<DeskPage, string> = { import: 'import', history: 'importe', catalogue: 'indikatoren', publication: 'veroeffentlichung' };

export const deskHref = (page: DeskPage, arg?: string | number) => `#/daten/${SEGMENT[page]}${arg !== undefined ? `/${encodeURIComponent(String(arg))}` : ''}`;


function Guarded({ children }: { children: ReactNode }) {
  const session = useSession();
  const { dt } = useDeskText();
  if (session.status === 'unknown') return <p aria-busy="true">{dt('desk.checking')}</p>;
  if (!session.can('data:write')) {
    return (
      <section className="datadesk">
        <h2>{dt('desk.title')}</h2>
        <SignInNotice need="data:write" />
      </section>
    );
  }
  return <section className="datadesk">{children}</section>;
}

export function useDataDeskPage(): { key: string; page: ReactNode } | null {
  const parts = useHashParts();
  if (parts[0] !== 'daten') return null;
  const page = (Object.keys(SEGMENT) as DeskPage[]).find((p) => SEGMENT[p] === parts[1]) ?? 'import';
  const arg = parts[2];
  const content = page === 'history' ? <HistoryPage recordId={arg ? Number(arg) : null} />
    : page === 'catalogue' ? <CataloguePage indicatorKey={arg ?? null} />
      : page === 'publication' ? <PublicationPage />
        : <ImportPage />;
  return { key: `desk-${page}`, page: <Guarded><DeskNav current={page} />{content}</Guarded> };
}

/** The desk's own tabs (inside the page). */
function DeskNav({ current }: { current: DeskPage }) {
  const { dt } = useDeskText();
  const pages: DeskPage[] = ['import', 'history', 'catalogue', 'publication'];
  return (
    <nav className="dd-tabs" aria-label={dt('desk.title')}>
      {pages.map((p) => (
        <a key={p} href={deskHref(p)} aria-current={current === p ? 'page' : undefined}>{dt(`tab.${p}`)}</a>
      ))}
    </nav>
  );
}

/** Header link to the desk, only for roles that may write data (analyst, admin). */
export function DataDeskNav({ current }: { current: string | null }) {
  const session = useSession();
  const { dt } = useDeskText();
  if (!session.can('data:write')) return null;
  return <a href={deskHref('import')} aria-current={current?.startsWith('desk-') ? 'page' : undefined}>{dt('nav.desk')}</a>;
}
