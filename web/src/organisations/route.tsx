import { lazy, type ReactNode } from 'react';
import { ownOrganisation, useSession } from '../auth/session.ts';
import { hashHref, useHashParts } from '../shared/route.ts';
import { useOrgText } from './text.ts';

// "#/traeger": the list of Träger; "#/traeger/{id}": one Träger with its facilities and offers (a
// provider's own page). App.tsx asks here; the pages load when first visited.
const OrganisationsPage = lazy(() => import('./OrganisationsPage.tsx').then((m) => ({ default: m.OrganisationsPage })));
const OrganisationPage = lazy(() => import('./OrganisationPage.tsx').then((m) => ({ default: m.OrganisationPage })));

export function useOrganisationsPage(): { key: string; page: ReactNode } | null {
  const parts = useHashParts();
  const session = useSession();
  if (parts[0] !== 'traeger') return null;
  const id = Number(parts[1]);
  if (parts[1] && Number.isInteger(id) && id > 0) return { key: `organisation-${id}`, page: <OrganisationPage key={id} organisationId={id} /> };
  // A provider's "Träger" is its own one.
  const own = ownOrganisation(session.user);
  if (own !== null && !session.can('data:read')) return { key: `organisation-${own}`, page: <OrganisationPage key={own} organisationId={own} /> };
  return { key: 'organisations', page: <OrganisationsPage /> };
}

/** The header link: the list for readers of internal data, "Mein Träger" for a provider. */
export function OrganisationsNavLink({ current }: { current: string | null }) {
  const { to } = useOrgText();
  const session = useSession();
  const own = ownOrganisation(session.user);
  if (own !== null) return <a href={hashHref(['traeger', own])} aria-current={current === `organisation-${own}` ? 'page' : undefined}>{to('nav.own')}</a>;
  if (!session.can('data:read')) return null;
  return <a href="#/traeger" aria-current={current?.startsWith('organisation') ? 'page' : undefined}>{to('nav.organisations')}</a>;
}
