import { lazy, useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../shared/i18n.ts';

// "#/ziele": the goals page and its header link (App.tsx asks here). The page loads lazily.
const GoalsPage = lazy(() => import('./GoalsPage.tsx').then((m) => ({ default: m.GoalsPage })));
const HASH = /^#\/ziele(\/|\?|$)/;

export function useGoalsPage(): ReactNode | null {
  const [on, setOn] = useState(() => HASH.test(window.location.hash));
  useEffect(() => {
    const onChange = () => setOn(HASH.test(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return on ? <GoalsPage /> : null;
}

export function GoalsNavLink({ current }: { current: boolean }) {
  const { lang } = useI18n();
  return <a href="#/ziele" aria-current={current ? 'page' : undefined}>{lang === 'de' ? 'Ziele' : 'Goals'}</a>;
}
