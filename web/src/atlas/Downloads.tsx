import { useI18n } from '../shared/i18n.ts';
import { downloadUrl } from '../reports/api.ts';

/** Links to what is on screen as files; the server writes them (formula-safe CSV and XLSX). */
export function Downloads({ indicator, layer, period, allPeriods = false }: { indicator: string; layer: string; period?: string; allPeriods?: boolean }) {
  const { t, lang } = useI18n();
  const p = { indicator, layer, period: allPeriods ? undefined : period, lang };
  const links = [
    { id: 'csv-de', href: downloadUrl('csv', { ...p, dialect: 'de' }), label: t('download.csvDe') },
    { id: 'csv-intl', href: downloadUrl('csv', { ...p, dialect: 'intl' }), label: t('download.csvIntl') },
    { id: 'xlsx', href: downloadUrl('xlsx', p), label: t('download.xlsx') },
    { id: 'geojson', href: downloadUrl('geojson', { ...p, period }), label: t('download.geojson') },
  ];
  return (
    <nav className="downloads" aria-label={t('download.title')}>
      <span className="downloads-title">{t('download.title')}{allPeriods ? ` (${t('download.all')})` : period ? ` (${period})` : ''}:</span>
      <ul>
        {links.map((l) => (
          <li key={l.id}><a href={l.href} download data-download={l.id}>{l.label}</a></li>
        ))}
      </ul>
    </nav>
  );
}
