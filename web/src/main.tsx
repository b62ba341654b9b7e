import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './shared/i18n.ts';
import { App } from './App.tsx';
import './shared/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
