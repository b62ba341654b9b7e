import { lazy, type ReactNode } from 'react';
import { useHash } from '../shared/route.ts';
import { useDemographyText } from './text.ts';

// "#/demografie/typen": the typology page and its header link (App.tsx asks here first).
const TypologyPage = lazy(() => import('./TypologyPage.tsx').then((m) => ({ default: m.TypologyPage })));

const HASH = /^#\/demografie(\/|\?|$)/;

export function useDemographyPage(): ReactNode | null {
  const on = HASH.test(useHash());
  return on ? <TypologyPage /> : null;
}

export function DemographyNavLink({ current }: { current: boolean }) {
  const { td } = useDemographyText();
  return <a href="#/demografie/typen" aria-current={current ? 'page' : undefined}>{td('nav')}</a>;
}
