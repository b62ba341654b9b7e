// Outputs of a scenario: the committee table as CSV (German Excel dialect) and XLSX (table, method
// and parameters, inputs), and the amounts as indicators (€ per area, € per person of the target
// population as a rate with numerator and denominator) written through the import path like the
// registry's supply indicators — not published until someone publishes them.
import type { Database } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import { centsToEuroString } from '../../core/allocation/index.ts';
import { writeCsv } from '../../io/csv-write.ts';
import { writeXlsx } from '../../io/xlsx.ts';
import type { ObservationRecord } from '../../io/types.ts';
import * as imports from '../imports/service.ts';
import * as indicators from '../indicators/service.ts';
import { requirePot } from './pots.ts';
import * as repo from './repo.ts';
import type { Scenario } from './scenarios.ts';

type Lang = 'de' | 'en';

const HEADER: Record<Lang, string[]> = {
  de: ['Gebietsschlüssel', 'Gebiet', 'Betrag (€)', 'Vorjahr (€)', 'Veränderung zum Vorjahr (€)', 'Zielgruppe', '€ je Person', 'Zielwert der Formel (€)', 'Vorjahresbetrag (Aufstockung)', 'Sockel', 'Anteil Zielgruppe', 'Anteil Bedarf', 'Dämpfung', 'Optimierung', 'Rundung', 'Abstand zum Zielwert', 'Grenze'],
  en: ['Area code', 'Area', 'Amount (€)', 'Last year (€)', 'Change from last year (€)', 'Target population', '€ per person', 'Formula target (€)', 'Carried forward (top-up)', 'Base', 'Population part', 'Need part', 'Damping', 'Optimisation', 'Rounding', 'Distance from target', 'Bound'],
};

const euro = (cents: number | null) => (cents === null ? null : Number(centsToEuroString(cents)));

export function tableRows(s: Scenario): unknown[][] {
  return s.rows.map((r) => [
    r.code, r.name, euro(r.amountCents), euro(r.lastYearCents), r.lastYearCents === null ? null : euro(r.amountCents - r.lastYearCents), r.population,
    r.perPerson === null ? null : Math.round(r.perPerson * 100) / 100, euro(Math.round(r.targetCents)), euro(r.carriedForward), euro(r.base), euro(r.populationPart),
    euro(r.needPart), euro(r.damping), euro(r.optimisation), euro(r.rounding), r.distanceFromTarget === null ? null : Math.round(r.distanceFromTarget * 1e6) / 1e6, r.bound,
  ]);
}

export function scenarioCsv(s: Scenario, lang: Lang = 'de'): string {
  return writeCsv(HEADER[lang], tableRows(s), lang === 'de' ? 'de' : 'intl');
}

/** Facts of the method for the committee: model, parameters, data version, index run, last year. */
export function methodFacts(s: Scenario, lang: Lang): [string, string][] {
  const m = s.inputs.effectiveModel;
  const f = m.formula;
  const de = lang === 'de';
  const ly = s.inputs.lastYear;
  const formula = f.kind === 'share'
    ? `share_i = α/n + (1 − α)·(w·P_i/ΣP + (1 − w)·P_i f_i/ΣPf); α = ${f.alpha}, w = ${f.w}`
    : 'JEW_i = P_i·(1 + SP_i/100), share_i = JEW_i/ΣJEW';
  const lastYear = ly.source === 'frozen-scenario' ? (de ? `beschlossener Vorschlag ${ly.scenarioId} (Topf ${ly.potId}, ${ly.decisionRef ?? ''})` : `frozen scenario ${ly.scenarioId} (pot ${ly.potId}, ${ly.decisionRef ?? ''})`)
    : ly.source === 'entered' ? (de ? `eingegebene Vorjahreswerte von Topf ${ly.potId}` : `entered amounts of pot ${ly.potId}`) : (de ? 'keine' : 'none');
  const need = s.inputs.need;
  const needText = !need ? '—' : need.source === 'index-run' ? `${de ? 'Indexlauf' : 'index run'} ${need.runId} (${need.field}${need.field === 'class-indicator' ? `, ${need.focus ? 'focus' : `class ≥ ${need.minClass ?? 'max'}`}` : ''}) → ${need.kind}` : `${de ? 'Indikator' : 'indicator'} ${need.key} (${need.period ?? s.period}) → ${need.kind}`;
  return [
    [de ? 'Verteilungsvorschlag' : 'Scenario', `${s.id} · ${s.name}`],
    [de ? 'Modell' : 'Model', `${s.model.name} (${s.model.key} v${s.model.version})`],
    [de ? 'Formel' : 'Formula', formula],
    [de ? 'Modus' : 'Mode', m.mode],
    [de ? 'Dämpfung' : 'Damping', m.damping ? `floor ${m.damping.floor}, cap ${m.damping.cap}` : '—'],
    [de ? 'Optimierung' : 'Optimisation', m.optimisation.kind],
    [de ? 'Budget (€)' : 'Budget (€)', centsToEuroString(s.budgetCents)],
    [de ? 'Ebene, Datenstand' : 'Layer, data period', `${s.layer}, ${s.period}`],
    [de ? 'Zielgruppe (Indikator)' : 'Target population (indicator)', `${s.inputs.population.indicator} (${s.inputs.population.period})`],
    [de ? 'Bedarf' : 'Need', needText],
    [de ? 'Indexlauf' : 'Index run', s.inputs.indexRunId === null ? '—' : String(s.inputs.indexRunId)],
    [de ? 'Vorjahr' : 'Last year', lastYear],
    [de ? 'Datenversion' : 'Data version', s.inputs.dataVersion],
    [de ? 'Prüfsumme der Eingaben' : 'Input hash', s.inputHash],
    [de ? 'Beschluss' : 'Decision', s.frozenAt ? `${s.decisionRef ?? ''} (${s.frozenAt})` : (de ? 'Entwurf, nicht beschlossen' : 'draft, not decided')],
  ];
}

export async function scenarioXlsx(s: Scenario, lang: Lang = 'de'): Promise<Buffer> {
  const money = '#,##0.00';
  const numFmt: Record<number, string> = { 2: money, 3: money, 4: money, 6: money, 7: money, 8: money, 9: money, 10: money, 11: money, 12: money, 13: money, 14: money };
  return writeXlsx([
    { name: lang === 'de' ? 'Verteilung' : 'Allocation', header: HEADER[lang], rows: tableRows(s), numFmt },
    { name: lang === 'de' ? 'Methode' : 'Method', header: lang === 'de' ? ['Feld', 'Inhalt'] : ['Field', 'Content'], rows: methodFacts(s, lang) },
  ], { title: s.name });
}

// ---- amounts as indicators ----------------------------------------------------------------------

const keyPart = (s: string) => s.toLowerCase().replace(/[äöüß]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' })[c] ?? c).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

/**
 * Writes the scenario's amounts for the pot's fiscal year as two indicators (€ per area, and € per
 * person of the target population as a rate amount/population), unpublished.
 */
export async function writeIndicators(db: Database, s: Scenario, actor: imports.Actor) {
  const pot = await requirePot(db.pool, s.potId);
  const subject = [keyPart(pot.domain_key), keyPart(pot.funding_source)].filter(Boolean).join('_');
  const amountKey = `budget_${subject}_eur`;
  const perKey = `budget_${subject}_eur_je_person`;
  const popKey = s.inputs.population.indicator;
  const period = String(pot.fiscal_year);
  const source = `Lernort, Verteilungsvorschlag ${s.id} (${s.model.key} v${s.model.version})${s.decisionRef ? `, Beschluss ${s.decisionRef}` : ''}`;
  await indicators.saveIndicator(db.pool, {
    key: amountKey, name: `Mittel: ${pot.name}`, nameEn: `Funding: ${pot.name}`, unit: '€', unitEn: '€', topic: 'versorgung', polarity: 'neutral', kind: 'count', scale: 1, decimals: 2, suppressionK: 0, source,
    description: `Betrag je Gebiet aus dem Verteilungsvorschlag ${s.id}.`, descriptionEn: `Amount per area from scenario ${s.id}.`,
  });
  await indicators.saveIndicator(db.pool, {
    key: perKey, name: `Mittel je Person der Zielgruppe: ${pot.name}`, nameEn: `Funding per person of the target population: ${pot.name}`, unit: '€ je Person', unitEn: '€ per person',
    topic: 'versorgung', polarity: 'neutral', kind: 'rate', numerator: amountKey, denominator: popKey, scale: 1, decimals: 2, suppressionK: 0, source,
    description: `Betrag je Gebiet geteilt durch ${popKey} (${s.inputs.population.period}).`, descriptionEn: `Amount per area divided by ${popKey} (${s.inputs.population.period}).`,
  });
  const records: ObservationRecord[] = [];
  let line = 0;
  for (const r of s.rows) {
    const eur = Number(centsToEuroString(r.amountCents));
    records.push({ area: { code: r.code, name: r.name }, layer: s.layer, indicator: amountKey, period, value: eur, numerator: null, denominator: null, flags: {}, line: ++line });
    const per = r.population && r.population > 0 ? eur / r.population : null;
    records.push({ area: { code: r.code, name: r.name }, layer: s.layer, indicator: perKey, period, value: per, numerator: eur, denominator: r.population, flags: per === null ? { missing: true } : {}, line: ++line });
  }
  const report = await imports.importObservations(db, {
    file: `budget:scenario:${s.id}:${period}`, bytes: JSON.stringify({ scenario: s.id, inputHash: s.inputHash }), format: 'budget-scenario',
    read: { records, errors: [], warnings: [], rowsRead: records.length }, actor, dryRun: false, resolve: { layer: s.layer },
  });
  if (report.status !== 'committed') throw LernortError.fromProblem(report.errors[0] ?? { code: 'BUDGET_INDICATOR_REJECTED', de: 'Beträge als Indikator abgelehnt.', en: 'Amounts as indicator rejected.' });
  return { indicators: [amountKey, perKey], period, layer: s.layer, importId: report.id, published: false };
}

