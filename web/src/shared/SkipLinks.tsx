import type { MouseEvent } from 'react';
import { useI18n } from './i18n.ts';

// Skip links move the keyboard focus, nothing else: the address's hash is the router's (and the
// atlas keeps its selection there), so "#main" must never land in location.hash.

export interface SkipTarget { id: string; label: string }

function jump(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  target.scrollIntoView({ block: 'start' });
}

export function SkipLinks({ targets }: { targets: SkipTarget[] }) {
  const { t } = useI18n();
  return (
    <nav className="skip-links" aria-label={t('skip.label')}>
      {targets.map((s) => (
        <a key={s.id} className="skip-link" href={`#${s.id}`} onClick={(e) => jump(e, s.id)}>{s.label}</a>
      ))}
    </nav>
  );
}
