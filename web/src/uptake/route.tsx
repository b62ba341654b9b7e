import { lazy, type ReactNode } from 'react';
import { useHash } from '../shared/route.ts';

// The page (with the map) loads only when it is opened.
const UptakePage = lazy(() => import('./UptakePage.tsx').then((m) => ({ default: m.UptakePage })));
import { useUptakeText } from './text.ts';

// "#/inanspruchnahme": the page and its header link (App.tsx asks here first).

const HASH = /^#\/inanspruchnahme(\/|\?|$)/;

export function useUptakePage(): ReactNode | null {
  const on = HASH.test(useHash());
  return on ? <UptakePage /> : null;
}

export function UptakeNavLink({ current }: { current: boolean }) {
  const { tu } = useUptakeText();
  return <a href="#/inanspruchnahme" aria-current={current ? 'page' : undefined}>{tu('nav')}</a>;
}
