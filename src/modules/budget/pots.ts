// Budget pots (per service domain of the registry, fiscal year, funding source) and last year's
// allocation per area, entered as rows or imported from CSV/XLSX (all or nothing, with an import
// record). A pot with a frozen scenario keeps its total: the decision was taken on it.
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, notFound, type Problem } from '../../core/errors.ts';
import { centsToEuroString } from '../../core/allocation/index.ts';
import * as areas from '../areas/service.ts';
import * as facilities from '../facilities/service.ts';
import * as imports from '../imports/service.ts';
import * as organisations from '../organisations/service.ts';
import type { LastYearInput, PotInput } from './api.ts';
import { readLastYearFile } from './last-year-file.ts';
import * as repo from './repo.ts';

export interface Actor {
  userId: number | null;
  name: string;
}

export async function potToApi(q: Queryable, p: repo.PotRow) {
  const domains = await facilities.listDomains(q);
  const d = domains.find((x) => x.key === p.domain_key);
  const last = await repo.lastYearOf(q, p.id);
  const scenarios = await repo.listScenarios(q, p.id);
  const frozen = scenarios.filter((s) => s.frozen_at !== null).sort((a, b) => b.frozen_at!.getTime() - a.frozen_at!.getTime())[0];
  return {
    id: p.id, domain: p.domain_key, domainName: d?.name ?? null, domainNameEn: d?.nameEn ?? null, fiscalYear: p.fiscal_year, fundingSource: p.funding_source,
    name: p.name, totalCents: p.total_cents, notes: p.notes, createdBy: p.created_by, createdAt: p.created_at.toISOString(), updatedAt: p.updated_at.toISOString(),
    lastYear: { layer: last[0]?.layer_key ?? null, rows: last.length, totalCents: last.reduce((s, r) => s + r.amount_cents, 0) },
    scenarios: scenarios.length, frozenScenarioId: frozen?.id ?? null,
  };
}

export async function requirePot(q: Queryable, id: number): Promise<repo.PotRow> {
  const p = await repo.potById(q, id);
  if (!p) throw notFound('Budgettopf / budget pot', String(id));
  return p;
}

async function checkDomain(q: Queryable, key: string): Promise<void> {
  const domains = await facilities.listDomains(q);
  if (!domains.some((d) => d.key === key)) {
    throw new LernortError('SERVICE_DOMAIN_UNKNOWN', `Unbekannter Angebotsbereich „${key}“ (bekannt: ${domains.map((d) => d.key).join(', ')}).`,
      `Unknown service domain "${key}" (known: ${domains.map((d) => d.key).join(', ')}).`, { location: { field: 'domain' } });
  }
}

const duplicatePot = (p: PotInput) => new LernortError('BUDGET_POT_EXISTS', `Für ${p.domain} ${p.fiscalYear}${p.fundingSource ? ` (${p.fundingSource})` : ''} gibt es schon einen Topf.`,
  `There already is a pot for ${p.domain} ${p.fiscalYear}${p.fundingSource ? ` (${p.fundingSource})` : ''}.`, { status: 409, location: { field: 'fiscalYear' } });

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

const fields = (p: PotInput): repo.PotFields => ({ domainKey: p.domain, fiscalYear: p.fiscalYear, fundingSource: p.fundingSource, name: p.name, totalCents: p.totalCents, notes: p.notes ?? null });

export async function listPots(q: Queryable) {
  const out = [];
  for (const p of await repo.listPots(q)) out.push(await potToApi(q, p));
  return out;
}

export async function getPot(q: Queryable, id: number) {
  return potToApi(q, await requirePot(q, id));
}

export async function createPot(q: Queryable, input: PotInput, actor: Actor) {
  await checkDomain(q, input.domain);
  try {
    return await potToApi(q, await repo.insertPot(q, fields(input), actor.name));
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicatePot(input);
    throw err;
  }
}

const frozenPot = (id: number) => new LernortError('BUDGET_POT_FROZEN', `Topf ${id} hat einen beschlossenen (eingefrorenen) Verteilungsvorschlag; Betrag, Bereich und Jahr bleiben wie beschlossen.`,
  `Pot ${id} has a frozen (decided) scenario; its total, domain and year stay as decided.`, { status: 409 });

export async function updatePot(q: Queryable, id: number, input: PotInput) {
  const old = await requirePot(q, id);
  await checkDomain(q, input.domain);
  const changesDecision = old.total_cents !== input.totalCents || old.domain_key !== input.domain || old.fiscal_year !== input.fiscalYear || old.funding_source !== input.fundingSource;
  if (changesDecision && (await repo.frozenScenarioCount(q, id)) > 0) throw frozenPot(id);
  try {
    return await potToApi(q, (await repo.updatePot(q, id, fields(input)))!);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicatePot(input);
    throw err;
  }
}

export async function deletePot(q: Queryable, id: number): Promise<void> {
  await requirePot(q, id);
  if ((await repo.frozenScenarioCount(q, id)) > 0) throw frozenPot(id);
  await repo.deletePot(q, id);
}

// ---- last year --------------------------------------------------------------------------------

export async function lastYear(q: Queryable, potId: number) {
  await requirePot(q, potId);
  const rows = await repo.lastYearOf(q, potId);
  // Code and name from the areas module (the row keeps the area's id, also of an area since replaced).
  const byId = new Map((await areas.areasByIds(q, [...new Set(rows.map((r) => r.area_id))])).map((a) => [a.id, a]));
  return rows
    .map((r, i) => ({ layer: r.layer_key, code: byId.get(r.area_id)?.code ?? '', name: byId.get(r.area_id)?.name ?? '', organisationId: r.organisation_id, serviceId: r.service_id, amountCents: r.amount_cents, i }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.i - b.i))
    .map(({ i: _i, ...r }) => r);
}

/** Checks rows against the layer and the registry; returns the problems (empty = all fine). */
async function resolveRows(q: Queryable, layer: string, rows: { line?: number; code: string; amountCents: number; organisationId?: number | null; serviceId?: number | null }[], file?: string) {
  await areas.requireLayer(q, layer);
  const byCode = new Map((await areas.listAreas(q, layer)).map((a) => [a.code, a]));
  const orgs = new Set((await organisations.listOrganisations(q)).map((o) => o.id));
  const services = new Set((await facilities.listServices(q)).map((s) => s.id));
  const problems: Problem[] = [];
  const resolved = rows.flatMap((r, i) => {
    const line = r.line ?? i + 1;
    const where = (field: string) => ({ file, line, field });
    const area = byCode.get(r.code);
    if (!area) problems.push({ code: 'BUDGET_AREA_UNKNOWN', de: `Zeile ${line}: Gebiet „${r.code}“ gibt es auf der Ebene ${layer} nicht.`, en: `Line ${line}: there is no area "${r.code}" on layer ${layer}.`, ...where('code') });
    if (r.organisationId && !orgs.has(r.organisationId)) problems.push({ code: 'BUDGET_ORGANISATION_UNKNOWN', de: `Zeile ${line}: Träger ${r.organisationId} ist nicht im Register.`, en: `Line ${line}: organisation ${r.organisationId} is not in the registry.`, ...where('organisation_id') });
    if (r.serviceId && !services.has(r.serviceId)) problems.push({ code: 'BUDGET_SERVICE_UNKNOWN', de: `Zeile ${line}: Angebot ${r.serviceId} ist nicht im Register.`, en: `Line ${line}: service ${r.serviceId} is not in the registry.`, ...where('service_id') });
    return area ? [{ areaId: area.id, organisationId: r.organisationId ?? null, serviceId: r.serviceId ?? null, amountCents: r.amountCents }] : [];
  });
  // an area without provider/grant may appear once; grants of one area are summed
  const plain = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.organisationId || r.serviceId) return;
    const line = r.line ?? i + 1;
    const first = plain.get(r.code);
    if (first !== undefined) problems.push({ code: 'BUDGET_DUPLICATE_AREA', de: `Zeile ${line}: Gebiet ${r.code} steht schon in Zeile ${first} (ohne Träger/Angebot).`, en: `Line ${line}: area ${r.code} already appears in line ${first} (without organisation/service).`, file, line, field: 'code' });
    else plain.set(r.code, line);
  });
  return { resolved, problems };
}

const rejected = (problems: Problem[], file?: string) => new LernortError('BUDGET_LAST_YEAR_REJECTED',
  `${file ?? 'Vorjahreswerte'}: ${problems.length} Fehler, nichts übernommen. Erster: ${problems[0].de}`,
  `${file ?? "Last year's amounts"}: ${problems.length} error(s), nothing stored. First: ${problems[0].en}`,
  { status: 400, location: { file: problems[0].file, line: problems[0].line, field: problems[0].field }, details: { errors: problems.slice(0, 200) } });

/** Replaces the pot's last-year allocation by the given rows (entry in the UI). */
export async function saveLastYear(db: Database, potId: number, input: LastYearInput) {
  await requirePot(db.pool, potId);
  const { resolved, problems } = await resolveRows(db.pool, input.layer, input.rows);
  if (problems.length) throw rejected(problems);
  await withTransaction(db, (c) => repo.replaceLastYear(c, potId, input.layer, resolved, null));
  return { rows: resolved.length, totalCents: resolved.reduce((s, r) => s + r.amountCents, 0) };
}

/** Imports last year's allocation from CSV/XLSX: every row valid, or nothing lands (import record either way). */
export async function importLastYear(db: Database, potId: number, file: { name: string; bytes: Uint8Array; layer: string }, actor: Actor) {
  await requirePot(db.pool, potId);
  const read = await readLastYearFile(file.bytes, file.name);
  const { resolved, problems } = read.errors.length ? { resolved: [], problems: read.errors } : await resolveRows(db.pool, file.layer, read.rows, file.name);
  const hash = imports.sha256(file.bytes);
  const record = async (q: Queryable, status: string, written: number) => {
    const id = await imports.createImportRecord(q, { userId: actor.userId, actor: actor.name, kind: 'budget-last-year', fileName: file.name, fileHash: hash, recipe: null, dryRun: false });
    await imports.finishImportRecord(q, id, { status, rowsRead: read.rowsRead, rowsWritten: written, rowsRejected: problems.length ? read.rowsRead - written : 0, warnings: [], errors: problems.slice(0, 200), report: { potId, layer: file.layer } });
    return id;
  };
  if (problems.length) {
    await record(db.pool, 'rejected', 0);
    throw rejected(problems, file.name);
  }
  const importId = await withTransaction(db, async (c) => {
    const id = await record(c, 'committed', resolved.length);
    await repo.replaceLastYear(c, potId, file.layer, resolved, id);
    return id;
  });
  const total = resolved.reduce((s, r) => s + r.amountCents, 0);
  return { importId, rows: resolved.length, totalCents: total, total: centsToEuroString(total) };
}
