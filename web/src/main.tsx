import { StrictMode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './shared/i18n.ts';
import { App } from './App.tsx';
import './shared/styles.css';
import { prefetch, query } from './shared/api.ts';
import { currentHash, parseHash } from './shared/route.ts';
import { queryClient } from './shared/useApi.ts';

// The first map needs indicators, layers, outlines and values: ask for all of them at once, before
// React and MapLibre have started, instead of one after the other.
{
  const route = parseHash(currentHash());
  for (const path of ['/api/meta', '/api/indicators', '/api/layers']) prefetch(path);
  const layer = route.params.get('layer');
  const indicator = route.params.get('indicator');
  const period = route.params.get('period');
  if (route.page === 'atlas' && layer) {
    prefetch(`/api/areas?${query({ layer, simplify: 'auto' })}`);
    if (indicator && period) prefetch(`/api/observations?${query({ indicator, period, layer })}`);
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
