import { lazy, type ReactNode } from 'react';
import { useSession } from '../auth/session.ts';
import { useHashParts } from '../shared/route.ts';
import { useAdminText } from './text.ts';

// "#/verwaltung/benutzer" (also "#/verwaltung"): the user administration; the header link only for
// the 'admin' permission. App.tsx asks here; the page loads when first visited.
const UsersPage = lazy(() => import('./UsersPage.tsx').then((m) => ({ default: m.UsersPage })));

export function useAdminPage(): { key: string; page: ReactNode } | null {
  const parts = useHashParts();
  if (parts[0] !== 'verwaltung') return null;
  return { key: 'admin-users', page: <UsersPage /> };
}

export function AdminNavLink({ current }: { current: boolean }) {
  const { ta } = useAdminText();
  const session = useSession();
  if (!session.can('admin')) return null;
  return <a href="#/verwaltung/benutzer" aria-current={current ? 'page' : undefined}>{ta('nav.users')}</a>;
}
