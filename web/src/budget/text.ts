import { fillTemplate, useI18n } from '../shared/i18n.ts';

// The budget page's own strings (German default, English), kept beside the page.
const de = {
  title: 'Mittelverteilung',
  intro: 'Bedarfsgerechte Verteilung eines Budgets auf Gebiete: Töpfe, Verteilungsmodelle, Vorschläge nebeneinander, Begründung je Gebiet, Beschluss und Ausschussvorlage.',
  signIn: 'Bitte melden Sie sich an (Planung oder Verwaltung), um Budgets zu sehen.',
  pots: 'Töpfe', pot: 'Topf', domain: 'Bereich', year: 'Haushaltsjahr', source: 'Mittelherkunft', name: 'Name', total: 'Betrag (€)', lastYear: 'Vorjahr', scenarios: 'Vorschläge', decided: 'beschlossen',
  createPot: 'Topf anlegen', models: 'Verteilungsmodelle', template: 'Vorlage', key: 'Schlüssel', alpha: 'Sockelanteil α', w: 'Gewicht Zielgruppe w', floor: 'Untergrenze (floor)', cap: 'Obergrenze (cap)',
  saveModel: 'Modell speichern', noDamping: 'leer = ohne Dämpfung', newScenario: 'Neuer Vorschlag', model: 'Modell', layer: 'Ebene', period: 'Datenstand', population: 'Zielgruppe (Indikator)',
  run: 'Indexlauf (Bedarf)', field: 'Bedarf aus', classIndicator: 'Klasse (höchste = 1, sonst 0)', score: 'Indexwert', rankScore: 'Rangwert 0–100', compute: 'Berechnen',
  compare: 'Vergleich', a: 'Vorschlag A', b: 'Vorschlag B', area: 'Gebiet', diff: 'Differenz B − A (€)', sum: 'Summe', chart: 'Differenz je Gebiet (B − A, €)',
  why: 'Warum bekommt {name} diesen Betrag?', term: 'Teil', cents: 'Betrag (€)', addsUp: 'Die Teile ergeben den Betrag auf den Cent.', sensitivity: 'Empfindlichkeit (€ je +0,01)',
  freeze: 'Als Beschluss einfrieren', freezeTitle: 'Vorschlag als Beschluss einfrieren', decisionRef: 'Beschluss (Nummer der Vorlage)', freezeHint: 'Danach lässt sich der Vorschlag nicht mehr ändern oder löschen.', cancel: 'Abbrechen', confirm: 'Einfrieren',
  frozen: 'Beschlossen: {ref}', draft: 'Entwurf', export: 'Ausgabe', asIndicator: 'Als Indikator schreiben (unveröffentlicht)', written: 'Geschrieben: {keys}', explain: 'Begründung', saved: 'Gespeichert.', whyShort: 'Warum?', lastYearImport: 'Vorjahresbeträge des gewählten Topfs einlesen', file: 'Datei (CSV oder XLSX)', lastYearHint: 'Spalten: code, amount (€), optional organisation_id, service_id. Alle Zeilen oder keine.', upload: 'Einlesen', imported: '{rows} Zeilen, zusammen {total} €', line: 'Zeile', mapAlt: 'Karte der Differenz je Gebiet zwischen {b} und {a}',
};
const en: typeof de = {
  title: 'Budget allocation',
  intro: 'Need-based allocation of a budget to areas: pots, allocation models, scenarios side by side, the reasons per area, the decision and the committee paper.',
  signIn: 'Please sign in (planning or administration) to see budgets.',
  pots: 'Pots', pot: 'Pot', domain: 'Domain', year: 'Fiscal year', source: 'Funding source', name: 'Name', total: 'Amount (€)', lastYear: 'Last year', scenarios: 'Scenarios', decided: 'decided',
  createPot: 'Create pot', models: 'Allocation models', template: 'Template', key: 'Key', alpha: 'Base share α', w: 'Target-population weight w', floor: 'Floor', cap: 'Cap',
  saveModel: 'Save model', noDamping: 'empty = no damping', newScenario: 'New scenario', model: 'Model', layer: 'Layer', period: 'Data period', population: 'Target population (indicator)',
  run: 'Index run (need)', field: 'Need from', classIndicator: 'Class (highest = 1, else 0)', score: 'Index score', rankScore: 'Rank score 0–100', compute: 'Compute',
  compare: 'Comparison', a: 'Scenario A', b: 'Scenario B', area: 'Area', diff: 'Difference B − A (€)', sum: 'Total', chart: 'Difference per area (B − A, €)',
  why: 'Why does {name} get this amount?', term: 'Term', cents: 'Amount (€)', addsUp: 'The terms add up to the amount to the cent.', sensitivity: 'Sensitivity (€ per +0.01)',
  freeze: 'Freeze as the decision', freezeTitle: 'Freeze scenario as the decision', decisionRef: 'Decision (resolution number)', freezeHint: 'Afterwards the scenario can no longer be changed or deleted.', cancel: 'Cancel', confirm: 'Freeze',
  frozen: 'Decided: {ref}', draft: 'Draft', export: 'Export', asIndicator: 'Write as indicator (unpublished)', written: 'Written: {keys}', explain: 'Reasons', saved: 'Saved.', whyShort: 'Why?', lastYearImport: "Read last year's amounts of the selected pot", file: 'File (CSV or XLSX)', lastYearHint: 'Columns: code, amount (€), optional organisation_id, service_id. All rows or none.', upload: 'Read in', imported: '{rows} rows, {total} € in total', line: 'Line', mapAlt: 'Map of the difference per area between {b} and {a}',
};

export type BudgetKey = keyof typeof de;

export function useBudgetText() {
  const { lang } = useI18n();
  const dict = lang === 'de' ? de : en;
  const tb = (key: BudgetKey, params?: Record<string, string | number>) => fillTemplate(dict[key], params);
  return { tb, lang, locale: lang === 'de' ? 'de-DE' : 'en-GB' };
}
