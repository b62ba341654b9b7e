import { lazy, type ReactNode } from 'react';
import { useSession } from '../auth/session.ts';

// The coordination pages load only when one is opened.
const CoordinationHome = lazy(() => import('./PlanningAreaPage.tsx').then((m) => ({ default: m.CoordinationHome })));
const PlanningAreaView = lazy(() => import('./PlanningAreaPage.tsx').then((m) => ({ default: m.PlanningAreaView })));
const GroupPage = lazy(() => import('./GroupPages.tsx').then((m) => ({ default: m.GroupPage })));
const GroupsPage = lazy(() => import('./GroupPages.tsx').then((m) => ({ default: m.GroupsPage })));
const MeetingPage = lazy(() => import('./MeetingPage.tsx').then((m) => ({ default: m.MeetingPage })));
const CalendarPage = lazy(() => import('./CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })));
import { useCoordText } from './text.ts';
import './coordination.css';
import { useHashParts } from '../shared/route.ts';

// Routes of the coordination pages, all under "#/koordination":
//   (start: the coordinator's planning area), /gebiet/{layer}/{code}, /gruppen, /gruppen/{id},
//   /sitzungen/{id} (the link of calendar events), /kalender.


const positive = (s: string | undefined) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function useCoordinationPage(): { key: string; page: ReactNode } | null {
  const parts = useHashParts();
  if (parts[0] !== 'koordination') return null;
  const [, section, a, b] = parts;
  if (section === 'gebiet' && a && b) return { key: `coord-area-${a}-${b}`, page: <PlanningAreaView key={`${a}/${b}`} layer={a} code={b} /> };
  if (section === 'gruppen' && positive(a)) return { key: `coord-group-${a}`, page: <GroupPage key={a} groupId={positive(a)!} /> };
  if (section === 'gruppen') return { key: 'coord-groups', page: <GroupsPage /> };
  if (section === 'sitzungen' && positive(a)) return { key: `coord-meeting-${a}`, page: <MeetingPage key={a} meetingId={positive(a)!} /> };
  if (section === 'kalender') return { key: 'coord-calendar', page: <CalendarPage /> };
  return { key: 'coord-home', page: <CoordinationHome /> };
}

/** The header link, for signed-in users. */
export function CoordinationNav({ current }: { current: boolean }) {
  const { tc } = useCoordText();
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  return <a href="#/koordination" aria-current={current ? 'page' : undefined}>{tc('nav.coordination')}</a>;
}

/** The sub-navigation of the coordination pages. */
export function CoordinationTabs() {
  const { tc } = useCoordText();
  return (
    <nav className="coord-tabs" aria-label={tc('nav.coordination')}>
      <a href="#/koordination">{tc('home.areas')}</a>
      <a href="#/koordination/gruppen">{tc('groups.title')}</a>
      <a href="#/koordination/kalender">{tc('calendar.title')}</a>
    </nav>
  );
}
