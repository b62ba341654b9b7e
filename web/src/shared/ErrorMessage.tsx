import { useI18n } from './i18n.ts';
import { errorText } from './api.ts';

export function ErrorMessage({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  return (
    <div className="error" role="alert">
      <strong>{t('error.title')}:</strong> {errorText(error, lang)}
    </div>
  );
}
