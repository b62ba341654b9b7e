import { lazy, type ReactNode } from 'react';
import { useHashParts } from '../shared/route.ts';
import { useGoalText } from './text.ts';
import './goals.css';

// "#/ziele" and its pages (App.tsx asks here): the overview, /ziel/{id}, /werkstatt/{id},
// /vereinbarung/{id}, /vereinbarung/{id}/bericht/{YYYY-MM-DD}, /dialog/{id}. Pages load lazily.
const GoalsPage = lazy(() => import('./GoalsPage.tsx').then((m) => ({ default: m.GoalsPage })));
const GoalDetail = lazy(() => import('./GoalDetail.tsx').then((m) => ({ default: m.GoalDetail })));
const WorkshopPage = lazy(() => import('./WorkshopPage.tsx').then((m) => ({ default: m.WorkshopPage })));
const AgreementPage = lazy(() => import('./AgreementPage.tsx').then((m) => ({ default: m.AgreementPage })));
const ReportPage = lazy(() => import('./ReportForm.tsx').then((m) => ({ default: m.ReportPage })));
const DialoguePage = lazy(() => import('./DialoguePage.tsx').then((m) => ({ default: m.DialoguePage })));

const positive = (s: string | undefined) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function useGoalsPage(): ReactNode | null {
  const parts = useHashParts();
  if (parts[0] !== 'ziele') return null;
  const [, section, a, b, c] = parts;
  const id = positive(a);
  if (section === 'ziel' && id) return <GoalDetail key={`g${id}`} goalId={id} />;
  if (section === 'werkstatt' && id) return <WorkshopPage key={`w${id}`} workshopId={id} />;
  if (section === 'vereinbarung' && id && b === 'bericht' && c && /^\d{4}-\d{2}-\d{2}$/.test(c)) return <ReportPage key={`r${id}-${c}`} agreementId={id} due={c} />;
  if (section === 'vereinbarung' && id) return <AgreementPage key={`a${id}`} agreementId={id} />;
  if (section === 'dialog' && id) return <DialoguePage key={`d${id}`} dialogueId={id} />;
  return <GoalsPage />;
}

export function GoalsNavLink({ current }: { current: boolean }) {
  const { tg } = useGoalText();
  return <a href="#/ziele" aria-current={current ? 'page' : undefined}>{tg('nav')}</a>;
}
